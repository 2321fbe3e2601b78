import { tunnelPortName, VXLAN_UDP_PORT } from '../dataplane/names';
import type { Flow, Namespace, OvsBridge } from '../dataplane/types';
import { defineStateInvariant } from './define';
import { hostsWiring, isHaRouterPort } from '../model/queries';

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
    // Everything below is looked up by key, once per host: a network over N hosts has N² tunnels.
    const ips = new Map(cloud.hosts.map((h) => [h.name, h.overlay?.ip.split('/')[0]] as const));
    const ip = (host: string) => ips.get(host)!;
    const routers = new Map(cloud.routers.map((r) => [r.id, r]));
    const tunneledNet = new Map(cloud.networks.map((n) => [n.id, tunneled(n['provider:network_type'])] as const));
    /** Tunneled networks with a port wired on each host, in port order; the hosts each network's ports are wired on; its ports. */
    const netsOnHost = new Map<string, Set<string>>();
    const hostsOfNet = new Map<string, Set<string>>();
    const portsOfNet = new Map<string, typeof cloud.ports>();
    for (const p of cloud.ports) {
      let ports = portsOfNet.get(p.network_id);
      if (!ports) portsOfNet.set(p.network_id, (ports = []));
      ports.push(p);
      let hosts = hostsOfNet.get(p.network_id);
      if (!hosts) hostsOfNet.set(p.network_id, (hosts = new Set()));
      for (const host of hostsWiring(routers, p)) {
        hosts.add(host);
        if (!tunneledNet.get(p.network_id)) continue;
        let nets = netsOnHost.get(host);
        if (!nets) netsOnHost.set(host, (nets = new Set()));
        nets.add(p.network_id);
      }
    }
    const netsOn = (host: string) => netsOnHost.get(host) ?? new Set<string>();
    const hostsOf = (net: string) => hostsOfNet.get(net) ?? new Set<string>();
    const key = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`;
    const isVlan = (v: unknown): v is number => typeof v === 'number' && v === v;
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
          // br-tun's ports and flows by what is asked of them; the first flow of a kind wins, as a find would.
          const tunnels = new Set(brTun.ports.map((x) => key(x.name, x.remoteIp)));
          const fromPort = new Map<string | undefined, Flow>();
          const floodOf = new Map<number, Flow>();
          const unicast = new Set<string>();
          const answers = new Set<string>();
          for (const f of brTun.flows) {
            if (f.table === 0 && !fromPort.has(f.match.inPort)) fromPort.set(f.match.inPort, f);
            else if (f.table === 22 && isVlan(f.match.vlan) && !floodOf.has(f.match.vlan)) floodOf.set(f.match.vlan, f);
            else if (f.table === 20 && isVlan(f.match.vlan)) unicast.add(key(f.match.vlan, f.match.dlDst));
            else if (f.table === 21 && isVlan(f.match.vlan)) answers.add(key(f.match.vlan, f.match.arpTpa));
          }
          const mine = netsOn(h.name);
          const peers = ovsHosts.filter((x) => x !== h && (!o.l2_population || [...netsOn(x.name)].some((n) => mine.has(n))));
          const peerNames = new Set(peers.map((x) => x.name));
          const portTo = (peer: string) => tunnelPortName(o.tunnel_type, ip(peer));
          const fromTunnels = o.tunnel_type === 'gre' ? 3 : 4;
          for (const p of peers) {
            if (!tunnels.has(key(portTo(p.name), ip(p.name)))) return { reason: `br-tun@${h.name} has no tunnel to ${p.name}` };
            const inFlow = fromPort.get(portTo(p.name));
            if (!inFlow?.actions.some((a) => a.type === 'resubmit' && a.table === fromTunnels)) return { reason: `br-tun@${h.name} does not take frames from ${portTo(p.name)} to table ${fromTunnels}` };
          }
          for (const net of mine) {
            const vlan = Number(Object.entries(dp.endpoints.localVlans[h.name] ?? {}).find(([, n]) => n === net)?.[0]);
            const remote = peers.filter((p) => !o.l2_population || hostsOf(net).has(p.name)).map((p) => portTo(p.name));
            const flood = isVlan(vlan) ? floodOf.get(vlan) : undefined;
            const outputs = new Set(flood?.actions.flatMap((a) => (a.type === 'output' ? [a.port] : [])) ?? []);
            const missing = remote.filter((p) => !outputs.has(p));
            if (missing.length) return { reason: `br-tun@${h.name} floods local VLAN ${vlan} without ${missing.join(', ')}` };
            if (!o.l2_population) continue;
            // l2pop installs no unicast entry for an HA router's ports (is_ha_router_port): they are learned.
            for (const p of (portsOfNet.get(net) ?? []).filter((x) => x['binding:host_id'] !== h.name && peerNames.has(x['binding:host_id']) && !isHaRouterPort(routers, x))) {
              if (!unicast.has(key(vlan, p.mac_address))) {
                return { reason: `br-tun@${h.name} has no l2pop flow for ${p.mac_address} (${p.name}) on local VLAN ${vlan}` };
              }
              for (const f of o.arp_responder ? p.fixed_ips : []) {
                if (!answers.has(key(vlan, f.ip_address))) {
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
