import type { Namespace } from '../dataplane/types';
import { defineStateInvariant } from './define';

/**
 * Proposed (state): every admin-up router with ports has its qrouter namespace on its L3 host,
 * with one qr- per interface holding the subnet's gateway address and one qg- for its gateway,
 * each plugged into br-int on its network's local VLAN (onlyOneGatewayPerRouter counts qg- only).
 */
export const routerPortsWired = defineStateInvariant(
  'routerPortsWired',
  "each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN",
  function* (sim) {
    const { cloud, dataplane: dp } = sim;
    for (const r of cloud.routers) {
      if (!r.admin_state_up || (!r.interfaces.length && !r.gw_port_id)) continue;
      yield {
        label: `${r.name} ports`,
        verdict: () => {
          const host = dp.hosts.find((h) => h.name === r.host);
          const ns = host?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === `qrouter-${r.id}`);
          if (!ns) return { reason: `${r.name} has no qrouter namespace on ${r.host}` };
          const brInt = host!.devices.find((d) => d.kind === 'ovs' && d.name === 'br-int');
          for (const pid of [...r.interfaces, ...(r.gw_port_id ? [r.gw_port_id] : [])]) {
            const p = cloud.ports.find((x) => x.id === pid)!;
            const dev = `${pid === r.gw_port_id ? 'qg-' : 'qr-'}${p.id}`.slice(0, 14);
            const ip = p.fixed_ips[0]?.ip_address;
            const i = ns.interfaces.find((x) => x.name === dev);
            if (!i) return { reason: `${r.name} has no ${dev} in its qrouter namespace` };
            if (ip && !i.addresses.some((a) => a.split('/')[0] === ip)) return { reason: `${dev} of ${r.name} does not hold ${ip}` };
            const port = brInt?.kind === 'ovs' ? brInt.ports.find((x) => x.name === dev) : undefined;
            const vlan = Object.entries(dp.endpoints.localVlans[r.host] ?? {}).find(([, net]) => net === p.network_id)?.[0];
            if (!port || String(port.tag) !== vlan) return { reason: `${dev} of ${r.name} is ${port ? `tagged ${port.tag}` : 'not'} on br-int@${r.host}, expected local VLAN ${vlan}` };
          }
          return null;
        },
      };
    }
  },
);
