import fc from 'fast-check';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { cloudsWithAFault } from './class-soundness';
import { mergeReports } from './merge';
import { runCheck, type CheckReport } from './run';

/** What a check says, invariant by invariant: enough to tell two checks apart. */
const verdicts = (r: CheckReport) => r.results.map((x) => ({
  invariant: x.invariant, flows: x.flows, holds: x.holds, applicable: x.applicable, violating: x.violations.map((v) => v.flow).sort(),
}));

/**
 * `--shard i/n` and `--workers` split one check into shares; put back together, the shares must
 * say exactly what the whole check says, on healthy and on broken clouds, or a CI matrix could
 * show green where one job alone would not.
 */
describe('shards of a check', () => {
  test('the merged shards of a check equal the whole check, on random clouds with and without a fault', () => {
    fc.assert(fc.property(cloudsWithAFault(), fc.integer({ min: 2, max: 4 }), ([cloud, fault], count) => {
      const dp = realize(cloud);
      const sim = simulate(cloud, fault ? inject(dp, fault) : dp);
      const whole = runCheck(sim, builtinInvariants, { allViolations: true });
      const shares = Array.from({ length: count }, (_, index) => runCheck(sim, builtinInvariants, { allViolations: true, shard: { index, count } }));
      const merged = mergeReports(shares, Infinity);
      expect(verdicts(merged)).toEqual(verdicts(whole));
      expect(merged.holds).toBe(whole.holds);
    }), { numRuns: 40, seed: 20261204 });
  }, 120_000);

  test('every shard judges a part: none is the whole check, and no flow is judged twice', () => {
    const sim = simulate(cloudsWithAFaultExample());
    const whole = runCheck(sim, builtinInvariants);
    const shares = [0, 1, 2].map((index) => runCheck(sim, builtinInvariants, { shard: { index, count: 3 } }));
    const flows = (r: CheckReport) => r.results.reduce((n, x) => n + x.flows, 0);
    for (const s of shares) {
      expect(flows(s)).toBeGreaterThan(0);
      expect(flows(s)).toBeLessThan(flows(whole));
      expect(s.shard?.count).toBe(3);
    }
    expect(shares.map(flows).reduce((a, b) => a + b, 0)).toBe(flows(whole));
  });

  test('state cases are dealt out over the shares in one run, not each invariant’s from the first share', () => {
    const sim = simulate(cloudsWithAFaultExample());
    const stateOnly = builtinInvariants.filter((i) => i.states && !i.judge);
    const shares = [0, 1].map((index) => runCheck(sim, stateOnly, { shard: { index, count: 2 } }));
    // Invariants of one case each (a router's gateway, say) must not all land in the first share.
    const single = runCheck(sim, stateOnly).results.flatMap((x, k) => (x.flows === 1 ? [k] : []));
    expect(single.length).toBeGreaterThanOrEqual(2);
    expect(single.filter((k) => shares[1].results[k].flows === 1).length).toBeGreaterThan(0);
    expect(single.filter((k) => shares[0].results[k].flows === 1).length).toBeGreaterThan(0);
  });

  test('merging refuses shards of different checks', () => {
    const sim = simulate(cloudsWithAFaultExample());
    const a = runCheck(sim, builtinInvariants.slice(0, 2));
    const b = runCheck(sim, builtinInvariants.slice(1, 3));
    expect(() => mergeReports([a, b])).toThrow(/shards disagree on invariant 1/);
    expect(() => mergeReports([])).toThrow(/no report/);
  });
});

/** A cloud of one of the random shapes, drawn once with a fixed seed. */
function cloudsWithAFaultExample() {
  return fc.sample(cloudsWithAFault(true), { numRuns: 1, seed: 7 })[0][0];
}
