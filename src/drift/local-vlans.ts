import type { Flow, HostPlane, OvsBridge } from '../dataplane/types';
import { BRIDGE, deviceName, PREFIX, TRUNK } from '../dataplane/names';
import type { Cloud } from '../model/types';

/** A host's local VLANs: VLAN id → the network id it carries. */
export type LocalVlans = ReadonlyMap<number, string>;

/** What realize allocated on a host (`endpoints.localVlans`). */
export function realizedLocalVlans(byHost: Record<string, Record<number, string>>, host: string): LocalVlans {
  return new Map(Object.entries(byHost[host] ?? {}).map(([v, net]) => [Number(v), net]));
}

/**
 * Which network each local VLAN of a captured host carries. The real agent numbers them in its
 * own order, so the number means nothing; what it serves does. Every piece of state that ties a
 * VLAN to a network votes: a br-int port's tag (the port's network, by its device name), a br-tun
 * flow joining the VLAN and a tunnel id (the network of that VNI), a provider bridge's or br-int's
 * translation between the VLAN and a provider segment. The network most votes name wins, so one
 * wrong tag shows as a port on another network's VLAN, not as a renumbered VLAN.
 */
export function capturedLocalVlans(host: HostPlane, cloud: Cloud): LocalVlans {
  const votes = new Map<number, Map<string, number>>();
  const vote = (vlan: number, net: string | undefined) => {
    if (!net || vlan <= 0) return;
    const m = votes.get(vlan) ?? new Map<string, number>();
    votes.set(vlan, m.set(net, (m.get(net) ?? 0) + 1));
  };
  const netOfDevice = new Map(cloud.ports.flatMap((p) => [PREFIX.tap, PREFIX.vethOvsSide, PREFIX.routerInternal, PREFIX.routerGateway, PREFIX.haRouter, PREFIX.snatInternal, PREFIX.fipGateway]
    .map((prefix) => [deviceName(prefix, p.id), p.network_id] as const)));
  const overlay = new Map(cloud.networks.filter((n) => n['provider:network_type'] === 'vxlan' || n['provider:network_type'] === 'gre')
    .map((n) => [n['provider:segmentation_id'], n.id] as const));
  const vlanSegment = new Map(cloud.networks.filter((n) => n['provider:network_type'] === 'vlan').map((n) => [n['provider:segmentation_id'], n.id] as const));
  for (const br of host.devices) {
    if (br.kind !== 'ovs' || br.name.startsWith(TRUNK.bridge)) continue;
    if (br.name === BRIDGE.integration) for (const p of br.ports) if (p.tag !== undefined) vote(p.tag, netOfDevice.get(p.name));
    for (const f of br.flows) {
      const pair = vlanPair(br, f);
      if (!pair) continue;
      const { local, tunId, segment } = pair;
      if (tunId !== undefined) vote(local, overlay.get(tunId));
      if (segment !== undefined) vote(local, vlanSegment.get(segment));
    }
  }
  const out = new Map<number, string>();
  for (const [vlan, m] of votes) out.set(vlan, [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]);
  return out;
}

/** The local VLAN a flow ties to a tunnel id or a provider VLAN, if it does. */
function vlanPair(br: OvsBridge, f: Flow): { local: number; tunId?: number; segment?: number } | undefined {
  const setVlan = f.actions.find((a) => a.type === 'mod_vlan_vid')?.vlan;
  const tunId = f.match.tunId ?? f.actions.find((a) => a.type === 'set_tunnel')?.tunId;
  if (br.name === BRIDGE.tunnel) {
    const local = f.match.vlan ?? setVlan;
    return local !== undefined && tunId !== undefined ? { local, tunId } : undefined;
  }
  if (br.name === BRIDGE.integration) {
    // From a provider bridge: dl_vlan=<segment> → mod_vlan_vid:<local>.
    return setVlan !== undefined && f.match.vlan !== undefined && isProviderPatch(f.match.inPort) ? { local: setVlan, segment: f.match.vlan } : undefined;
  }
  // A provider bridge: dl_vlan=<local> → mod_vlan_vid:<segment>.
  return f.match.vlan !== undefined && setVlan !== undefined ? { local: f.match.vlan, segment: setVlan } : undefined;
}

/** br-int's patch port to a provider bridge (`int-br-ex`). */
export function isProviderPatch(port: string | undefined): boolean {
  return !!port?.startsWith(PREFIX.physicalPeerOnIntegration);
}

/** How a VLAN id reads in the report: the network it carries on that host, never its number. */
export function vlanLabel(vlans: LocalVlans, names: Readonly<Record<string, string>>): (vlan: number) => string {
  return (vlan) => {
    const net = vlans.get(vlan);
    return net === undefined ? `[vlan ${vlan}: no network]` : `[vlan ${Object.hasOwn(names, net) ? names[net] : net}]`;
  };
}
