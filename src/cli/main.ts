import { FlowError } from '../flows';
import { TopologyError } from '../model/errors';
import { traceCommand, TRACE_USAGE } from './trace-command';
import { UsageError } from './usage-error';

const USAGE = `netspec: prove how packets move through an OpenStack Neutron cloud

commands:
  trace    walk one packet through the cloud and print its path

Run 'netspec <command> --help' for a command's options.

${TRACE_USAGE}`;

type Command = (argv: string[], out: (s: string) => void) => number | Promise<number>;
const COMMANDS: Record<string, Command> = { trace: traceCommand };

/** Runs the CLI; returns the exit code. User mistakes print one clear message, never a stack. */
export async function main(argv: string[], out = (s: string) => process.stdout.write(`${s}\n`),
  err = (s: string) => process.stderr.write(`${s}\n`)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { out(USAGE); return name ? 0 : 2; }
  const command = COMMANDS[name];
  if (!command) { err(`netspec: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})`); return 2; }
  try {
    return await command(rest, out);
  } catch (e) {
    if (e instanceof TopologyError) { err(`netspec ${name}: invalid topology\n${e.message}`); return 2; }
    if (e instanceof UsageError || e instanceof FlowError) { err(`netspec ${name}: ${e.message}`); return 2; }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) { err(`netspec ${name}: ${e.message}`); return 2; }
    throw e;
  }
}
