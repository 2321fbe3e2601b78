import { parseArgs } from 'node:util';
import { readCaptured } from '../captured';
import { drift, driftToJson, renderDrift } from '../drift';
import { loadTopology } from '../model/load';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';
import { writeAtomically } from './write-file';

export const DRIFT_USAGE = `usage: netspec drift --captured DIR [--topology FILE] [--json] [--out FILE]

Compares what the nodes really hold (a capture, see netspec import --captured) with what
Neutron's agents should have built for the cloud (what netspec realizes from --topology FILE,
else from the Neutron dump in DIR/openstack/), and lists every item that differs, by node and
kind: missing in capture, only in capture, or differs (field: realized → captured).
Compared by meaning: namespaces; devices (kind, MAC, addresses, up/down); OVS bridges and ports
(type, tag); flow tables; iptables rules per namespace, table and chain, and policies; ipsets;
routes; permanent neighbours; listeners; dnsmasq hosts, options and ranges. Local VLANs are read
as the network they carry and tunnel ports as their remote, never by number (the agent picks
them in its own order); ofports, cookies, counters and durations are ignored; the same flows or
rules in another order are equal (a chain's rule order is compared). What netspec cannot know
(the fabric, the nodes' own NICs and services) or the capture did not hold is listed once as
not compared.
  --json      print the report as JSON (docs/drift-json.md)
  --out FILE  also write the JSON report to FILE
Exit status: 0 when nothing differs, 1 when something does, 2 on a usage, topology or capture error.`;

export function driftCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: { captured: { type: 'string' }, topology: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) { out(DRIFT_USAGE); return 0; }
  rejectEmptyPaths(values, { captured: 'directory', topology: 'file', out: 'file' });
  if (values.captured === undefined) throw new UsageError('drift needs --captured DIR (see netspec drift --help)');
  const captured = readCaptured(values.captured, { cloud: values.topology !== undefined ? loadTopology(values.topology) : undefined });
  if (!captured.cloud) throw new UsageError(`${values.captured}: no cloud to compare with: give --topology FILE or put the Neutron dump in ${values.captured}/openstack/`);
  const report = drift(captured.cloud, captured);
  const json = `${JSON.stringify(driftToJson(report), null, 2)}`;
  if (values.out !== undefined) writeAtomically(values.out, `${json}\n`);
  out(values.json ? json : renderDrift(report));
  return report.items.length ? 1 : 0;
}
