import { decisivePath } from '../assert/paths';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { expectations } from './expectations';
import type { InstanceInfo } from './flows';

/** Seed claim: instances on one network talk directly, never through a qrouter (docs, EW1). */
export const sameNetworkNeverRouted = defineFlowInvariant(
  'sameNetworkNeverRouted',
  'traffic between instances on the same network (and subnet) is delivered without entering a qrouter namespace',
  (sim) => {
    const expect = expectations(sim);
    return {
      // Two subnets of one network are routed between (the seeds' one exception), so pairs share a subnet.
      applies: (a, b) => typeof b !== 'string' && a.subnet === b.subnet,
      verdict: (t, a, b) => {
        const routed = decisivePath(t).find((h) => h.role === 'qrouter');
        if (routed) return { reason: `routed through ${routed.device}${routed.owner ? ` (${routed.owner})` : ''}`, hop: routed };
        // Delivery is owed only when the security groups let the traffic through.
        if (t.disposition.kind !== 'delivered' && expect.securityGroupsAllow(a, b as InstanceInfo)) {
          return { reason: `not delivered: ${dispositionText(t.disposition)}` };
        }
        return null;
      },
    };
  },
);
