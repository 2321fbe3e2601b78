/**
 * The parsers against every kind of state netspec builds: a generated cloud's data plane, written
 * in the capture layout and read back, is understood line by line, traces every flow as the plane
 * itself does, and gives every invariant the same verdict (HA routers' keepalived included).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arb } from '../arbitraries';
import { builtinInvariants } from '../invariants';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { renderTrace } from '../trace/views';
import { readCaptured, writeCapture } from '.';

const work = mkdtempSync(path.join(tmpdir(), 'netspec-round-trip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('parse(render(plane)) traces and checks as the plane does, over generated clouds', () => {
  let run = 0;
  let sawHa = false;
  fc.assert(fc.property(arb.cloud({ computeHosts: { max: 3 }, instances: { max: 4 } }), (cloud) => {
    const dir = path.join(work, String(run++));
    writeCapture(dir, realize(cloud), cloud);
    const captured = readCaptured(dir, { cloud });
    expect(captured.notUnderstood).toEqual([]);
    const real = simulate(cloud), read = simulate(cloud, captured.dataplane);
    const names = cloud.instances.map((i) => i.name);
    for (const from of names) for (const to of [...names.filter((n) => n !== from), 'internet', 'dhcp', 'metadata']) {
      expect(`${from} → ${to}\n${renderTrace(read.trace(from, to), 'minimal')}`).toBe(`${from} → ${to}\n${renderTrace(real.trace(from, to), 'minimal')}`);
    }
    const verdict = (r: { holds: boolean; applicable: boolean; flows: number }) => `${r.applicable ? (r.holds ? 'holds' : 'violated') : 'not applicable'} over ${r.flows} flows`;
    for (const inv of builtinInvariants) {
      const r = inv.check(read);
      expect(`${inv.name}: ${verdict(r)}${r.violations[0] ? `: ${r.violations[0].reason}` : ""}`).toBe(`${inv.name}: ${verdict(inv.check(real))}`);
    }
    if (cloud.routers.some((r) => r.ha)) sawHa = true;
    rmSync(dir, { recursive: true, force: true });
  }), { numRuns: 12, seed: 15 });
  // The runs cover HA routers, whose keepalived state is read from the ha- device's addresses.
  expect(sawHa).toBe(true);
});
