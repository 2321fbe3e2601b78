/**
 * Distributed routers on 200 random clouds made for them (one distributed router, 2–3 networks,
 * 3–6 instances, iptables_hybrid): every built-in invariant holds, and dvrEastWestStaysOffNetworkNode
 * judges east-west pairs on most of them (the broad run in invariants.spec.ts meets DVR pairs on
 * only a few percent of its clouds).
 */
import fc from 'fast-check';
import { builtinInvariants, dvrEastWestStaysOffNetworkNode, simulate, type Cloud } from 'netspec';
import { arb } from '../../src/arbitraries';
import { assertProperty, replay, sharedSimulation } from './support';

const RUNS = 200;
const SEED = replay().seed ?? fc.readConfigureGlobal().seed ?? Math.floor(Math.random() * 2 ** 31);
const clouds = arb.cloud({
  dvrRouter: [true], haRouter: [false], firewall: ['iptables_hybrid'], routers: { min: 1, max: 1 },
  networks: { min: 2, max: 3 }, instances: { min: 3, max: 6 }, subnetGateway: [true],
});

describe(`distributed routers on ${RUNS} random clouds`, () => {
  // @id bd9146a8-a409-5c0b-9945-4145331b9bd4
  it('every built-in invariant holds, and DVR east-west is judged on at least a third of the clouds', () => {
    let judged = 0;
    assertProperty(fc.property(clouds, (cloud: Cloud) => {
      const sim = sharedSimulation(simulate(cloud));
      expect(cloud.routers.every((r) => r.distributed)).toBe(true);
      for (const inv of builtinInvariants) {
        const result = inv.check(sim);
        if (inv === dvrEastWestStaysOffNetworkNode && result.flows > 0) judged++;
        if (!result.holds && result.applicable) expect(sim).toSatisfy(inv);
      }
    }), { numRuns: RUNS, seed: SEED });
    if (!replay().path) expect(judged).toBeGreaterThanOrEqual(RUNS / 3);
  });
});
