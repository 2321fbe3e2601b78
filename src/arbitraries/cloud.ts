import type fc from 'fast-check';
import type { Cloud } from '../model/types';
import { normalizeCloud } from '../model/normalize';
import { cloudPlanArbitrary, resolveCloudConstraints, type CloudConstraints } from './_internals/cloudPlan';
import { describeCloud, withToString } from './_internals/describe';
import { planToSpec } from './_internals/plan';

/**
 * Valid, normalized clouds, ready for `simulate`: what `arb.cloudSpec(constraints)` generates, put
 * through `normalizeCloud`. Counterexamples print as one line:
 *
 *   net1(10.1.0.0/24)—r1+gw—net2(10.2.0.0/26); vm1@compute1:net1 vm2@compute2:net2; 2 compute [vni 1, ovsfw]
 *
 *   fc.assert(fc.property(arb.cloud({ computeHosts: { max: 2 } }), (cloud) => {
 *     expect(simulate(cloud)).toSatisfy(sameNetworkNeverRouted);
 *   }));
 *
 * Constraints (all optional; see `CloudConstraints`): `computeHosts` 1..4, `networks` 1..4,
 * `subnetsPerNetwork` 1..2, `routers` 0..2, `instances` 1..6, `prefixLength` 24..28,
 * `tunnelType` 'vxlan', `firewall` both, `l2Population`, `arpResponder`, `forceMetadata`,
 * `isolatedMetadata`, `subnetGateway`, `routerGateway`, `floatingIp`, `haRouter` either (an HA
 * router adds network2 as its second L3 agent and prints as `r1+ha`), `dvrRouter` either (a
 * distributed router puts every L3 agent in a DVR mode and prints as `r1+dvr`), `dhcp` and
 * `portSecurity` true, `trunk` false (asked for, under the openvswitch driver: a subport on the
 * next network, printed `vm1@compute1:net1+100:net2`).
 */
export function cloud(constraints: CloudConstraints = {}): fc.Arbitrary<Cloud> {
  const resolved = resolveCloudConstraints('arb.cloud', constraints);
  return cloudPlanArbitrary(resolved).map((plan) => withToString(normalizeCloud(planToSpec(plan), 'arb.cloud'), describeCloud));
}
