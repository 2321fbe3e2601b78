import { formatCidr, parseCidr } from '../net/ipv4';
import type {
  Dataplane, Device, HostPlane, Interface, Link, LinkKind, Namespace, OvsBridge, PortRef,
} from '../dataplane/types';

/** Collects devices and links while the agents "run"; the result is a plain `Dataplane`. */
export class PlaneBuilder {
  private readonly hosts = new Map<string, Map<string, Device>>();
  readonly links: Link[] = [];

  host(name: string): Map<string, Device> {
    let h = this.hosts.get(name);
    if (!h) this.hosts.set(name, (h = new Map()));
    return h;
  }

  add<D extends Device>(host: string, device: D): D {
    const h = this.host(host);
    if (h.has(device.name)) throw new Error(`realize: device ${device.name} created twice on ${host}`);
    h.set(device.name, device);
    return device;
  }

  get(host: string, name: string): Device | undefined {
    return this.hosts.get(host)?.get(name);
  }

  ovs(host: string, name: string): OvsBridge {
    const d = this.get(host, name);
    if (!d || d.kind !== 'ovs') throw new Error(`realize: no OVS bridge ${name} on ${host}`);
    return d;
  }

  namespace(host: string, name: string): Namespace {
    const d = this.get(host, name);
    if (!d || d.kind !== 'namespace') throw new Error(`realize: no namespace ${name} on ${host}`);
    return d;
  }

  link(kind: LinkKind, a: PortRef, b: PortRef): void {
    this.links.push({ kind, a, b });
  }

  build(cloudName: string, endpoints: Dataplane['endpoints']): Dataplane {
    const hosts: HostPlane[] = [...this.hosts].map(([name, devices]) => ({ name, devices: [...devices.values()] }));
    return { cloudName, hosts, links: this.links, endpoints };
  }
}

export function emptyNamespace(name: string, role: Namespace['role'], owner?: string): Namespace {
  return {
    kind: 'namespace', name, role, owner, interfaces: [], routes: [], netfilter: { tables: {} },
    listeners: [], ipForward: false, guest: false,
  };
}

export function iface(name: string, mac: string, addresses: string[]): Interface {
  return { name, mac, addresses, up: true };
}

/** Adds the connected route of every address, as the kernel does when an address is set. */
export function addConnectedRoutes(ns: Namespace, i: Interface): void {
  for (const a of i.addresses) {
    const c = parseCidr(a);
    if (c.prefix === 32) continue;
    ns.routes.push({ destination: formatCidr(c), dev: i.name, proto: 'kernel' });
  }
}
