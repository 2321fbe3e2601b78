import { tunnelPortName, VXLAN_UDP_PORT } from '../dataplane/names';
import type { Flow, Namespace, OvsBridge } from '../dataplane/types';
import { tableNamed } from '../dataplane/tables';
import type { Cloud, Port, Router } from '../model/types';
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
    const ips = new Map(cloud.hosts.map((h) => [h.name, h.overlay?.ip.split('/')[0]]));
    const ip = (host: string) => ips.get(host)!;
    const routers = new Map(cloud.routers.map((r) => [r.id, r]));
    // Who has what, worked out once: a cloud of many hosts must not rescan every port per host pair.
    const wiring = overlayWiring(cloud, routers, dvrRouterHosts(cloud));
    const planes = new Map(dp.hosts.map((x) => [x.name, x]));
    for (const h of ovsHosts) {
      yield {
        label: `${h.name} overlay`,
        verdict: () => {
          const plane = planes.get(h.name);
          const root = plane?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === 'root');
          const endpoint = root?.listeners.find((l) => l.behaviour.kind === 'tunnel-endpoint' && l.running);
          if (!endpoint) return { reason: `no running tunnel endpoint on ${h.name}` };
          if (endpoint.behaviour.kind === 'tunnel-endpoint' && endpoint.behaviour.tunnelType === 'vxlan' && endpoint.port !== VXLAN_UDP_PORT) {
            return { reason: `the VXLAN endpoint on ${h.name} listens on udp/${endpoint.port}, not udp/${VXLAN_UDP_PORT} where its peers send` };
          }
          const brTun = plane?.devices.find((d): d is OvsBridge => d.kind === 'ovs' && d.name === 'br-tun');
          if (!brTun) return { reason: `${h.name} has no br-tun` };
          const tun = indexBrTun(brTun);
          const mine = wiring.netsOn(h.name);
          const sharing = new Set([...mine].flatMap((n) => [...wiring.hostsOf(n)]));
          const peers = ovsHosts.filter((x) => x !== h && (!o.l2_population || sharing.has(x.name)));
          const peerNames = new Set(peers.map((x) => x.name));
          const portTo = (peer: string) => tunnelPortName(o.tunnel_type, ip(peer));
          const fromTunnels = o.tunnel_type === 'gre' ? 3 : 4;
          for (const p of peers) {
            const port = tun.ports.get(portTo(p.name));
            if (!port?.some((x) => x.remoteIp === ip(p.name))) return { reason: `br-tun@${h.name} has no tunnel to ${p.name}` };
            const inFlow = tun.fromPort.get(portTo(p.name));
            if (!inFlow?.actions.some((a) => a.type === 'resubmit' && a.table === fromTunnels)) return { reason: `br-tun@${h.name} does not take frames from ${portTo(p.name)} to table ${fromTunnels}` };
          }
          const vlans = new Map<string, number>();
          for (const [v, n] of Object.entries(dp.endpoints.localVlans[h.name] ?? {})) if (!vlans.has(n)) vlans.set(n, Number(v));
          for (const net of mine) {
            const vlan = vlans.get(net) ?? NaN;
            const remote = peers.filter((p) => !o.l2_population || wiring.hostsOf(net).has(p.name)).map((p) => portTo(p.name));
            const flood = tun.flood.get(vlan);
            const outputs = new Set(flood?.actions.flatMap((a) => (a.type === 'output' ? [a.port] : [])) ?? []);
            const missing = remote.filter((p) => !outputs.has(p));
            if (missing.length) return { reason: `br-tun@${h.name} floods local VLAN ${vlan} without ${missing.join(', ')}` };
            if (!o.l2_population) continue;
            // l2pop installs no unicast entry for an HA router's ports (is_ha_router_port): they are
            // learned; nor for a distributed router's, which are on every host (DVR_PROCESS keeps frames to them home).
            for (const p of wiring.portsOf(net).filter((x) => x['binding:host_id'] !== h.name && peerNames.has(x['binding:host_id']) && !isHaRouterPort(routers, x) && !isDvrRouterPort(x))) {
              if (!tun.unicast.has(`${vlan} ${p.mac_address}`)) {
                return { reason: `br-tun@${h.name} has no l2pop flow for ${p.mac_address} (${p.name}) on local VLAN ${vlan}` };
              }
              for (const f of o.arp_responder ? p.fixed_ips : []) {
                if (!tun.arp.has(`${vlan} ${f.ip_address}`)) {
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

/** The tunneled networks each host wires a port of, the hosts of each network, and each network's ports. */
function overlayWiring(cloud: Cloud, routers: ReadonlyMap<string, Router>, dvrHosts: ReturnType<typeof dvrRouterHosts>) {
  const tunneledNets = new Set(cloud.networks.filter((n) => tunneled(n['provider:network_type'])).map((n) => n.id));
  const nets = new Map<string, Set<string>>();
  const hosts = new Map<string, Set<string>>();
  const ports = new Map<string, Port[]>();
  const add = (m: Map<string, Set<string>>, k: string, v: string) => {
    const set = m.get(k);
    if (set) set.add(v); else m.set(k, new Set([v]));
  };
  for (const p of cloud.ports) {
    const list = ports.get(p.network_id);
    if (list) list.push(p); else ports.set(p.network_id, [p]);
    for (const host of hostsWiring(routers, p, dvrHosts)) {
      add(hosts, p.network_id, host);
      if (tunneledNets.has(p.network_id)) add(nets, host, p.network_id);
    }
  }
  return {
    netsOn: (host: string): ReadonlySet<string> => nets.get(host) ?? new Set(),
    hostsOf: (net: string): ReadonlySet<string> => hosts.get(net) ?? new Set(),
    portsOf: (net: string): readonly Port[] => ports.get(net) ?? [],
  };
}

/** br-tun's flows by what the check asks of them: the first flow of a table for a port or VLAN, as a lookup would find it. */
function indexBrTun(brTun: OvsBridge) {
  const ports = new Map<string, OvsBridge['ports']>();
  for (const p of brTun.ports) {
    const list = ports.get(p.name);
    if (list) list.push(p); else ports.set(p.name, [p]);
  }
  const fromPort = new Map<string, Flow>();
  const flood = new Map<number, Flow>();
  const unicast = new Set<string>();
  const arp = new Set<string>();
  // The tables by what the agent named them for (dataplane/tables.ts), not by number.
  const [local, ucast, responder, floodTable] = ['LOCAL_SWITCHING', 'UCAST_TO_TUN', 'ARP_RESPONDER', 'FLOOD_TO_TUN'].map((n) => tableNamed(brTun, n));
  for (const f of brTun.flows) {
    if (f.table === local && f.match.inPort !== undefined && !fromPort.has(f.match.inPort)) fromPort.set(f.match.inPort, f);
    if (f.table === floodTable && f.match.vlan !== undefined && !flood.has(f.match.vlan)) flood.set(f.match.vlan, f);
    if (f.table === ucast && f.match.dlDst !== undefined) unicast.add(`${f.match.vlan} ${f.match.dlDst}`);
    if (f.table === responder && f.match.arpTpa !== undefined) arp.add(`${f.match.vlan} ${f.match.arpTpa}`);
  }
  return { ports, fromPort, flood, unicast, arp };
}
