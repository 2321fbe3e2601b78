import type fc from 'fast-check';
import type { CloudSpec } from '../model/spec';
import { normalizeCloud } from '../model/normalize';
import { cloudPlanArbitrary, resolveCloudConstraints, type CloudConstraints } from './_internals/cloudPlan';
import { describeCloud, withToString } from './_internals/describe';
import { planToSpec } from './_internals/plan';

/**
 * Valid topology specs (`CloudSpec`): a controller, a network node with the external network
 * `provider1`, `computeHosts` compute nodes, self-service networks with their subnets, routers
 * joining some subnets (and some with a gateway), and one-port instances. Every value, and every
 * value shrinking visits, normalizes without a `TopologyError`; shrinking removes instances,
 * routers, subnets, networks and hosts and turns options back to their first allowed value.
 *
 *   fc.assert(fc.property(arb.cloudSpec({ routers: { min: 1 } }), (spec) => { ... }));
 *
 * Values print as one line (`net1(10.1.0.0/24)—r1—net2(10.2.0.0/24); vm1@compute1:net1 …`).
 * See `CloudConstraints` for every knob and its default.
 */
export function cloudSpec(constraints: CloudConstraints = {}): fc.Arbitrary<CloudSpec> {
  const resolved = resolveCloudConstraints('arb.cloudSpec', constraints);
  return cloudPlanArbitrary(resolved).map((plan) => withToString(planToSpec(plan), (s) => describeCloud(normalizeCloud(s, 'arb.cloudSpec'))));
}
