import { defineFlowInvariant } from './define';
import { instancesOf } from './flows';
import { allPaths } from './branch-paths';

/**
 * Proposed: an instance's broadcast (its DHCP DISCOVER) reaches br-int on every other host that
 * has a port of its network (instances, the DHCP port, router interfaces): the flood lists and
 * tunnels towards them are complete.
 */
export const broadcastReachesEveryHostOfItsNetwork = defineFlowInvariant(
  'broadcastReachesEveryHostOfItsNetwork',
  "an instance's broadcast reaches br-int on every other host with a port of its network",
  (sim) => {
    const ovs = new Set(sim.cloud.hosts.filter((h) => h.agents.includes('ovs')).map((h) => h.name));
    // Ports by network once: asked per instance, a scan of every port was quadratic.
    const hostsOf = new Map<string, string[]>();
    for (const p of sim.cloud.ports) {
      if (!ovs.has(p['binding:host_id'])) continue;
      const list = hostsOf.get(p.network_id);
      if (!list) hostsOf.set(p.network_id, [p['binding:host_id']]); else list.push(p['binding:host_id']);
    }
    const others = new Map(instancesOf(sim).map((i) => [i.instance.name, [...new Set((hostsOf.get(i.network) ?? []).filter((h) => h !== i.host))]]));
    return {
      appliesByRelation: true, applies: (from, to) => to === 'dhcp' && (others.get(from.instance.name)?.length ?? 0) > 0,
      verdict: (t, from) => {
        const reached = new Set(allPaths(t).flatMap((p) => p.filter((h) => h.device === 'br-int').map((h) => h.host)));
        const missing = others.get(from.instance.name)!.filter((h) => !reached.has(h));
        return missing.length ? { reason: `the broadcast never reached br-int on ${missing.join(', ')}` } : null;
      },
    };
  },
);
