import { defineFlowInvariant } from './define';
import type { Cloud } from '../model/types';
import type { Dataplane } from '../dataplane/types';
import type { Trace } from '../trace/types';
import { ovsBridgeOf, tableNameOf } from '../dataplane/tables';
import { dataplaneOf } from '../trace/network-of-hop';
import type { Verdict } from './types';
import { allPaths } from './branch-paths';
import { isHaRouterPort } from '../model/queries';

/**
 * Proposed: with l2population, br-tun sends every unicast frame (of any flow) to its tunnel by
 * an l2pop flow in table 20: never by a flow learned from traffic (table 10's learn()), never
 * flooded through table 22. A missing l2pop flow is otherwise hidden by MAC learning once the
 * destination has spoken, and its first frames are flooded.
 */
export const l2popDecidesUnicast = defineFlowInvariant(
  'l2popDecidesUnicast',
  'with l2population, br-tun forwards unicast frames by l2pop flows (table 20), never learned flows or the flood table',
  (sim) => {
    // l2pop has no entry for an HA router's ports (l3_hamode_db.is_ha_router_port): frames to them
    // are flooded to every agent until the primary answers, then sent by the flow learned from it.
    const routers = new Map(sim.cloud.routers.map((r) => [r.id, r]));
    const learnedByDesign = new Set(sim.cloud.ports.filter((p) => isHaRouterPort(routers, p)).map((p) => p.mac_address));
    return { appliesByRelation: true, applies: () => sim.cloud.options.l2_population, verdict: (t) => check(t, dataplaneOf(t) ?? sim.dataplane, learnedByDesign, localMacs(sim.cloud)), splices: () => true };
  },
);

/**
 * `host|mac` of the ports bound to each host. l2pop writes flows for remote ports only: a frame
 * for a port on its own host that br-int floods (its MAC not learned yet: an OVS-firewall port's
 * replies skip NORMAL, and the L3 agent's gratuitous ARPs are not modelled) reaches br-tun with no
 * l2pop flow to take, on a real node too. That is br-int's MAC learning, not a missing l2pop flow.
 */
const localMacCache = new WeakMap<Cloud, Set<string>>();
function localMacs(cloud: Cloud): Set<string> {
  let s = localMacCache.get(cloud);
  if (!s) {
    s = new Set(cloud.ports.map((p) => `${p['binding:host_id']}|${p.mac_address.toLowerCase()}`));
    localMacCache.set(cloud, s);
  }
  return s;
}

function check(t: Trace, dp: Dataplane, learnedByDesign: ReadonlySet<string>, local: Set<string>): Verdict {
  for (const path of allPaths(t)) {
    for (let i = 0; i < path.length; i++) {
      const h = path[i];
      if (h.device !== 'br-tun') continue;
      const steps = h.steps.flatMap((s) => (s.t === 'flow' ? [s] : []));
      // Tables by what br-tun's builder named them for, not by Neutron's numbers.
      const br = ovsBridgeOf(dp, h.host, h.device);
      const named = (s: (typeof steps)[number], name: string) => tableNameOf(br, s.flow.table) === name;
      if (!steps.some((s) => named(s, 'PATCH_LV_TO_TUN') && s.flow.match.dlDstKind === 'unicast')) continue;
      if (steps.some((s) => s.learned && learnedByDesign.has(s.flow.match.dlDst ?? ''))) continue;
      if (steps.some((s) => named(s, 'FLOOD_TO_TUN'))) {
        const from = path[i - 1];
        const flooded = from?.host === h.host && from.device === 'br-int' ? from.steps.find((s) => s.t === 'mac' && s.op === 'flood') : undefined;
        if (flooded?.t === 'mac' && local.has(`${h.host}|${flooded.mac.toLowerCase()}`)) continue;
        return { reason: `br-tun@${h.host} flooded a unicast frame (no l2pop flow in table 20 for its destination)`, hop: h };
      }
      if (steps.some((s) => s.learned)) return { reason: `br-tun@${h.host} forwarded a unicast frame by a learned flow, not an l2pop one`, hop: h };
    }
  }
  return null;
}
