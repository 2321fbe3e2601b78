import { readCaptured, type CapturedPlane } from '../captured';
import { renderNotUnderstood } from '../captured/issues';
import { loadTopology } from '../model/load';
import { writeAtomically } from './write-file';

/**
 * `netspec import --captured DIR`: reads a capture, says what it found, lists every line the
 * parsers left out and what was assumed around the captured state; `--out` writes the data plane
 * as JSON (the form `trace --captured` and `check --captured` walk).
 */
export function importCaptured(dir: string, outFile: string | undefined, topology: string | undefined, out: (s: string) => void): number {
  const captured = readCaptured(dir, { cloud: topology ? loadTopology(topology) : undefined });
  out(summary(captured));
  if (outFile) {
    writeAtomically(outFile, `${JSON.stringify(captured.dataplane, null, 2)}\n`);
    out(`wrote ${outFile}`);
  }
  return 0;
}

export function summary(c: CapturedPlane): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const lines: string[] = [];
  for (const h of c.dataplane.hosts) {
    if (!c.nodes.includes(h.name)) continue;
    const ovs = h.devices.filter((d) => d.kind === 'ovs');
    const flows = ovs.reduce((n, b) => n + (b.kind === 'ovs' ? b.flows.length : 0), 0);
    const ns = h.devices.filter((d) => d.kind === 'namespace' && !d.guest && d.name !== 'root').length;
    const guests = h.devices.filter((d) => d.kind === 'namespace' && d.guest).length;
    lines.push(`  ${h.name}: ${count(ovs.length, 'bridge')} (${count(flows, 'flow')}), ${count(ns, 'namespace')}, ${count(guests, 'instance')}`);
  }
  const n = c.notUnderstood.length;
  return [
    `captured ${count(c.nodes.length, 'node')}${c.cloud ? ` of cloud ${c.cloud.name}` : ''}:`, ...lines,
    n ? `${count(n, 'line')} not understood (left out of the data plane):\n${renderNotUnderstood(c.notUnderstood)}` : 'every line understood',
    ...(c.assumptions.length ? [`${count(c.assumptions.length, 'assumption')}:`, ...c.assumptions.map((a) => `  - ${a}`)] : []),
  ].join('\n');
}
