import { mainPath } from '../trace/leaves';
import { routerJoining } from '../model/queries';
import { dispositionText } from '../trace/steps';
import { defineInvariant } from './define';
import { instancesOf, label, pairs } from './flows';

/** Seed claim: between networks on one router, traffic is routed once, by that router's qrouter. */
export const routedTrafficCrossesOneQrouter = defineInvariant(
  'routedTrafficCrossesOneQrouter',
  'traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router',
  function* (sim) {
    for (const [a, b] of pairs(instancesOf(sim))) {
      if (a.subnet === b.subnet) continue;
      const router = routerJoining(sim.cloud, a.subnet, b.subnet);
      if (!router) continue;
      yield {
        label: label(a, b), from: a.instance.name, to: b.instance.name,
        trace: () => sim.trace(a.instance.name, b.instance.name),
        verdict: (t) => {
          const qrouters = mainPath(t.root).filter((h) => h.role === 'qrouter');
          if (t.disposition.kind !== 'delivered') return { reason: `not delivered: ${dispositionText(t.disposition)}`, hop: qrouters[0] };
          if (qrouters.length !== 1) return { reason: `crossed ${qrouters.length} qrouter namespaces`, hop: qrouters[1] };
          if (qrouters[0].device !== `qrouter-${router.id}`) return { reason: `routed by ${qrouters[0].device}, not ${router.name}'s qrouter`, hop: qrouters[0] };
          return null;
        },
      };
    }
  },
);
