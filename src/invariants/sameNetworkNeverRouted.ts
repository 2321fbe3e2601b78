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
      // Neutron's DHCP hands each guest an on-link route to its network's other subnets, so a
      // pair on two subnets of one network talks over L2 too, once both took their DHCP answer.
      appliesByRelation: true, applies: (a, b) => typeof b !== 'string' && a.network === b.network
        && (a.subnet === b.subnet || (expect.configuredByDhcp(a) && expect.configuredByDhcp(b))),
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
