import { parseArgs } from 'node:util';
import { MissingPathError, specFiles } from '../tooling/files';
import { requireWithTsMorph } from './require-ts-morph';
import { rejectEmptyPositionals } from './path-options';
import { UsageError } from './usage-error';

export const LINT_USAGE = `usage: netspec lint [--rules] [PATH...]

Finds specs that look like they prove something and do not: traces and invariant checks whose
result is never asserted, expect(x) without a matcher, property callbacks that assert nothing,
tests with no assertion, focused or skipped tests, and duplicate test names. PATH is a spec file
or a directory (every *.spec.* and *.test.* below it); the default is specs/.
Prints one line per finding: file:line:col rule-id message. Silence one with
// netspec-lint-disable-next-line RULE-ID on the line above.
  --rules  list the rules
Exit status: 0 when clean, 1 on findings, 2 on a usage error.`;

function loadLint(): typeof import('../tooling/lint') {
  return requireWithTsMorph('lint', () => require('../tooling/lint'));
}

export function lintCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { rules: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { out(LINT_USAGE); return 0; }
  rejectEmptyPositionals(positionals);
  const lint = loadLint();
  if (values.rules) {
    const width = Math.max(...Object.keys(lint.LINT_RULES).map((r) => r.length));
    for (const [rule, what] of Object.entries(lint.LINT_RULES)) out(`${rule.padEnd(width)}  ${what}`);
    return 0;
  }
  let files: string[];
  try {
    files = specFiles(positionals.length ? positionals : ['specs']);
  } catch (e) {
    if (e instanceof MissingPathError) throw new UsageError(e.message);
    throw e;
  }
  const findings = lint.lintFiles(files);
  for (const f of findings) out(lint.formatFinding(f));
  const inFiles = new Set(findings.map((f) => f.file)).size;
  err(findings.length
    ? `netspec lint: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${inFiles} of ${files.length} file${files.length === 1 ? '' : 's'}`
    : `netspec lint: ${files.length} file${files.length === 1 ? '' : 's'}, no findings`);
  return findings.length ? 1 : 0;
}
