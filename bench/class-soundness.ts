import fc from 'fast-check';
import { cloudsWithAFault, verdictsOf } from '../src/check/class-soundness';
import { isDeepStrictEqual } from 'node:util';
import { ms } from './table';

const RUNS = Number(process.env.NETSPEC_BENCH_SOUNDNESS_RUNS ?? 1000);

/**
 * Class soundness with a fresh seed each time: on random clouds with one random fault (half of
 * them touching a single port or address), the check with classes must find exactly what
 * tracing every flow finds. The test suite runs a fixed-seed share of this.
 */
export function classSoundness(): void {
  console.log(`== class soundness: class verdict = per-flow verdict, ${RUNS} random clouds with a random fault\n`);
  const start = performance.now();
  const out = fc.check(fc.property(fc.oneof(cloudsWithAFault(), cloudsWithAFault(true)), ([cloud, fault]) => isDeepStrictEqual(verdictsOf(cloud, fault, 'legs').verdicts, verdictsOf(cloud, fault, 'flows').verdicts)), { numRuns: RUNS });
  const took = performance.now() - start;
  if (out.failed) {
    console.log(`FAIL after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath}): ${fc.stringify(out.counterexample)}\n`);
    process.exitCode = 1;
  } else {
    console.log(`PASS: ${out.numRuns} runs (seed ${out.seed}) in ${ms(took)}\n`);
  }
}
