import { tunnelPortName, VXLAN_UDP_PORT } from '../dataplane/names';
import type { Namespace, OvsBridge } from '../dataplane/types';
import { defineStateInvariant } from './define';
import { hostsWiring, isDvrRouterPort, isHaRouterPort } from '../model/queries';
import { dvrRouterHosts } from '../model/normalize-dvr';

const tunneled = (t: string) => t === 'vxlan' || t === 'gre';

/**
 * Proposed (state): br-tun on every host is what the OVS agent programs for the cloud: the
 * tunnel endpoint runs (VXLAN's on udp/4789, where every peer sends); there is a tunnel port to every peer, whose frames table 0 sends to table 3/4 (every OVS host without
 * l2population, every host sharing a tunneled network with it with l2population); each local
 * VLAN's flood flow (table 22) lists the tunnels to those peers (with l2population, the hosts
 * with a port of that network); with l2population, table 20 has a unicast flow for every remote
 * port of the network and, with the ARP responder, table 21 an answer for each of its addresses.
 * Catches broken overlay state no current flow happens to cross (a host without ports yet).
 */
export const overlayComplete = defineStateInvariant(
  'overlayComplete',
  "each host's tunnels, flood lists and l2pop flows match the cloud (what the OVS agent programs)",
  function* (sim) {
    const { cloud, dataplane: dp } = sim;
    const o = cloud.options;
    if (!cloud.networks.some((n) => tunneled(n['provider:network_type']))) return;
    const ovsHosts = cloud.hosts.filter((h) => h.agents.includes('ovs') && h.overlay);
    const ip = (host: string) => cloud.hosts.find((h) => h.name === host)!.overlay!.ip.split('/')[0];
    const routers = new Map(cloud.routers.map((r) => [r.id, r]));
    const dvrHosts = dvrRouterHosts(cloud);
    const portsOn = (host: string) => cloud.ports.filter((p) => hostsWiring(routers, p, dvrHosts).includes(host));
    const netsOn = (host: string) => new Set(portsOn(host).map((p) => p.network_id)
      .filter((n) => tunneled(cloud.networks.find((x) => x.id === n)!['provider:network_type'])));
    const hostsOf = (net: string) => new Set(cloud.ports.filter((p) => p.network_id === net).flatMap((p) => hostsWiring(routers, p, dvrHosts)));
    for (const h of ovsHosts) {
      yield {
        label: `${h.name} overlay`,
        verdict: () => {
          const plane = dp.hosts.find((x) => x.name === h.name);
          const root = plane?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === 'root');
          const endpoint = root?.listeners.find((l) => l.behaviour.kind === 'tunnel-endpoint' && l.running);
          if (!endpoint) return { reason: `no running tunnel endpoint on ${h.name}` };
          if (endpoint.behaviour.kind === 'tunnel-endpoint' && endpoint.behaviour.tunnelType === 'vxlan' && endpoint.port !== VXLAN_UDP_PORT) {
            return { reason: `the VXLAN endpoint on ${h.name} listens on udp/${endpoint.port}, not udp/${VXLAN_UDP_PORT} where its peers send` };
          }
          const brTun = plane?.devices.find((d): d is OvsBridge => d.kind === 'ovs' && d.name === 'br-tun');
          if (!brTun) return { reason: `${h.name} has no br-tun` };
          const mine = netsOn(h.name);
          const peers = ovsHosts.filter((x) => x !== h && (!o.l2_population || [...netsOn(x.name)].some((n) => mine.has(n))));
          const portTo = (peer: string) => tunnelPortName(o.tunnel_type, ip(peer));
          const fromTunnels = o.tunnel_type === 'gre' ? 3 : 4;
          for (const p of peers) {
            if (!brTun.ports.some((x) => x.name === portTo(p.name) && x.remoteIp === ip(p.name))) return { reason: `br-tun@${h.name} has no tunnel to ${p.name}` };
            const inFlow = brTun.flows.find((f) => f.table === 0 && f.match.inPort === portTo(p.name));
            if (!inFlow?.actions.some((a) => a.type === 'resubmit' && a.table === fromTunnels)) return { reason: `br-tun@${h.name} does not take frames from ${portTo(p.name)} to table ${fromTunnels}` };
          }
          for (const net of mine) {
            const vlan = Number(Object.entries(dp.endpoints.localVlans[h.name] ?? {}).find(([, n]) => n === net)?.[0]);
            const remote = peers.filter((p) => !o.l2_population || hostsOf(net).has(p.name)).map((p) => portTo(p.name));
            const flood = brTun.flows.find((f) => f.table === 22 && f.match.vlan === vlan);
            const outputs = new Set(flood?.actions.flatMap((a) => (a.type === 'output' ? [a.port] : [])) ?? []);
            const missing = remote.filter((p) => !outputs.has(p));
            if (missing.length) return { reason: `br-tun@${h.name} floods local VLAN ${vlan} without ${missing.join(', ')}` };
            if (!o.l2_population) continue;
            // l2pop installs no unicast entry for an HA router's ports (is_ha_router_port): they are
            // learned; nor for a distributed router's, which are on every host (DVR_PROCESS keeps frames to them home).
            for (const p of cloud.ports.filter((x) => x.network_id === net && x['binding:host_id'] !== h.name && peers.some((y) => y.name === x['binding:host_id']) && !isHaRouterPort(routers, x) && !isDvrRouterPort(x))) {
              if (!brTun.flows.some((f) => f.table === 20 && f.match.vlan === vlan && f.match.dlDst === p.mac_address)) {
                return { reason: `br-tun@${h.name} has no l2pop flow for ${p.mac_address} (${p.name}) on local VLAN ${vlan}` };
              }
              for (const f of o.arp_responder ? p.fixed_ips : []) {
                if (!brTun.flows.some((x) => x.table === 21 && x.match.vlan === vlan && x.match.arpTpa === f.ip_address)) {
                  return { reason: `br-tun@${h.name} has no ARP responder entry for ${f.ip_address} (${p.name}) on local VLAN ${vlan}` };
                }
              }
            }
          }
          return null;
        },
      };
    }
  },
);
