import type { Dataplane, Device, InstanceEndpoint, Link } from '../dataplane/types';
import { formatIp, parseCidr } from '../net/ipv4';

/**
 * What attaches one instance to the shared data plane, found by walking links from its NIC
 * (never by device names): its namespace, the Linux bridges and veths between it and the first
 * switch with other ports, and that switch's port. Two instances are only alike if these are.
 */
export interface Attachment {
  /** The names that identify the instance in state: MAC, address, namespace, devices and ports on the way. */
  tokens: string[];
  /** The attachment state itself, as text (OVS port numbers left out: they differ by creation order only). */
  state: string[];
  /** `host\0device` of the attachment devices and `host\0bridge\0port` of the switch port, for reading traces. */
  places: string[];
  /** The subnet of the instance's address, as the guest holds it (`10.0.0.0/24`). */
  subnet?: string;
}

export function attachmentsOf(dp: Dataplane): Attachment[] {
  const devices = new Map<string, Device>();
  for (const h of dp.hosts) for (const d of h.devices) devices.set(`${h.name}\u0000${d.name}`, d);
  const links = new Map<string, Link>();
  for (const l of dp.links) for (const end of [l.a, l.b]) links.set(`${end.host}\u0000${end.device}\u0000${end.port}`, l);
  return dp.endpoints.instances.map((e) => attachmentOf(e, devices, links));
}

function attachmentOf(e: InstanceEndpoint, devices: Map<string, Device>, links: Map<string, Link>): Attachment {
  const tokens = [e.mac, e.ip, e.namespace];
  const state: string[] = [];
  const places: string[] = [];
  const guest = devices.get(`${e.host}\u0000${e.namespace}`);
  let subnet: string | undefined;
  if (guest) {
    state.push(JSON.stringify(guest));
    places.push(`${e.host}\u0000${e.namespace}`);
    const address = guest.kind === 'namespace' ? guest.interfaces.find((i) => i.name === e.iface)?.addresses[0] : undefined;
    if (address) { const c = parseCidr(address); subnet = `${formatIp(c.network)}/${c.prefix}`; }
  }
  const seen = new Set<string>();
  const walk = (host: string, device: string, port: string) => {
    const here = `${host}\u0000${device}\u0000${port}`;
    if (seen.has(here)) return;
    seen.add(here);
    const link = links.get(here);
    if (!link) return;
    const peer = link.a.host === host && link.a.device === device && link.a.port === port ? link.b : link.a;
    seen.add(`${peer.host}\u0000${peer.device}\u0000${peer.port}`);
    state.push(JSON.stringify(link));
    tokens.push(peer.port);
    const d = devices.get(`${peer.host}\u0000${peer.device}`);
    if (d?.kind === 'linux-bridge' && d.ports.length === 2) {
      // A two-port bridge is a wire with a filter on it (the hybrid firewall's): the walk goes on
      // through its other port. A bridge with more ports is a switch, shared like br-int.
      tokens.push(d.name);
      state.push(JSON.stringify(d));
      places.push(`${peer.host}\u0000${d.name}`);
      for (const p of d.ports) if (p !== peer.port) { tokens.push(p); walk(peer.host, d.name, p); }
    } else if (d?.kind === 'ovs' || d?.kind === 'linux-bridge') {
      const p = d.kind === 'ovs' ? d.ports.find((x) => x.name === peer.port) : undefined;
      if (p) state.push(`${d.name}:${JSON.stringify({ ...p, ofport: 0 })}`);
      places.push(`${peer.host}\u0000${d.name}\u0000${peer.port}`);
    }
  };
  walk(e.host, e.namespace, e.iface);
  return { tokens: [...new Set(tokens)], state, places, subnet };
}
