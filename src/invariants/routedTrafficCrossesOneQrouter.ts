import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { routerBetween } from './routers';

/** Seed claim: between networks on one router, traffic is routed once, by that router's qrouter. */
export const routedTrafficCrossesOneQrouter = defineFlowInvariant(
  'routedTrafficCrossesOneQrouter',
  'traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router',
  (sim) => {
    const between = routerBetween(sim);
    return {
      applies: (a, b) => typeof b !== 'string' && a.subnet !== b.subnet && !!between(a.subnet, b.subnet),
      verdict: (t, a, b) => {
        const router = between(a.subnet, (b as { subnet: string }).subnet)!;
        const qrouters = mainPath(t.root).filter((h) => h.role === 'qrouter');
        if (t.disposition.kind !== 'delivered') return { reason: `not delivered: ${dispositionText(t.disposition)}`, hop: qrouters[0] };
        if (qrouters.length !== 1) return { reason: `crossed ${qrouters.length} qrouter namespaces`, hop: qrouters[1] };
        if (qrouters[0].device !== `qrouter-${router.id}`) return { reason: `routed by ${qrouters[0].device}, not ${router.name}'s qrouter`, hop: qrouters[0] };
        return null;
      },
    };
  },
);
