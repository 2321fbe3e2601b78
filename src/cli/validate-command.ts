import { parseArgs } from 'node:util';
import { cloudSummary } from '../check/render';
import { loadTopology } from '../model/load';
import { rejectEmptyPositionals } from './path-options';
import { UsageError } from './usage-error';

export const VALIDATE_USAGE = `usage: netspec validate FILE...

Checks topology files (YAML or JSON) against the schema and Neutron's rules, and prints every
issue with the file, the field and the rule. Nothing is realized or traced.
Exit status: 0 when every file is valid, 2 when one is not (or cannot be read).`;

export function validateCommand(argv: string[], out: (s: string) => void): number {
  const { values, positionals } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  if (values.help) { out(VALIDATE_USAGE); return 0; }
  rejectEmptyPositionals(positionals, 'FILE');
  if (!positionals.length) throw new UsageError('a topology file is required: netspec validate FILE');
  // A TopologyError propagates: main prints "invalid topology" and every issue, and exits 2.
  for (const file of positionals) out(`${file}: valid, ${cloudSummary(loadTopology(file))}`);
  return 0;
}
