import { expect } from '@jest/globals';
import { main } from '../cli/main';

/** What one CLI run printed: stdout joined, stderr joined and as the lines it was written in. */
export interface CliRun { code: number; out: string; err: string; errLines: string[] }

/** Runs the CLI in-process with captured output, as the CLI tests need it. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const errLines: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => errLines.push(s));
  return { code, out: out.join('\n'), err: errLines.join('\n'), errLines };
}

/** A user mistake: exit 2, nothing on stdout, one line on stderr, no stack trace. */
export function expectUsageError(r: CliRun, ...mentions: string[]): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.errLines).toHaveLength(1);
  expect(r.errLines[0]).not.toMatch(/\n\s+at /);
  for (const m of mentions) expect(r.errLines[0]).toContain(m);
}
