/**
 * `npm run bench`: trace throughput on the reference cloud, then build time, memory and trace
 * throughput on a generated 100-host / 500-network / 5,000-instance cloud, check at scale, a
 * what-if diff after a one-port change on the 1,000-instance cloud, one network over up to
 * 2,500 hosts (each size in its own process), and the side-by-side race with ovn-trace
 * (bench/peer-ovn.ts). Single-threaded,
 * wall-clock (`process.hrtime.bigint()`). Set BENCH_MS to change the time per measurement.
 */
import { checkAtScale } from './check-at-scale';
import { classSoundness } from './class-soundness';
import { diffBench } from './diff';
import { oneNetworkAtScale } from './one-network';
import { peerBench } from './peer-ovn';
import type { Cloud } from '../src/model/types';
import type { Dataplane } from '../src/dataplane/types';
import { normalizeCloud } from '../src/model/normalize';
import { referenceCloud, referenceCloudSpec } from '../src/model/reference';
import { realize } from '../src/realize';
import { runtimeOf } from '../src/engine';
import { traceFlow } from '../src/flows';
import { FLOW_KINDS, FlowPicker, type FlowCase, type FlowKind } from './flows';
import { generateCloudSpec, prng } from './generate-cloud';
import { bestOf, mb, memory, peakRss, rate, timed, type Rate } from './measure';
import { int, ms, table, us } from './table';

const MIN_MS = Number(process.env.BENCH_MS ?? 1000);
const TARGET_EAST_WEST = 50_000;
const TARGET_REALIZE_MS = 1000;
const isEastWest = (k: FlowKind) => k === 'l2-local' || k === 'l2-tunnel' || k === 'l3';
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const trace = (dp: Dataplane, c: FlowCase, replies = true) => traceFlow(dp, c.from, c.to, { replies });

/** Disposition counts of one pass over the cases, e.g. `answered×200`. */
function outcomes(dp: Dataplane, cases: FlowCase[]): string {
  const n = new Map<string, number>();
  for (const c of cases) { const k = trace(dp, c).disposition.kind; n.set(k, (n.get(k) ?? 0) + 1); }
  return [...n].map(([k, v]) => (cases.length === 1 ? k : `${k}×${v}`)).join(' ');
}

/** Warm throughput; `replies: false` walks the request alone, to show what walking the answer back costs. */
function warmRate(dp: Dataplane, cases: FlowCase[], replies = true) {
  return rate((i) => trace(dp, cases[i % cases.length], replies), MIN_MS, Math.max(1000, cases.length * 3));
}

/** `best / mean` traces per second. */
const perSec = (r: Rate) => `${int(r.best)} / ${int(r.mean)}`;

function targetFor(kind: FlowKind, perSecond: number): string {
  return isEastWest(kind) ? `≥ ${int(TARGET_EAST_WEST)}/s ${verdict(perSecond >= TARGET_EAST_WEST)}` : '';
}

function referenceBench(): void {
  console.log('== (a) reference cloud (install-guide layout: 2 compute hosts, 2 self-service networks, 1 router)\n');
  const cloud = referenceCloud();
  // The reference cloud has no two instances of one network on one host: add vm5 next to vm1.
  const plusVm5: Cloud = normalizeCloud({
    ...referenceCloudSpec,
    instances: [...referenceCloudSpec.instances!, { name: 'vm5', host: 'compute1', ports: [{ network: 'selfservice1' }] }],
  }, 'reference+vm5');
  const cases: Record<FlowKind, { cloud: Cloud; c: FlowCase }> = {
    'l2-local': { cloud: plusVm5, c: { from: 'vm1', to: 'vm5' } },
    'l2-tunnel': { cloud, c: { from: 'vm1', to: 'vm2' } },
    l3: { cloud, c: { from: 'vm1', to: 'vm4' } },
    internet: { cloud, c: { from: 'vm1', to: 'internet' } },
    dhcp: { cloud, c: { from: 'vm1', to: 'dhcp' } },
    metadata: { cloud, c: { from: 'vm1', to: 'metadata' } },
  };
  const fresh = realize(cloud);
  const compile = timed(() => runtimeOf(fresh));
  const rows = FLOW_KINDS.map(({ id, label }) => {
    const { cloud: cl, c } = cases[id];
    const dp = realize(cl);
    const cold = timed(() => trace(dp, c)); // compiles the data plane, learns MACs and ARP entries
    const warm = warmRate(dp, [c]);
    const oneWay = warmRate(dp, [c], false);
    return [`${label}${cl === plusVm5 ? ' *' : ''}`, `${c.from} → ${c.to}`, outcomes(dp, [c]), ms(cold.ms),
      perSec(warm), perSec(oneWay), us(1e6 / warm.best), targetFor(id, warm.best)];
  });
  console.log(table(['flow', 'case', 'outcome', 'cold 1st trace', 'warm traces/s best / mean', 'without replies', 'per trace (best)', 'target'], rows));
  console.log(`\n* on the reference cloud plus vm5 (compute1, selfservice1).`);
  console.log(`cold = first trace on a fresh data plane, including compiling it (compile alone: ${ms(compile.ms)}).`);
  console.log(`warm = repeated trace of the same case after the first, ≥ ${MIN_MS} ms and ≥ 1,000 traces each, in 5 windows:`);
  console.log('best = fastest window (least disturbed by other processes), mean = all windows.');
  console.log('Every trace walks the answer back (echo reply, SYN-ACK/RST, DHCP offer, HTTP response); "without replies" walks the request alone.\n');
}

function largeBench(): void {
  const size = { computeHosts: 100, networks: 500, instances: 5000, seed: 1 };
  console.log(`== (b) generated cloud: ${size.computeHosts} compute hosts, ${size.networks} networks, ${size.instances} instances (seed ${size.seed})\n`);
  const m0 = memory();
  const gen = timed(() => generateCloudSpec(size));
  const m1 = memory();
  const norm = timed(() => normalizeCloud(gen.value, 'generated'));
  const m2 = memory();
  const real = timed(() => realize(norm.value));
  const m3 = memory();
  const dp = real.value;
  const comp = timed(() => runtimeOf(dp));
  const m4 = memory();
  const again = bestOf(3, () => realize(norm.value)); // same work with the JIT warm

  const devices = dp.hosts.reduce((n, h) => n + h.devices.length, 0);
  const flows = dp.hosts.reduce((n, h) => n + h.devices.reduce((k, d) => k + (d.kind === 'ovs' ? d.flows.length : 0), 0), 0);
  const d = (a: { heapUsed: number }, b: { heapUsed: number }) => `${b.heapUsed >= a.heapUsed ? '+' : '-'}${mb(Math.abs(b.heapUsed - a.heapUsed))}`;
  console.log(table(['phase', 'time', 'heapUsed Δ', 'rss after', 'target'], [
    ['generate spec', ms(gen.ms), d(m0, m1), mb(m1.rss), ''],
    [`normalize (${norm.value.ports.length} ports)`, ms(norm.ms), d(m1, m2), mb(m2.rss), ''],
    [`realize (${devices} devices, ${dp.links.length} links, ${flows} flows)`, ms(real.ms), d(m2, m3), mb(m3.rss),
      `< ${ms(TARGET_REALIZE_MS)} ${verdict(real.ms < TARGET_REALIZE_MS)}`],
    ['compile runtime (first-trace setup)', ms(comp.ms), d(m3, m4), mb(m4.rss), ''],
    ['realize again, best of 3 (JIT warm)', ms(again), '', '', `< ${ms(TARGET_REALIZE_MS)} ${verdict(again < TARGET_REALIZE_MS)}`],
    ['normalize + realize + compile', ms(norm.ms + real.ms + comp.ms), d(m1, m4), '', ''],
  ]));
  console.log('(no --expose-gc: heapUsed deltas include garbage not yet collected)\n');

  const picker = new FlowPicker(norm.value, prng(42));
  const COUNT = 200;
  const rows = FLOW_KINDS.map(({ id, label }) => {
    const cases = picker.pick(id, COUNT);
    if (!cases.length) return [label, '0', 'no such pairs', '', '', '', '', ''];
    const first = timed(() => outcomes(dp, cases)); // first trace of each pair: ARP and MAC learning
    const warm = warmRate(dp, cases);
    const oneWay = warmRate(dp, cases, false);
    return [label, String(cases.length), first.value, ms(first.ms / cases.length),
      perSec(warm), perSec(oneWay), us(1e6 / warm.best), targetFor(id, warm.best)];
  });
  console.log(table(['flow', 'pairs', 'outcomes', 'first trace/pair', 'warm traces/s best / mean', 'without replies', 'per trace (best)', 'target'], rows));
  const m5 = memory();
  console.log(`\nwarm = round-robin over the random pairs (seeded), ≥ ${MIN_MS} ms and ≥ 3 passes each, best / mean of 5 windows.`);
  console.log(`heapUsed after tracing ${mb(m5.heapUsed)} (${d(m4, m5)}), rss ${mb(m5.rss)}, peak rss ${mb(peakRss())}.\n`);
}

console.log(`netspec bench — node ${process.version}, ${process.arch}, single thread\n`);
referenceBench();
largeBench();
checkAtScale();
diffBench();
classSoundness();
oneNetworkAtScale();
peerBench();
