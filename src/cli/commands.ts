/**
 * The CLI's commands. Each is loaded only when run, so `netspec trace` never pays for what
 * `netspec lint` needs (ts-morph alone takes ~0.3 s to load).
 */
export type Command = (argv: string[], out: (s: string) => void, err: (s: string) => void) => number | Promise<number>;

export interface CommandEntry {
  summary: string;
  load: () => Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: 'prove every invariant over a whole cloud', load: () => require('./check-command').checkCommand },
  trace: { summary: 'walk one packet through the cloud and print its path', load: () => require('./trace-command').traceCommand },
};
