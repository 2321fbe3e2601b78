import type {
  Dataplane, Device, Interface, Listener, LinuxBridge, Namespace, OvsBridge, OvsPort, Route,
} from '../dataplane/types';
import { parseCidr, parseIp } from '../net/ipv4';
import { FlowClassifier } from './classifier';
import type { Learned } from './learning';

/**
 * The data plane compiled for walking: ports resolved to their peers, flow tables indexed, routes
 * sorted for longest-prefix match, addresses parsed. Built once per data plane (data planes are
 * values, so a WeakMap cache is safe). It also holds what a real switch or kernel would learn
 * while traffic flows: MAC tables, learned flows, neighbour (ARP) caches.
 */
export interface RtPort {
  name: string;
  device: RtDevice;
  peer: RtPort | null;
}

interface RtBase {
  /** A small number naming the device in learned-state keys. */
  id: number;
  host: string;
  name: string;
  ports: Map<string, RtPort>;
  root: RtNamespace | null;
}

export interface RtOvs extends RtBase {
  kind: 'ovs';
  data: OvsBridge;
  ovsPorts: Map<string, OvsPort>;
  tables: Map<number, FlowClassifier>;
  /** Tables some `learn()` action writes to: only these consult learned flows. */
  learnTables: Set<number>;
  /** Tunnel ports' addresses, parsed once. */
  tunnelIps: Map<string, { local: number; remote: number }>;
}

export interface RtLinuxBridge extends RtBase {
  kind: 'linux-bridge';
  data: LinuxBridge;
}

export interface RtAddress {
  ip: number;
  network: number;
  mask: number;
  prefix: number;
}

export interface RtIface {
  data: Interface;
  port: RtPort;
  addresses: RtAddress[];
}

export interface RtRoute {
  network: number;
  mask: number;
  prefix: number;
  via: number;
  dev: RtIface | null;
  data: Route;
}

export interface RtNamespace extends RtBase {
  kind: 'namespace';
  data: Namespace;
  ifaces: Map<string, RtIface>;
  localIps: Set<number>;
  routes: RtRoute[];
  listeners: Listener[];
  /** Listeners' bound addresses, parsed once (0 = any). */
  listenerIps: Map<Listener, number>;
}

export type RtDevice = RtOvs | RtLinuxBridge | RtNamespace;

export interface Runtime {
  dp: Dataplane;
  devices: Map<string, RtDevice>;
  /** host → its `root` namespace. */
  roots: Map<string, RtNamespace>;
  /** UNIX sockets by host and path: a filesystem path is shared by every namespace of the host. */
  unixListeners: Map<string, { ns: RtNamespace; listener: Listener }>;
  /** `${host}/${type}/${remote_ip}` → the bridge and port a decapsulated frame enters. */
  tunnelPorts: Map<string, { bridge: RtOvs; port: RtPort }>;
  /**
   * ARP exchanges, each walked once from a clean slate and remembered: the answer (null when
   * nobody answered) and what the switches learned on the way. A pure function of the data plane.
   */
  arp: Map<RtNamespace, Map<string, { mac: string | null; learned: Learned }>>;
}

const cache = new WeakMap<Dataplane, Runtime>();

export function runtimeOf(dp: Dataplane): Runtime {
  let rt = cache.get(dp);
  if (!rt) cache.set(dp, (rt = compile(dp)));
  return rt;
}

export function deviceKey(host: string, device: string): string {
  return `${host}/${device}`;
}

function compile(dp: Dataplane): Runtime {
  const devices = new Map<string, RtDevice>();
  const roots = new Map<string, RtNamespace>();
  const unixListeners = new Map<string, { ns: RtNamespace; listener: Listener }>();
  for (const host of dp.hosts) {
    for (const d of host.devices) {
      const rd = compileDevice(host.name, d, devices.size);
      devices.set(deviceKey(host.name, d.name), rd);
      if (rd.kind === 'namespace' && d.name === 'root') roots.set(host.name, rd);
    }
  }
  for (const d of devices.values()) {
    d.root = roots.get(d.host) ?? null;
    if (d.kind !== 'namespace') continue;
    for (const l of d.listeners) {
      if (l.proto === 'unix' && l.path) unixListeners.set(`${d.host}:${l.path}`, { ns: d, listener: l });
    }
  }
  const tunnelPorts = new Map<string, { bridge: RtOvs; port: RtPort }>();
  for (const d of devices.values()) {
    if (d.kind !== 'ovs') continue;
    for (const p of d.ovsPorts.values()) {
      if ((p.type === 'vxlan' || p.type === 'gre') && p.remoteIp) {
        tunnelPorts.set(`${d.host}/${p.type}/${p.remoteIp}`, { bridge: d, port: d.ports.get(p.name)! });
      }
    }
  }
  for (const link of dp.links) {
    const a = devices.get(deviceKey(link.a.host, link.a.device))?.ports.get(link.a.port);
    const b = devices.get(deviceKey(link.b.host, link.b.device))?.ports.get(link.b.port);
    // A link whose end was removed (a missing port) simply does not carry frames.
    if (a && b) { a.peer = b; b.peer = a; }
  }
  return { dp, devices, roots, unixListeners, tunnelPorts, arp: new Map() };
}

function compileDevice(host: string, d: Device, id: number): RtDevice {
  const ports = new Map<string, RtPort>();
  const base = { id, host, name: d.name, ports, root: null };
  if (d.kind === 'ovs') {
    const dev: RtOvs = {
      ...base, kind: 'ovs', data: d, ovsPorts: new Map(), tables: new Map(), learnTables: new Set(), tunnelIps: new Map(),
    };
    for (const p of d.ports) {
      dev.ovsPorts.set(p.name, p);
      ports.set(p.name, { name: p.name, device: dev, peer: null });
      if (p.remoteIp) dev.tunnelIps.set(p.name, { local: p.localIp ? parseIp(p.localIp) : 0, remote: parseIp(p.remoteIp) });
    }
    for (const f of d.flows) for (const a of f.actions) if (a.type === 'learn') dev.learnTables.add(a.spec.table);
    const byTable = new Map<number, typeof d.flows>();
    for (const f of d.flows) {
      let list = byTable.get(f.table);
      if (!list) byTable.set(f.table, (list = []));
      list.push(f);
    }
    for (const [t, flows] of byTable) dev.tables.set(t, new FlowClassifier(flows));
    return dev;
  }
  if (d.kind === 'linux-bridge') {
    const dev: RtLinuxBridge = { ...base, kind: 'linux-bridge', data: d };
    for (const p of d.ports) ports.set(p, { name: p, device: dev, peer: null });
    return dev;
  }
  const dev: RtNamespace = {
    ...base, kind: 'namespace', data: d, ifaces: new Map(), localIps: new Set(), routes: [],
    listeners: d.listeners,
    listenerIps: new Map(d.listeners.map((l) => [l, l.ip && l.ip !== '0.0.0.0' ? parseIp(l.ip) : 0])),
  };
  for (const i of d.interfaces) {
    const port: RtPort = { name: i.name, device: dev, peer: null };
    ports.set(i.name, port);
    const addresses = i.addresses.map((a) => {
      const c = parseCidr(a);
      const ip = parseIp(a.split('/')[0]);
      dev.localIps.add(ip);
      return { ip, network: c.network, mask: c.mask, prefix: c.prefix };
    });
    dev.ifaces.set(i.name, { data: i, port, addresses });
  }
  dev.routes = d.routes.map((r) => {
    const c = r.destination === 'default' ? { network: 0, mask: 0, prefix: 0 } : parseCidr(r.destination);
    return { ...c, via: r.via ? parseIp(r.via) : 0, dev: dev.ifaces.get(r.dev) ?? null, data: r };
  }).sort((x, y) => y.prefix - x.prefix);
  return dev;
}
