import { printable } from '../util/printable';

/**
 * Mistakes in a topology are the user's, not ours: they are collected as issues and reported all
 * at once, each on its own line, so the user can fix every one in a single pass without a stack
 * trace pointing into netspec's internals.
 */

export interface TopologyIssue {
  /** The topology file path, `builder` for the builder, or `spec` for a plain object. */
  file: string;
  /** Where in the document, e.g. `subnets[2].gateway_ip` or `line 12`. */
  path: string;
  /** Stable rule id (`unknown-reference`, `ip-in-use`, ...), for tests and tooling. */
  rule: string;
  message: string;
}

/** One line per issue: names and keys in it are the user's data, shown escaped (see util/printable). */
export function formatIssue(issue: TopologyIssue): string {
  return printable(`${issue.file}: ${issue.path}: ${issue.message} [${issue.rule}]`);
}

/** Issues spelled out in a message; `issues` keeps them all (600,000 once made a 60 MB message). */
export const MESSAGE_ISSUES = 50;

export function formatIssues(issues: readonly TopologyIssue[], max = MESSAGE_ISSUES): string {
  const lines = issues.slice(0, max).map(formatIssue);
  if (issues.length > max) lines.push(`… and ${issues.length - max} more (${issues.length} issues in all)`);
  return lines.join('\n');
}

export class TopologyError extends Error {
  /** Every issue, however many: the message shows the first MESSAGE_ISSUES. */
  readonly issues: TopologyIssue[];

  constructor(issues: TopologyIssue[]) {
    super(formatIssues(issues));
    this.name = 'TopologyError';
    this.issues = issues;
    // The message is the whole story; frames into netspec would only bury it (Jest and Node print
    // `stack` for uncaught errors).
    this.stack = `${this.name}: ${this.message}`;
  }
}
