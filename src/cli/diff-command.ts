import { parseArgs } from 'node:util';
import { loadTopology } from '../model/load';
import { diff } from '../whatif/diff';
import { changedFlowCount, diffToJson, renderDiff } from '../whatif/render';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';

export const DIFF_USAGE = `usage: netspec diff --base FILE --topology FILE [--json]

Which flows change when the cloud changes: realizes both clouds, walks every flow the check
enumerates (each instance to every other, to the internet, DHCP and metadata) in each, and prints
every class of flows whose outcome or path changed, grouped as newly broken, newly working and
rerouted, each with its walk before and after. The change is made to the running base cloud:
guests that exist in both keep their DHCP leases.
  --base      the cloud as it is
  --topology  the cloud as it would be
  --json      print the result as JSON (both walks in the trace JSON shape; the same bytes on every run)
Exit status: 0 when no flow changed, 1 when some did, 2 on a usage or topology error.`;

export function diffCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: 'string' }, topology: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) { out(DIFF_USAGE); return 0; }
  rejectEmptyPaths(values, { base: 'file', topology: 'file' });
  if (values.base === undefined || values.topology === undefined) throw new UsageError('diff compares two clouds: give --base FILE and --topology FILE (see netspec diff --help)');
  const d = diff(loadTopology(values.base), loadTopology(values.topology));
  out(values.json ? JSON.stringify(diffToJson(d), null, 2) : renderDiff(d, { base: values.base, changed: values.topology }));
  return changedFlowCount(d) ? 1 : 0;
}
