import { requestOutcome } from '../trace/leaves';
import { defineFlowInvariant } from './define';
import { shareANetwork } from './flows';
import { routerBetween } from './routers';

/** Seed claim: changing networks requires a router; without one joining them, nothing gets through. */
export const unroutedNetworksIsolated = defineFlowInvariant(
  'unroutedNetworksIsolated',
  'instances on networks that no router joins cannot reach each other',
  (sim) => {
    const between = routerBetween(sim);
    return {
      // A guest with devices on several networks (a trunk's subports) may route through any of them.
      appliesByRelation: true, applies: (a, b) => typeof b !== 'string' && !shareANetwork(a, b) && ![...a.subnets].some((x) => [...b.subnets].some((y) => between(x, y))),
      // A leak is the request arriving, whether or not its answer finds the way back.
      verdict: (t) => (requestOutcome(t).kind === 'delivered'
        ? { reason: 'delivered although no router joins the two networks', hop: t.root.hops[t.root.hops.length - 1] }
        : null),
    };
  },
);
