import type { Namespace } from '../dataplane/types';
import { defineStateInvariant } from './define';
import { dvrRouterHosts } from '../model/normalize-dvr';

/**
 * Proposed (state): every admin-up router with ports has its qrouter namespace on its L3 host,
 * with one qr- per interface holding the subnet's gateway address and one qg- for its gateway,
 * each plugged into br-int on its network's local VLAN (onlyOneGatewayPerRouter counts qg- only).
 * A distributed router has its qr- on every host it is on and its qg- in snat- on its SNAT host.
 */
export const routerPortsWired = defineStateInvariant(
  'routerPortsWired',
  "each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN",
  function* (sim) {
    const { cloud, dataplane: dp } = sim;
    const dvrHosts = dvrRouterHosts(cloud);
    for (const r of cloud.routers) {
      if (!r.admin_state_up || (!r.interfaces.length && !r.gw_port_id)) continue;
      yield {
        label: `${r.name} ports`,
        verdict: () => {
          // A distributed router: its qr- in a qrouter on every host it is on, its qg- in snat- on its SNAT host.
          const gw = r.gw_port_id ? [r.gw_port_id] : [];
          const places = r.distributed
            ? [...(dvrHosts.get(r.id) ?? []).map((host) => ({ host, kind: 'qrouter', ports: r.interfaces })), ...(gw.length ? [{ host: r.host, kind: 'snat', ports: gw }] : [])]
            : [{ host: r.host, kind: 'qrouter', ports: [...r.interfaces, ...gw] }];
          for (const place of places) {
            const host = dp.hosts.find((h) => h.name === place.host);
            const ns = host?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === `${place.kind}-${r.id}`);
            if (!ns) return { reason: `${r.name} has no ${place.kind} namespace on ${place.host}` };
            const brInt = host!.devices.find((d) => d.kind === 'ovs' && d.name === 'br-int');
            for (const pid of place.ports) {
              const p = cloud.ports.find((x) => x.id === pid)!;
              const dev = `${pid === r.gw_port_id ? 'qg-' : 'qr-'}${p.id}`.slice(0, 14);
              const ip = p.fixed_ips[0]?.ip_address;
              const i = ns.interfaces.find((x) => x.name === dev);
              if (!i) return { reason: `${r.name} has no ${dev} in its ${place.kind} namespace${r.distributed ? ` on ${place.host}` : ''}` };
              if (ip && !i.addresses.some((a) => a.split('/')[0] === ip)) return { reason: `${dev} of ${r.name} does not hold ${ip}` };
              const port = brInt?.kind === 'ovs' ? brInt.ports.find((x) => x.name === dev) : undefined;
              const vlan = Object.entries(dp.endpoints.localVlans[place.host] ?? {}).find(([, net]) => net === p.network_id)?.[0];
              if (!port || String(port.tag) !== vlan) return { reason: `${dev} of ${r.name} is ${port ? `tagged ${port.tag}` : 'not'} on br-int@${place.host}, expected local VLAN ${vlan}` };
            }
          }
          return null;
        },
      };
    }
  },
);
