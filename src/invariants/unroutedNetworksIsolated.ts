import { routerJoining } from '../model/queries';
import { defineInvariant } from './define';
import { instancesOf, label, pairs } from './flows';

/** Seed claim: changing networks requires a router; without one joining them, nothing gets through. */
export const unroutedNetworksIsolated = defineInvariant(
  'unroutedNetworksIsolated',
  'instances on networks that no router joins cannot reach each other',
  function* (sim) {
    for (const [a, b] of pairs(instancesOf(sim))) {
      if (a.network === b.network || routerJoining(sim.cloud, a.subnet, b.subnet)) continue;
      yield {
        label: label(a, b), from: a.instance.name, to: b.instance.name,
        trace: () => sim.trace(a.instance.name, b.instance.name),
        verdict: (t) => (t.disposition.kind === 'delivered'
          ? { reason: 'delivered although no router joins the two networks', hop: t.root.hops[t.root.hops.length - 1] }
          : null),
      };
    }
  },
);
