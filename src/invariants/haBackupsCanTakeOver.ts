import type { Namespace } from '../dataplane/types';
import { failoverDataplane } from '../dataplane/faults';
import { routersBySubnet } from '../model/queries';
import { finalHop } from '../assert/paths';
import { leaves, mainPath, requestOutcome } from '../trace/leaves';
import { traceVrrpAdvertisement } from '../flows/vrrp';
import { FlowError } from '../flows';
import type { Trace } from '../trace/types';
import { dispositionText } from '../trace/steps';
import { defineStateInvariant } from './define';
import { instancesOf } from './flows';
import { destinationBehind } from './routers';

/**
 * deploy-ovs-ha-vrrp.rst: a backup is promoted when the primary's heartbeats stop, and traffic
 * carries on. A backup's broken wiring (a wrong tag on its qr-, a missing flow on its host) harms
 * nothing until then, so each backup is failed over to on a copy of the data plane (keepalived
 * moving the VIPs, `failoverDataplane`): a flow from each subnet behind the router must end as it
 * did through the primary, now routed by the backup's namespace. And each backup must hear the
 * primary's VRRP advertisements, or it takes the VIPs too. Not applicable without HA routers.
 */
export const haBackupsCanTakeOver = defineStateInvariant(
  'haBackupsCanTakeOver',
  "each backup of an HA router hears the primary's VRRP advertisements and, made primary, routes the router's traffic from each of its subnets as the primary did, through its own qrouter",
  function* (sim) {
    const routersOf = routersBySubnet(sim.cloud);
    const instances = instancesOf(sim);
    const dhcp = new Set(sim.cloud.subnets.filter((s) => s.enable_dhcp).map((s) => s.id));
    for (const router of sim.cloud.routers) {
      if (!router.ha || !router.admin_state_up) continue;
      const ns = `qrouter-${router.id}`;
      const states = new Map(sim.dataplane.hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace' && d.name === ns)
        .map((n) => [h.name, vrrpState(n)] as const)));
      // With no primary (or two) there is nothing to take over from: haRouterHasExactlyOneActive says so.
      if ([...states.values()].filter((s) => s === 'MASTER').length !== 1) continue;
      // One instance (configured over DHCP) per subnet behind the router: a backup's wiring is per network.
      const behind = sim.cloud.subnets.filter((s) => dhcp.has(s.id) && routersOf(s.id).includes(router))
        .flatMap((s) => instances.find((i) => i.subnet === s.id) ?? []);
      const master = [...states].find(([, s]) => s === 'MASTER')![0];
      for (const [host, state] of states) {
        if (state !== 'BACKUP') continue;
        yield {
          label: `${router.name} fails over to ${host}`,
          verdict: () => {
            // A backup that does not hear the primary's advertisements becomes MASTER too: split brain.
            // A primary whose keepalived lost its ha- device sends no advertisement at all: every backup takes over.
            let vrrp: Trace;
            try {
              vrrp = traceVrrpAdvertisement(sim.dataplane, router.id, master);
            } catch (e) {
              if (!(e instanceof FlowError)) throw e;
              return { reason: `${master}, the primary of ${router.name}, sends no VRRP advertisement (${e.message}): keepalived on ${host} would take the VIPs too` };
            }
            if (!leaves(vrrp.root).some((l) => l.end.kind === 'delivered' && l.end.at.host === host && l.end.at.device === ns)) {
              return { reason: `keepalived on ${host} does not hear ${router.name}'s advertisements from ${master}: it would take the VIPs too`, trace: vrrp, hop: finalHop(vrrp) };
            }
            const moved = sim.withDataplane(failoverDataplane(sim.dataplane, router.id, host));
            for (const from of behind) {
              const to = destinationBehind(sim, router, from);
              if (!to) continue;
              const before = requestOutcome(sim.trace(from.instance.name, to));
              const t = moved.trace(from.instance.name, to);
              const after = requestOutcome(t);
              const crossed = mainPath(t.root).filter((h) => h.device === ns);
              if (!crossed.length || crossed.some((h) => h.host !== host)) {
                return { reason: `after failing over to ${host}, ${t.flow.from} → ${to} was not routed by ${router.name} on ${host}: ${dispositionText(after)}`, trace: t, hop: crossed.find((h) => h.host !== host) ?? finalHop(t) };
              }
              if (after.kind !== before.kind) {
                return { reason: `after failing over to ${host}, ${t.flow.from} → ${to} is ${dispositionText(after)}; through the primary it was ${dispositionText(before)}`, trace: t, hop: finalHop(t) };
              }
            }
            return null;
          },
        };
      }
    }
  },
);

function vrrpState(n: Namespace): string | undefined {
  const b = n.listeners.find((l) => l.behaviour.kind === 'vrrp')?.behaviour;
  return b?.kind === 'vrrp' ? b.state : undefined;
}
