import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { cloudsWithAFault } from '../src/check/class-soundness';
import { runCheck } from '../src/check/run';
import { diffVerdicts, perFlowChanges } from '../src/whatif/per-flow';
import { builtinInvariants } from '../src/invariants';
import { normalizeCloud } from '../src/model/normalize';
import { simulate, type Simulation } from '../src/simulation';
import { diff, type Diff } from '../src/whatif/diff';
import { fork } from '../src/whatif/fork';
import { generateCloudSpec } from './generate-cloud';
import { timed } from './measure';
import { int, ms, table } from './table';

/** A cloud small enough to also diff by walking every class in both clouds, for comparison. */
const SMALL = { instances: 200, computeHosts: 10, networks: 20 };
const LARGE = { instances: 1000, computeHosts: 50, networks: 100 };

/**
 * What-if cost: `diff` after a one-port change (vm1's port taken down, so it sits on the dead
 * VLAN) on generated clouds, against `netspec check` on the same cloud (the issue's bound: a
 * diff costs no more than two checks). `walked` counts walks in each cloud; `reused` the changed
 * cloud's walks that were the base's own, because the base walk passed no changed state.
 */
export function diffBench(): void {
  console.log('== (d) what-if: diff after a one-port change (vm1\'s port admin-down)\n');
  // Warm the JIT on a small cloud first, so the first row does not pay for it.
  for (let i = 0; i < 3; i++) diff(fork(generatedCloud({ instances: 40, computeHosts: 4, networks: 4 })).setAdminState('port', 'vm1', false));
  const rows: string[][] = [];
  for (const size of [SMALL, LARGE]) {
    // Each measurement on a simulation of its own: nothing one learned (ARP, remembered walks) helps another.
    const check = timed(() => runCheck(generatedCloud(size), builtinInvariants));
    const label = `${int(size.instances)} instances, ${size.computeHosts} hosts, ${size.networks} networks`;
    const row = (mode: string, forkMs: number | undefined, d: { value: Diff; ms: number }) => [label, mode, forkMs === undefined ? '' : ms(forkMs), ms(d.ms),
      int(d.value.flows), int(d.value.walks.base), int(d.value.walks.changed), int(d.value.walks.reused),
      int(d.value.broken.reduce((n, c) => n + c.flows.length, 0)), int(d.value.rerouted.reduce((n, c) => n + c.flows.length, 0)), ms(check.ms), `${(d.ms / check.ms).toFixed(2)}×`];
    const base = generatedCloud(size);
    const changed = timed(() => { const f = fork(base).setAdminState('port', 'vm1', false); f.simulate(); return f; });
    rows.push(row('touched', changed.ms, timed(() => diff(changed.value))));
    // A second question about the same base: its walks are remembered, only the change is walked.
    const again = fork(base).setAdminState('port', 'vm2', false);
    again.simulate();
    rows.push(row('touched, 2nd question', undefined, timed(() => diff(again))));
    if (size === SMALL) {
      const fresh = timed(() => { const f = fork(generatedCloud(size)).setAdminState('port', 'vm1', false); f.simulate(); return f; });
      rows.push(row('all', fresh.ms, timed(() => diff(fresh.value, undefined, { rewalk: 'all' }))));
    }
  }
  console.log(table(['cloud', 'rewalk', 'fork + realize', 'diff', 'flows', 'walked (base)', 'walked (changed)', 'reused', 'broken', 'rerouted', 'check', 'diff / check'], rows));
  console.log('\ntouched (the default) walks the changed cloud only where the base walk passed changed state; all walks every class in both.');
  console.log('2nd question: another one-port change (vm2) on the same base, whose walks the first diff remembered (walked (base) = walks needed anew).');
  console.log('check, each first question and all run on simulations of their own (no ARP learning or remembered walk shared).\n');
  diffSoundness();
}

function generatedCloud(size: { instances: number; computeHosts: number; networks: number }): Simulation {
  return simulate(normalizeCloud(generateCloudSpec({ ...size, seed: 1 }), 'generated'));
}

const RUNS = Number(process.env.NETSPEC_BENCH_WHATIF_RUNS ?? 200);

/**
 * With a fresh seed each time: on random clouds with one random fault injected into a fork, the
 * diff (classes across both clouds, untouched walks reused) must say what walking every flow on
 * its own in both clouds says. The test suite runs a fixed-seed share of this.
 */
function diffSoundness(): void {
  console.log(`== what-if soundness: diff = every flow compared on its own, ${RUNS} random clouds with a random fault\n`);
  const start = performance.now();
  const out = fc.check(fc.property(fc.oneof(cloudsWithAFault(), cloudsWithAFault(true)), ([cloud, fault]) => {
    const f = fault ? fork(cloud).inject(fault) : fork(cloud).rebootGuests();
    return isDeepStrictEqual(diffVerdicts(diff(f)), perFlowChanges(f.base, f.simulate()));
  }), { numRuns: RUNS });
  if (out.failed) {
    console.log(`FAIL after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath}): ${fc.stringify(out.counterexample)}\n`);
    process.exitCode = 1;
  } else {
    console.log(`PASS: ${out.numRuns} runs (seed ${out.seed}) in ${ms(performance.now() - start)}\n`);
  }
}

if (require.main === module) diffBench();
