import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { cloudsWithAFault } from '../src/check/class-soundness';
import { runCheck } from '../src/check/run';
import { diffVerdicts, perFlowChanges } from '../src/whatif/per-flow';
import { builtinInvariants } from '../src/invariants';
import { normalizeCloud } from '../src/model/normalize';
import { simulate } from '../src/simulation';
import { diff } from '../src/whatif/diff';
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
  const rows: string[][] = [];
  for (const size of [SMALL, LARGE]) {
    const base = timed(() => simulate(normalizeCloud(generateCloudSpec({ ...size, seed: 1 }), 'generated')));
    const changed = timed(() => { const f = fork(base.value).setAdminState('port', 'vm1', false); f.simulate(); return f; });
    const local = timed(() => diff(changed.value));
    const check = timed(() => runCheck(base.value, builtinInvariants));
    const label = `${int(size.instances)} instances, ${size.computeHosts} hosts, ${size.networks} networks`;
    const row = (mode: string, d: typeof local) => [label, mode, mode.includes('2nd') ? '' : ms(changed.ms), ms(d.ms), int(d.value.flows), int(d.value.walks.base), int(d.value.walks.changed), int(d.value.walks.reused),
      int(d.value.broken.reduce((n, c) => n + c.flows.length, 0)), int(d.value.rerouted.reduce((n, c) => n + c.flows.length, 0)), ms(check.ms), `${(d.ms / check.ms).toFixed(2)}×`];
    rows.push(row('touched', local));
    // A second question about the same base: its walks are remembered, only the change is walked.
    const again = fork(base.value).setAdminState('port', 'vm2', false);
    again.simulate();
    rows.push(row('touched, 2nd question', timed(() => diff(again))));
    if (size === SMALL) rows.push(row('all', timed(() => diff(changed.value, undefined, { rewalk: 'all' }))));
  }
  console.log(table(['cloud', 'rewalk', 'fork + realize', 'diff', 'flows', 'walked (base)', 'walked (changed)', 'reused', 'broken', 'rerouted', 'check', 'diff / check'], rows));
  console.log('\nrewalk touched (the default) walks the changed cloud only where the base walk passed changed state; all walks every class in both.');
  console.log('2nd question: another one-port change (vm2) on the same base, whose walks the first diff remembered (walked (base) = walks needed anew).\n');
  diffSoundness();
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
