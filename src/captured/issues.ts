/**
 * What the capture parser read but could not turn into data-plane state, one entry per line (or
 * file) it left out, with the reason. Nothing a parser skips goes unrecorded: `netspec import
 * --captured` prints this list, and a trace on the captured plane is only as good as it is short.
 */
export interface NotUnderstood {
  /** The capture file, relative to the capture directory (`node1/ovs/flows/br-int.txt`). */
  file: string;
  /** 1-based line; 0 for the file as a whole. */
  line: number;
  /** The line as captured (trimmed), or empty for a whole file. */
  text: string;
  reason: string;
}

/** Collects the entries of one parse, each file's entries in line order. */
export class Issues {
  readonly list: NotUnderstood[] = [];

  add(file: string, line: number, text: string, reason: string): void {
    this.list.push({ file, line, text: text.trim(), reason });
  }

  /** An adder bound to one file. */
  in(file: string): (line: number, text: string, reason: string) => void {
    return (line, text, reason) => this.add(file, line, text, reason);
  }
}

/** A parse failure inside one line: the reason becomes the line's entry. */
export class LineError extends Error {
  override readonly name = 'LineError';
}

/** `file:line: reason` lines, for the CLI. */
export function renderNotUnderstood(list: readonly NotUnderstood[]): string {
  return list.map((i) => `  ${i.file}${i.line ? `:${i.line}` : ''}: ${i.reason}${i.text ? `\n      ${i.text}` : ''}`).join('\n');
}
