import type { Dataplane, HostPlane, Link, LinuxBridge, Namespace, OvsBridge } from '../dataplane/types';
import { TRUNK } from '../dataplane/names';
import type { BridgeReading } from './flows';

/** One host's state on one side of the comparison, with how its numbers read. */
export interface HostSide {
  host: HostPlane;
  links: readonly Link[];
  /** `device port` → the kind of link it is on. */
  linkKinds: ReadonlyMap<string, string>;
  /** Local VLAN → its reading (`[vlan net1]`). */
  vlan: (vlan: number) => string;
  /** A bridge's reading: tunnel ports by remote, every other port by name. */
  reading: (br: OvsBridge) => BridgeReading;
}

export function namespaces(h: HostPlane): Namespace[] {
  return h.devices.filter((d): d is Namespace => d.kind === 'namespace');
}

export function ovsBridges(h: HostPlane): OvsBridge[] {
  return h.devices.filter((d): d is OvsBridge => d.kind === 'ovs');
}

export function linuxBridges(h: HostPlane): LinuxBridge[] {
  return h.devices.filter((d): d is LinuxBridge => d.kind === 'linux-bridge');
}

export function hostSide(dp: Dataplane, host: HostPlane, vlan: (vlan: number) => string): HostSide {
  const links = dp.links.filter((l) => l.a.host === host.name || l.b.host === host.name);
  const linkKinds = new Map<string, string>();
  for (const l of links) for (const end of [l.a, l.b]) if (end.host === host.name) linkKinds.set(`${end.device} ${end.port}`, l.kind);
  return {
    host, links, linkKinds, vlan,
    reading: (br) => {
      const tunnels = new Map(br.ports.filter((p) => p.type === 'vxlan' || p.type === 'gre').map((p) => [p.name, tunnelName(p.type, p.remoteIp)]));
      const trunk = br.name.startsWith(TRUNK.bridge);
      return { vlan: trunk ? String : vlan, port: (name) => tunnels.get(name) ?? name };
    },
  };
}

/** A tunnel port as what it leads to: its name is the agent's hash of the remote. */
export function tunnelName(type: string, remote: string | undefined): string {
  return `${type}→${remote ?? '?'}`;
}

/** The kind of link a device's port is on (veth, internal, patch, wire), if any. */
export function linkKind(side: HostSide, device: string, port: string): string | undefined {
  return side.linkKinds.get(`${device} ${port}`);
}
