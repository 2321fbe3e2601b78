import { FlowError } from '../flows';
import { TopologyError } from '../model/errors';
import { COMMANDS } from './commands';
import { printableText } from '../util/printable';
import { lineWriter } from './stdio';
import { UsageError } from './usage-error';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `netspec: prove how packets move through an OpenStack Neutron cloud\n\ncommands:\n${lines.join('\n')}\n\nRun 'netspec <command> --help' for a command's options.`;
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
  // An own property only: `constructor`, `toString` or `__proto__` is no command.
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) { err(`netspec: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})`); return 2; }
  try {
    return await entry.load()(rest, out, err);
  } catch (e) {
    if (e instanceof TopologyError) { err(`netspec ${name}: invalid topology\n${e.message}`); return 2; }
    if (e instanceof UsageError || e instanceof FlowError || ['ReportError', 'OutputDirError'].includes((e as Error)?.name)) { err(`netspec ${name}: ${(e as Error).message}`); return 2; }
    // parseArgs throws a TypeError from Node's own realm, so check the code, not instanceof.
    if ((e as { code?: unknown })?.code && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) { err(`netspec ${name}: ${(e as Error).message}`); return 2; }
    throw e;
  }
}
