import { FlowError } from '../flows';
import { TopologyError } from '../model/errors';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../util/did-you-mean';
import { PACKAGE_ROOT } from '../report/paths';
import { COMMANDS, type Command } from './commands';
import { printableText } from '../util/printable';
import { lineWriter } from './stdio';
import { UsageError } from './usage-error';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `netspec: prove how packets move through an OpenStack Neutron cloud\n\ncommands:\n${lines.join('\n')}\n\nRun 'netspec <command> --help' for a command's options; 'netspec --version' prints the version.`;
}

export function version(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The options a command's usage lists, for "did you mean" on an unknown one. */
function optionsOf(command: Command): string[] {
  let usage = '';
  try { void command(['--help'], (s) => { usage += s; }, () => undefined); } catch { /* no usage: no suggestion */ }
  return [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])];
}

/** Runs the CLI; returns the exit code. User mistakes print one clear message, never a stack. */
export async function main(argv: string[], out = lineWriter(process.stdout), err = lineWriter(process.stderr)): Promise<number> {
  // Whatever a command prints, names in it are data: no control, bidi or ESC character reaches
  // the terminal raw (JSON stays the same JSON: the escapes are JSON's own).
  const print = out;
  const printErr = err;
  out = (s) => print(printableText(s));
  err = (s) => printErr(printableText(s));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { out(usage()); return name ? 0 : 2; }
  if (name === '--version' || name === '-V' || name === 'version') { out(`netspec ${version()}`); return 0; }
  // An own property only: `constructor`, `toString` or `__proto__` is no command.
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) { err(`netspec: unknown command ${JSON.stringify(name)}${didYouMean(name, Object.keys(COMMANDS))} (commands: ${Object.keys(COMMANDS).join(', ')})`); return 2; }
  const command = entry.load();
  try {
    return await command(rest, out, err);
  } catch (e) {
    if (e instanceof TopologyError) { err(`netspec ${name}: invalid topology\n${e.message}`); return 2; }
    if ((e as Error)?.name === 'IntentError') { err(`netspec ${name}: invalid intents\n${(e as Error).message}`); return 2; }
    if (e instanceof UsageError || e instanceof FlowError || ['ReportError', 'OutputDirError', 'CaptureError'].includes((e as Error)?.name)) { err(`netspec ${name}: ${(e as Error).message}`); return 2; }
    // parseArgs throws a TypeError from Node's own realm, so check the code, not instanceof.
    if ((e as { code?: unknown })?.code && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      const unknown = (e as { code: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(--[^'=]+)/.exec((e as Error).message)?.[1] : undefined;
      const hint = unknown ? didYouMean(unknown, optionsOf(command)) : '';
      err(`netspec ${name}: ${(e as Error).message}${hint}`);
      return 2;
    }
    throw e;
  }
}
