import type { Namespace } from '../dataplane/types';
import { routersBySubnet } from '../model/queries';
import { primaryVip } from '../model/normalize-ha';
import { finalHop } from '../assert/paths';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineStateInvariant } from './define';
import { instancesOf } from './flows';
import { destinationBehind } from './routers';

/**
 * deploy-ovs-ha-vrrp.rst: an HA router has one primary; only its qrouter holds the router's
 * addresses, its keepalived is the VRRP MASTER, and traffic through the router uses it alone.
 * Judged from the data plane: which namespaces hold the addresses and what keepalived says, then a
 * trace from an instance behind the router, which must be routed by that namespace and no other.
 * Not applicable to a cloud without HA routers.
 */
export const haRouterHasExactlyOneActive = defineStateInvariant(
  'haRouterHasExactlyOneActive',
  "each HA router has exactly one primary (the qrouter holding its addresses, whose keepalived is MASTER), and routed traffic behind it goes through that qrouter only",
  function* (sim) {
    const routersOf = routersBySubnet(sim.cloud);
    const instances = instancesOf(sim);
    const dhcp = new Set(sim.cloud.subnets.filter((s) => s.enable_dhcp).map((s) => s.id));
    const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
    for (const router of sim.cloud.routers) {
      if (!router.ha || !router.admin_state_up) continue;
      const ns = `qrouter-${router.id}`;
      // keepalived's VIPs: the router's port addresses and its primary VIP on ha- (a router without ports has only that).
      const addresses = new Set([...router.interfaces, ...(router.gw_port_id ? [router.gw_port_id] : [])]
        .flatMap((id) => ports.get(id)?.fixed_ips.map((f) => f.ip_address) ?? []));
      addresses.add(primaryVip(router.ha_vr_id!).split('/')[0]);
      const behind = instances.find((i) => dhcp.has(i.subnet) && routersOf(i.subnet).includes(router));
      yield {
        label: `${router.name} primary`,
        verdict: () => {
          const copies = namespacesOf(sim.dataplane.hosts, ns);
          const holders = copies.filter(({ ns: n }) => n.interfaces.some((i) => i.addresses.some((a) => addresses.has(a.split('/')[0]))));
          const masters = copies.filter(({ ns: n }) => n.listeners.some((l) => l.behaviour.kind === 'vrrp' && l.behaviour.state === 'MASTER' && l.running));
          const to = behind && destinationBehind(sim, router, behind);
          const t = behind && to ? sim.trace(behind.instance.name, to) : undefined;
          const hostsText = (xs: { host: string }[]) => xs.map((x) => x.host).join(', ') || 'none';
          if (holders.length !== 1) {
            return { reason: `${router.name}'s addresses are held by ${holders.length} of its ${copies.length} qrouter namespaces (${hostsText(holders)}), expected exactly 1`, trace: t, hop: t && finalHop(t) };
          }
          const primary = holders[0].host;
          if (masters.length !== 1 || masters[0].host !== primary) {
            return { reason: `${router.name}'s addresses are on ${primary}, but keepalived is MASTER on ${hostsText(masters)}`, trace: t };
          }
          if (!t) return null;
          const crossed = mainPath(t.root).filter((h) => h.device === ns);
          const wrong = crossed.find((h) => h.host !== primary);
          if (wrong) return { reason: `${t.flow.from} → ${t.flow.to} went through ${router.name} on ${wrong.host}, not its primary on ${primary}`, trace: t, hop: wrong };
          if (!crossed.length) return { reason: `${t.flow.from} → ${t.flow.to} never reached ${router.name}'s primary on ${primary}: ${dispositionText(requestOutcome(t))}`, trace: t, hop: finalHop(t) };
          return null;
        },
      };
    }
  },
);

function namespacesOf(hosts: readonly { name: string; devices: readonly { kind: string; name: string }[] }[], name: string): { host: string; ns: Namespace }[] {
  return hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace' && d.name === name).map((ns) => ({ host: h.name, ns })));
}
