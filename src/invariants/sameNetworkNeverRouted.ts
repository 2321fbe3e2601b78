import { decisivePath } from '../assert/paths';
import { dispositionText } from '../trace/steps';
import { defineInvariant } from './define';
import { instancesOf, label, pairs } from './flows';

/** Seed claim: instances on one network talk directly, never through a qrouter (docs, EW1). */
export const sameNetworkNeverRouted = defineInvariant(
  'sameNetworkNeverRouted',
  'traffic between instances on the same network (and subnet) is delivered without entering a qrouter namespace',
  function* (sim) {
    for (const [a, b] of pairs(instancesOf(sim))) {
      // Two subnets of one network are routed between (the seeds' one exception), so pairs share a subnet.
      if (a.subnet !== b.subnet) continue;
      yield {
        label: label(a, b), from: a.instance.name, to: b.instance.name,
        trace: () => sim.trace(a.instance.name, b.instance.name),
        verdict: (t) => {
          const routed = decisivePath(t).find((h) => h.role === 'qrouter');
          if (routed) return { reason: `routed through ${routed.device}${routed.owner ? ` (${routed.owner})` : ''}`, hop: routed };
          if (t.disposition.kind !== 'delivered') return { reason: `not delivered: ${dispositionText(t.disposition)}` };
          return null;
        },
      };
    }
  },
);
