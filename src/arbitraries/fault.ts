import fc from 'fast-check';
import type { Dataplane } from '../dataplane/types';
import { describeFault, FAULT_KINDS, faultSites, type Fault, type FaultKind } from '../dataplane/faults';
import { isSimulation, type Simulation } from '../simulation';
import { allowed, fail, type OneOrMore } from './_internals/constraints';
import { withToString } from './_internals/describe';

export interface FaultConstraints {
  /** Fault kinds to pick from (those with no place in this data plane are skipped). Default: the whole catalogue. */
  kinds?: OneOrMore<FaultKind>;
}

/**
 * One fault of the catalogue (`FAULT_KINDS`) at a real place of this data plane, ready for
 * `inject(dp, fault)`: a kind, then a place of that kind (independent choices, so it shrinks
 * towards the first place of the first kind). Prints as `port-vlan qvo5742ee20-b2@compute1 → vlan 2`.
 *
 *   fc.property(arb.fault(sim.dataplane, { kinds: ['dhcp-host-missing'] }), (f) => {
 *     expect(sim.withDataplane(inject(sim.dataplane, f))).not.toSatisfy(dhcpAnsweredByOwnQdhcp);
 *   })
 */
export function fault(of: Dataplane | Simulation, constraints: FaultConstraints = {}): fc.Arbitrary<Fault> {
  const api = 'arb.fault';
  const dp = isSimulation(of) ? of.dataplane : of;
  if (typeof dp !== 'object' || dp === null || !Array.isArray(dp.hosts)) fail(api, 'expects a Dataplane or a Simulation');
  const kinds = allowed(api, 'kinds', constraints.kinds, FAULT_KINDS, FAULT_KINDS);
  const byKind = kinds.map((k) => faultSites(dp, [k])).filter((s) => s.length > 0);
  if (!byKind.length) fail(api, `no place in this data plane for ${kinds.join(', ')}`);
  const most = Math.max(...byKind.map((s) => s.length));
  return fc.tuple(fc.nat({ max: byKind.length - 1 }), fc.nat({ max: most - 1 }))
    .map(([k, i]) => withToString(structuredClone(byKind[k][i % byKind[k].length]), describeFault));
}
