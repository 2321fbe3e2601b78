import { BRIDGE, DEAD_VLAN_TAG, PATCH, PREFIX, tunnelPortName } from '../dataplane/names';
import { BR_INT_TABLE, BR_TUN_TABLE, TABLE_NAMES, TUN_TABLE } from './ovs-tables';
import type { Flow, FlowAction, OvsBridge, OvsPort } from '../dataplane/types';
import type { RealizeContext } from './context';
import { FABRIC } from './hosts';
import { isDvrRouterPort, isHaRouterPort } from '../model/queries';
import { hasDistributedRouting, realizeDvrFlows } from './ovs-dvr';
import { ensureBase } from './ovs-firewall';

/** A flow's actions that go on to `table`. */
const goTo = (table: number) => [{ type: 'resubmit', table } as const];

/**
 * The neutron-openvswitch-agent: br-int with its default pipeline, br-tun with tunnel ports and
 * the tables 0/2/3-4/10/20/22, and one physical bridge per bridge_mapping with its patch pair and
 * VLAN translation flows. Sources: openflow/native/br_int.py, br_tun.py, br_phys.py.
 */
export function realizeOvsBridges(ctx: RealizeContext): void {
  const tunneled = ctx.cloud.networks.some(isTunneled);
  for (const host of ctx.hostsRunning('ovs')) {
    const brInt = ctx.plane.add(host.name, bridge(BRIDGE.integration));
    // br_int.py setup_default_table: the canary, the pipeline 0 → 58 → 59 → 60 (NORMAL), the
    // anti-spoofing and local-egress tables' defaults, and the dead VLAN dropped first of all.
    brInt.flows.push(
      flow(BR_INT_TABLE.CANARY, 0, {}, [{ type: 'drop' }]),
      flow(BR_INT_TABLE.LOCAL_SWITCHING, 0, {}, goTo(BR_INT_TABLE.PACKET_RATE_LIMIT)),
      flow(BR_INT_TABLE.LOCAL_EGRESS, 0, {}, goTo(BR_INT_TABLE.PACKET_RATE_LIMIT)),
      flow(BR_INT_TABLE.LOCAL_IP, 0, {}, goTo(BR_INT_TABLE.PACKET_RATE_LIMIT)),
      flow(BR_INT_TABLE.PACKET_RATE_LIMIT, 0, {}, goTo(BR_INT_TABLE.BANDWIDTH_RATE_LIMIT)),
      flow(BR_INT_TABLE.BANDWIDTH_RATE_LIMIT, 0, {}, goTo(BR_INT_TABLE.TRANSIENT)),
      flow(BR_INT_TABLE.TRANSIENT, 3, {}, [{ type: 'normal' }]),
      flow(BR_INT_TABLE.ARP_SPOOF, 0, {}, [{ type: 'drop' }]),
      flow(BR_INT_TABLE.LOCAL_SWITCHING, 65535, { vlan: DEAD_VLAN_TAG }, [{ type: 'drop' }], 'dead VLAN'),
    );
    if (host.overlay && tunneled) realizeTunnelBridge(ctx, host.name, brInt);
    if (host.external) realizePhysicalBridge(ctx, host.name, brInt);
    if (hasDistributedRouting(ctx, host.name)) realizeDvrFlows(ctx, host.name);
  }
}

/**
 * Plugs a device into br-int as an access port on the network's local VLAN, or on the dead VLAN
 * when it cannot be wired or its port is administratively down (`treat_vif_port` → `port_dead`).
 */
export function plugIntoIntegrationBridge(
  ctx: RealizeContext, host: string, name: string, type: OvsPort['type'], networkId: string, adminUp = true,
): void {
  const brInt = ctx.plane.ovs(host, BRIDGE.integration);
  const lvid = adminUp ? wiredVlan(ctx, host, networkId) : undefined;
  addPort(brInt, { name, type, tag: lvid ?? DEAD_VLAN_TAG });
  if (lvid === undefined) {
    // A port whose binding failed is parked on the dead VLAN and dropped (ovs_neutron_agent.port_dead).
    brInt.flows.push(flow(BR_INT_TABLE.LOCAL_SWITCHING, 2, { inPort: name }, [{ type: 'drop' }], 'dead port'));
  }
  if (type === 'internal' && ctx.cloud.options.firewall_driver === 'openvswitch') {
    // The native firewall sends trusted local ports (qr-, qg-, the DHCP tap) through
    // ACCEPT_OR_INGRESS, so frames they send to a local instance still meet its ingress rules.
    ensureBase(brInt.flows);
    brInt.flows.push(flow(BR_INT_TABLE.TRANSIENT, 100, { inPort: name }, [{ type: 'resubmit', table: BR_INT_TABLE.ACCEPT_OR_INGRESS }], `trusted port ${name}`));
  }
}

/**
 * ARP and MAC anti-spoofing for an instance port with port security, as the agent installs it
 * when the firewall does not (iptables_hybrid; the openvswitch firewall matches addresses in its
 * own tables): ARP from the port must claim one of its addresses or allowed address pairs, every
 * frame must carry its MAC or a pair's
 * (ovs_neutron_agent.setup_arp_spoofing_protection, br_int.py install_arp_spoofing_protection and
 * set_allowed_macs_for_port). Frames that match neither miss in table 24 or 25 and are dropped.
 */
export function protectAgainstSpoofing(ctx: RealizeContext, host: string, ofport: string, networkId: string, macs: readonly string[], addresses: readonly string[]): void {
  // A dead port keeps its drop: the agent wires no spoofing rules over a port it could not bind.
  if (wiredVlan(ctx, host, networkId) === undefined) return;
  const brInt = ctx.plane.ovs(host, BRIDGE.integration);
  for (const ip of addresses) {
    brInt.flows.push(flow(BR_INT_TABLE.ARP_SPOOF, 2, { ethType: 'arp', inPort: ofport, arpSpa: ip }, goTo(BR_INT_TABLE.MAC_SPOOF), `ARP from ${ofport} claims its own address`));
  }
  brInt.flows.push(
    flow(BR_INT_TABLE.LOCAL_SWITCHING, 10, { ethType: 'arp', inPort: ofport }, goTo(BR_INT_TABLE.ARP_SPOOF), `anti-spoofing of ARP from ${ofport}`),
    ...macs.map((mac) => flow(BR_INT_TABLE.MAC_SPOOF, 2, { inPort: ofport, dlSrc: mac }, goTo(BR_INT_TABLE.LOCAL_EGRESS), `frames from ${ofport} carry its MAC`)),
    flow(BR_INT_TABLE.LOCAL_SWITCHING, 9, { inPort: ofport }, goTo(BR_INT_TABLE.MAC_SPOOF), `MAC anti-spoofing of frames from ${ofport}`),
  );
}

/** The local VLAN, if this host can carry the network at all (tunnels or a bridge mapping). */
function wiredVlan(ctx: RealizeContext, host: string, networkId: string): number | undefined {
  const net = ctx.networks.get(networkId)!;
  if (!isTunneled(net)) {
    const mapping = ctx.hosts.get(host)?.external?.physical_network;
    if (mapping !== net['provider:physical_network']) return undefined;
  } else if (!ctx.hosts.get(host)?.overlay) return undefined;
  return ctx.lvid(host, networkId);
}

function realizeTunnelBridge(ctx: RealizeContext, host: string, brInt: OvsBridge): void {
  const type = ctx.cloud.options.tunnel_type;
  const brTun = ctx.plane.add(host, bridge(BRIDGE.tunnel));
  addPort(brInt, { name: PATCH.intToTun, type: 'patch' });
  addPort(brTun, { name: PATCH.tunToInt, type: 'patch' });
  ctx.plane.link('patch', { host, device: BRIDGE.integration, port: PATCH.intToTun }, { host, device: BRIDGE.tunnel, port: PATCH.tunToInt });

  const local = ctx.hosts.get(host)!.overlay!.ip.split('/')[0];
  const peers = tunnelPeers(ctx, host);
  const shared = sharedOf(ctx);
  const tunnelPortOf = new Map<string, string>();
  for (const peer of peers) {
    const name = shared.tunnelPortName(peer);
    tunnelPortOf.set(peer, name);
    // A literal of one shape (the keys in addPort's order): N-1 of these on each of N hosts.
    brTun.ports.push({ name, type, remoteIp: shared.overlayIp(peer), localIp: local, ofport: brTun.ports.length + 1 });
  }

  const T = BR_TUN_TABLE;
  const f = brTun.flows;
  // enable_distributed_routing: frames from br-int pass DVR_PROCESS, frames from tunnels DVR_NOT_LEARN.
  const dvr = hasDistributedRouting(ctx, host);
  f.push(flow(T.LOCAL_SWITCHING, 1, { inPort: PATCH.tunToInt }, [{ type: 'resubmit', table: dvr ? T.DVR_PROCESS : T.PATCH_LV_TO_TUN }]));
  for (const name of tunnelPortOf.values()) f.push(shared.fromTunnel(name));
  f.push(
    flow(T.LOCAL_SWITCHING, 0, {}, [{ type: 'drop' }]),
    flow(T.PATCH_LV_TO_TUN, 0, { dlDstKind: 'unicast' }, [{ type: 'resubmit', table: T.UCAST_TO_TUN }]),
    flow(T.PATCH_LV_TO_TUN, 0, { dlDstKind: 'multicast' }, [{ type: 'resubmit', table: T.FLOOD_TO_TUN }]),
    flow(T.GRE_TUN_TO_LV, 0, {}, [{ type: 'drop' }]),
    flow(T.VXLAN_TUN_TO_LV, 0, {}, [{ type: 'drop' }]),
    flow(T.LEARN_FROM_TUN, 1, {}, [
      {
        type: 'learn',
        spec: {
          table: T.UCAST_TO_TUN, priority: 1, hardTimeout: 300,
          match: [{ field: 'vlan', from: 'vlan' }, { field: 'dlDst', from: 'ethSrc' }],
          actions: [{ type: 'load', field: 'vlan', value: 0 }, { type: 'load', field: 'tunId', from: 'tunId' }, { type: 'output_in_port' }],
        },
      },
      { type: 'output', port: PATCH.tunToInt },
    ]),
    flow(T.UCAST_TO_TUN, 0, {}, [{ type: 'resubmit', table: T.FLOOD_TO_TUN }]),
    flow(T.FLOOD_TO_TUN, 0, {}, [{ type: 'drop' }]),
  );
  if (ctx.cloud.options.arp_responder) {
    f.push(
      flow(T.PATCH_LV_TO_TUN, 1, { ethType: 'arp', dlDst: 'ff:ff:ff:ff:ff:ff' }, [{ type: 'resubmit', table: T.ARP_RESPONDER }]),
      flow(T.ARP_RESPONDER, 0, {}, [{ type: 'resubmit', table: T.FLOOD_TO_TUN }]),
    );
  }

  for (const netId of ctx.networksOnHost.get(host) ?? []) {
    const net = ctx.networks.get(netId)!;
    if (!isTunneled(net)) continue;
    const lvid = ctx.lvid(host, netId)!;
    const vni = net['provider:segmentation_id']!;
    f.push(flow(TUN_TABLE[type], 1, { tunId: vni }, [{ type: 'mod_vlan_vid', vlan: lvid }, { type: 'resubmit', table: dvr ? T.DVR_NOT_LEARN : T.LEARN_FROM_TUN }],
      `vni ${vni} → local vlan ${lvid}`));
    const remoteHosts = [...(ctx.hostsOfNetwork.get(netId) ?? [])].filter((h) => h !== host && tunnelPortOf.has(h));
    const floodTo = ctx.cloud.options.l2_population ? remoteHosts.map((h) => tunnelPortOf.get(h)!) : [...tunnelPortOf.values()];
    if (floodTo.length) {
      f.push(flow(T.FLOOD_TO_TUN, 1, { vlan: lvid }, [{ type: 'strip_vlan' }, { type: 'set_tunnel', tunId: vni },
        ...floodTo.map(shared.output)], `flood local vlan ${lvid} → vni ${vni}`));
    }
    if (!ctx.cloud.options.l2_population) continue;
    for (const port of ctx.portsByNetwork.get(netId) ?? []) {
      const at = port['binding:host_id'];
      // An HA router's port has no unicast entry: it floods to every agent, and only the primary answers.
      if (at === host || !tunnelPortOf.has(at) || isHaRouterPort(ctx.routers, port) || isDvrRouterPort(port)) continue;
      f.push(shared.unicast(netId, vni, lvid, port.id, port.mac_address, tunnelPortOf.get(at)!));
      if (ctx.cloud.options.arp_responder) {
        for (const ip of port.fixed_ips) {
          f.push(flow(T.ARP_RESPONDER, 1, { ethType: 'arp', vlan: lvid, arpTpa: ip.ip_address }, [{ type: 'arp_reply', mac: port.mac_address }, { type: 'in_port' }],
            `arp responder ${ip.ip_address} is-at ${port.mac_address}`));
        }
      }
    }
  }
}

/**
 * br-tun state that is the same on every host: a tunnel port's name (from the peer's address), the
 * table-0 flow of a tunnel port, a flood output, an l2pop unicast flow (the same VLAN, MAC and
 * tunnel port wherever it is installed). Neutron installs N-1 of each on each of N hosts, N² in
 * all; one frozen object per distinct value keeps that compact. Data planes are values (fault
 * injection changes a copy and replaces a flow rather than editing it), so sharing is safe.
 */
interface TunnelShare {
  overlayIp(host: string): string;
  tunnelPortName(host: string): string;
  fromTunnel(port: string): Flow;
  output(port: string): FlowAction;
  unicast(netId: string, vni: number, lvid: number, portId: string, mac: string, tunnelPort: string): Flow;
}

const shares = new WeakMap<RealizeContext, TunnelShare>();

function sharedOf(ctx: RealizeContext): TunnelShare {
  let share = shares.get(ctx);
  if (share) return share;
  const type = ctx.cloud.options.tunnel_type;
  const ips = new Map<string, string>();
  const names = new Map<string, string>();
  const fromTunnel = new Map<string, Flow>();
  const outputs = new Map<string, FlowAction>();
  /** network → local VLAN → port id → flow. */
  const unicasts = new Map<string, Map<number, Map<string, Flow>>>();
  /** VNI → tunnel port → actions. */
  const toTun = new Map<number, Map<string, FlowAction[]>>();
  const overlayIp = (host: string) => {
    let ip = ips.get(host);
    if (ip === undefined) ips.set(host, (ip = ctx.hosts.get(host)!.overlay!.ip.split('/')[0]));
    return ip;
  };
  share = {
    overlayIp,
    tunnelPortName(host) {
      let name = names.get(host);
      if (name === undefined) names.set(host, (name = tunnelPortName(type, overlayIp(host))));
      return name;
    },
    fromTunnel(port) {
      let f = fromTunnel.get(port);
      if (!f) fromTunnel.set(port, (f = frozenFlow(flow(BR_TUN_TABLE.LOCAL_SWITCHING, 1, { inPort: port }, [{ type: 'resubmit', table: TUN_TABLE[type] }]))));
      return f;
    },
    output(port) {
      let a = outputs.get(port);
      if (!a) outputs.set(port, (a = Object.freeze({ type: 'output', port } as const)));
      return a;
    },
    unicast(netId, vni, lvid, portId, mac, tunnelPort) {
      let byLvid = unicasts.get(netId);
      if (!byLvid) unicasts.set(netId, (byLvid = new Map()));
      let byPort = byLvid.get(lvid);
      if (!byPort) byLvid.set(lvid, (byPort = new Map()));
      let f = byPort.get(portId);
      if (!f) {
        let byTun = toTun.get(vni);
        if (!byTun) toTun.set(vni, (byTun = new Map()));
        let actions = byTun.get(tunnelPort);
        if (!actions) byTun.set(tunnelPort, (actions = [{ type: 'strip_vlan' }, { type: 'set_tunnel', tunId: vni }, { type: 'output', port: tunnelPort }]));
        byPort.set(portId, (f = frozenFlow(flow(BR_TUN_TABLE.UCAST_TO_TUN, 2, { vlan: lvid, dlDst: mac }, actions, 'l2pop unicast'))));
      }
      return f;
    },
  };
  shares.set(ctx, share);
  return share;
}

function frozenFlow(f: Flow): Flow {
  Object.freeze(f.match);
  for (const a of f.actions) Object.freeze(a);
  Object.freeze(f.actions);
  return Object.freeze(f);
}

/** With l2population, tunnels exist only towards hosts sharing a tunneled network; otherwise a full mesh. */
function tunnelPeers(ctx: RealizeContext, host: string): string[] {
  const others = ctx.hostsRunning('ovs').filter((h) => h.name !== host && h.overlay).map((h) => h.name);
  if (!ctx.cloud.options.l2_population) return others;
  const sharing = new Set<string>();
  for (const n of ctx.networksOnHost.get(host) ?? []) {
    if (isTunneled(ctx.networks.get(n)!)) for (const h of ctx.hostsOfNetwork.get(n) ?? []) sharing.add(h);
  }
  return others.filter((o) => sharing.has(o));
}

function realizePhysicalBridge(ctx: RealizeContext, host: string, brInt: OvsBridge): void {
  const ext = ctx.hosts.get(host)!.external!;
  const brPhys = ctx.plane.add(host, bridge(ext.bridge));
  const intPeer = `${PREFIX.physicalPeerOnIntegration}${ext.bridge}`;
  const physPeer = `${PREFIX.integrationPeerOnPhysical}${ext.bridge}`;
  addPort(brInt, { name: intPeer, type: 'patch' });
  addPort(brPhys, { name: physPeer, type: 'patch' });
  addPort(brPhys, { name: ext.interface, type: 'system' });
  ctx.plane.link('patch', { host, device: BRIDGE.integration, port: intPeer }, { host, device: ext.bridge, port: physPeer });
  ctx.plane.link('wire', { host, device: ext.bridge, port: ext.interface }, { host: FABRIC, device: ext.physical_network, port: host });
  const segment = ctx.plane.get(FABRIC, ext.physical_network);
  if (segment?.kind === 'linux-bridge') segment.ports.push(host);

  for (const netId of ctx.networksOnHost.get(host) ?? []) {
    const net = ctx.networks.get(netId)!;
    if (isTunneled(net) || net['provider:physical_network'] !== ext.physical_network) continue;
    const lvid = ctx.lvid(host, netId)!;
    const seg = net['provider:segmentation_id'];
    brInt.flows.push(flow(BR_INT_TABLE.LOCAL_SWITCHING, 3, { inPort: intPeer, vlan: seg ?? 0 },
      [{ type: 'mod_vlan_vid', vlan: lvid }, { type: 'resubmit', table: BR_INT_TABLE.PACKET_RATE_LIMIT }],
      `${net.name}: provider ${seg ?? 'untagged'} → local vlan ${lvid}`));
    brPhys.flows.push(flow(0, 4, { inPort: physPeer, vlan: lvid },
      [seg === null ? { type: 'strip_vlan' } : { type: 'mod_vlan_vid', vlan: seg }, { type: 'normal' }],
      `${net.name}: local vlan ${lvid} → provider ${seg ?? 'untagged'}`));
  }
  brInt.flows.push(flow(BR_INT_TABLE.LOCAL_SWITCHING, 2, { inPort: intPeer }, [{ type: 'drop' }], 'drop untranslated from physical bridge'));
  brPhys.flows.push(
    flow(0, 2, { inPort: physPeer }, [{ type: 'drop' }], 'drop untranslated from br-int'),
    flow(0, 0, {}, [{ type: 'normal' }]),
  );
}

export function isTunneled(net: { 'provider:network_type': string }): boolean {
  return net['provider:network_type'] === 'vxlan' || net['provider:network_type'] === 'gre';
}

/** A bridge, its tables named as the agent's constants name them (br-int's and br-tun's). */
function bridge(name: string): OvsBridge {
  const tableNames = TABLE_NAMES[name];
  return tableNames ? { kind: 'ovs', name, ports: [], flows: [], tableNames } : { kind: 'ovs', name, ports: [], flows: [] };
}

function addPort(br: OvsBridge, port: Omit<OvsPort, 'ofport'>): void {
  br.ports.push({ ...port, ofport: br.ports.length + 1 });
}

export function flow(table: number, priority: number, match: Flow['match'], actions: Flow['actions'], note?: string): Flow {
  return note ? { table, priority, match, actions, note } : { table, priority, match, actions };
}
