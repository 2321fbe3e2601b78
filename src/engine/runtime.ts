import type {
  Dataplane, Device, Interface, Listener, LinuxBridge, Namespace, OvsBridge, OvsPort, PolicyRule, Route,
} from '../dataplane/types';
import { formatIp, parseCidr, parseIp } from '../net/ipv4';
import type { Learned } from './learning';
import type { CompiledNetfilter } from './netfilter-compile';
import type { Pipeline } from './ovs-pipeline';

/**
 * The data plane compiled for walking: ports resolved to their peers, flow tables indexed, routes
 * sorted for longest-prefix match, addresses parsed. Built once per data plane (data planes are
 * values, so a WeakMap cache is safe). Only devices, ports and links are built up front; a
 * device's tables, addresses and rules are compiled when a packet first meets it, so a large
 * data plane is cheap to start walking. It also holds the memoised ARP exchanges.
 */
export interface RtPort {
  name: string;
  device: RtDevice;
  peer: RtPort | null;
  /** An OVS bridge's port as configured (tag, type); null on other devices. */
  ovs: OvsPort | null;
  /** A tunnel port's addresses, parsed on first use (`tunnelIpsOf`). */
  tunnel: TunnelIps | null;
  /** The configured port whose addresses those are (null: not a tunnel port). */
  tunnelOf: OvsPort | null;
}

export interface TunnelIps {
  local: number;
  remote: number;
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
  /** The flow tables, indexed when a frame first enters the bridge (`pipelineOf`). */
  pipeline: Pipeline | null;
  /** NORMAL's flood targets per VLAN, in port order (ovs.ts). */
  flood: Map<number, RtPort[]>;
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
  /** Whether the fields below are filled in: on first use (`prepareNamespace`), ports are always. */
  ready: boolean;
  ifaces: Map<string, RtIface>;
  localIps: Set<number>;
  /** The main table, longest prefix first. */
  routes: RtRoute[];
  /** Policy rules with the main table's among them, by priority; empty: the main table alone. */
  rules: RtRule[];
  /** Other routing tables by number, longest prefix first. */
  tables: Map<number, RtRoute[]>;
  /** Permanent neighbour entries: interface name → address → MAC. */
  neighbours: Map<string, Map<number, string>>;
  listeners: Listener[];
  /** Listeners' bound addresses, parsed once (0 = any). */
  listenerIps: Map<Listener, number>;
  /** Netfilter compiled for walking, on first use (netfilter.ts). */
  nf: CompiledNetfilter | null;
  /** VLAN devices by the port they are stacked on and their VID: where a tagged frame goes up. */
  vlanIfaces: Map<RtPort, Map<number, string>>;
}

/** A policy rule made ready to match; `table` null is the main table. */
export interface RtRule {
  priority: number;
  from: { network: number; mask: number } | null;
  iif: string | null;
  table: number | null;
  data: PolicyRule | null;
}

export type RtDevice = RtOvs | RtLinuxBridge | RtNamespace;

/** One ARP exchange as remembered: the answer (null when nobody answered) and what it taught. */
export interface ArpMemo {
  mac: string | null;
  learned: Learned;
  /** The address as traces print it. */
  ipText: string;
  /** Where the exchange's own frames went (`host\0device`): the who-has, unless shared, and the is-at back. */
  places?: readonly string[];
  /**
   * Where the who-has went when its flood is shared by every target (arp.ts): the flood's own
   * list, by reference; a copy per exchange would be N places for each of N targets.
   */
  floodPlaces?: readonly string[];
}

export interface Runtime {
  dp: Dataplane;
  /** host → device name → device. */
  devices: Map<string, Map<string, RtDevice>>;
  /** UNIX sockets by host and path: a filesystem path is shared by every namespace of the host. */
  unixListeners: Map<string, { ns: RtNamespace; listener: Listener }>;
  /** host → tunnel type → remote_ip (uint32) → the bridge port a decapsulated frame enters. */
  tunnelPorts: Map<string, Map<string, Map<number, RtPort>>>;
  /**
   * ARP exchanges, each walked once from a clean slate and remembered with what the switches
   * learned on the way, by asking interface and address. A pure function of the data plane.
   */
  arp: Map<RtIface, Map<number, ArpMemo>>;
}

const cache = new WeakMap<Dataplane, Runtime>();

export function runtimeOf(dp: Dataplane): Runtime {
  let rt = cache.get(dp);
  if (!rt) cache.set(dp, (rt = compile(dp)));
  return rt;
}

export function deviceOf(rt: Runtime, host: string, name: string): RtDevice | undefined {
  return rt.devices.get(host)?.get(name);
}

function compile(dp: Dataplane): Runtime {
  const devices = new Map<string, Map<string, RtDevice>>();
  const roots = new Map<string, RtNamespace>();
  const unixListeners = new Map<string, { ns: RtNamespace; listener: Listener }>();
  const tunnelPorts: Runtime['tunnelPorts'] = new Map();
  // A device's id is the number of distinct (host, name) seen before it, as a flat map's size was.
  let distinct = 0;
  for (const host of dp.hosts) {
    let onHost = devices.get(host.name);
    if (!onHost) devices.set(host.name, (onHost = new Map()));
    for (const d of host.devices) {
      const rd = compileDevice(host.name, d, distinct);
      if (!onHost.has(d.name)) distinct++;
      onHost.set(d.name, rd);
      if (rd.kind === 'namespace' && d.name === 'root') roots.set(host.name, rd);
    }
  }
  for (const onHost of devices.values()) {
    for (const d of onHost.values()) {
      d.root = roots.get(d.host) ?? null;
      if (d.kind === 'namespace') {
        for (const l of d.listeners) {
          if (l.proto === 'unix' && l.path) unixListeners.set(`${d.host}:${l.path}`, { ns: d, listener: l });
        }
      } else if (d.kind === 'ovs') {
        for (const port of d.ports.values()) {
          const p = port.ovs!;
          if ((p.type === 'vxlan' || p.type === 'gre') && p.remoteIp) addTunnelPort(tunnelPorts, d, p.type, p.remoteIp, port);
        }
      }
    }
  }
  for (const link of dp.links) {
    const a = devices.get(link.a.host)?.get(link.a.device)?.ports.get(link.a.port);
    const b = devices.get(link.b.host)?.get(link.b.device)?.ports.get(link.b.port);
    // A link whose end was removed (a missing port) simply does not carry frames.
    if (a && b) { a.peer = b; b.peer = a; }
  }
  return { dp, devices, unixListeners, tunnelPorts, arp: new Map() };
}

/**
 * Decapsulation finds its port by the outer source address as printed, so only a remote_ip in
 * canonical dotted form can ever be found; it is keyed by its number.
 */
function addTunnelPort(m: Runtime['tunnelPorts'], bridge: RtOvs, type: string, remoteIp: string, port: RtPort): void {
  let ip: number;
  try { ip = parseIp(remoteIp); } catch { return; }
  if (formatIp(ip) !== remoteIp) return;
  let byType = m.get(bridge.host);
  if (!byType) m.set(bridge.host, (byType = new Map()));
  let byIp = byType.get(type);
  if (!byIp) byType.set(type, (byIp = new Map()));
  byIp.set(ip, port);
}

function newPort(name: string, device: RtDevice): RtPort {
  return { name, device, peer: null, ovs: null, tunnel: null, tunnelOf: null };
}

/**
 * A tunnel port's addresses, parsed the first time a frame leaves through it: a host has a
 * tunnel port per peer (N² in a cloud), most of which a check's first traces never use.
 */
export function tunnelIpsOf(port: RtPort): TunnelIps {
  if (port.tunnel) return port.tunnel;
  const p = port.tunnelOf!;
  return (port.tunnel = { local: p.localIp ? parseIp(p.localIp) : 0, remote: parseIp(p.remoteIp!) });
}

function compileDevice(host: string, d: Device, id: number): RtDevice {
  const ports = new Map<string, RtPort>();
  if (d.kind === 'ovs') {
    const dev: RtOvs = {
      id, host, name: d.name, ports, root: null, kind: 'ovs', data: d, pipeline: null, flood: new Map(),
    };
    // A name given twice keeps its first place and its last port, as a map does; its addresses
    // are those of the last port of that name that has a remote_ip.
    for (const p of d.ports) {
      const port = newPort(p.name, dev);
      port.ovs = p;
      port.tunnelOf = p.remoteIp ? p : (ports.get(p.name)?.tunnelOf ?? null);
      ports.set(p.name, port);
    }
    return dev;
  }
  if (d.kind === 'linux-bridge') {
    const dev: RtLinuxBridge = { id, host, name: d.name, ports, root: null, kind: 'linux-bridge', data: d };
    for (const p of d.ports) ports.set(p, newPort(p, dev));
    return dev;
  }
  const dev: RtNamespace = {
    id, host, name: d.name, ports, root: null, kind: 'namespace', data: d, ready: false,
    ifaces: new Map(), localIps: new Set(), routes: [], rules: [], tables: new Map(), neighbours: new Map(), listeners: d.listeners, listenerIps: new Map(), nf: null, vlanIfaces: new Map(),
  };
  for (const i of d.interfaces) if (i.link === undefined) ports.set(i.name, newPort(i.name, dev));
  // A VLAN device sends through its parent's wire, so its name leads to its parent's port.
  for (const i of d.interfaces) {
    const parent = i.link === undefined ? undefined : ports.get(i.link);
    if (parent && !ports.has(i.name)) ports.set(i.name, parent);
  }
  return dev;
}

/** Parses a namespace's addresses, routes and listeners the first time a packet meets it. */
export function prepareNamespace(dev: RtNamespace): void {
  if (dev.ready) return;
  const d = dev.data;
  for (const l of d.listeners) dev.listenerIps.set(l, l.ip && l.ip !== '0.0.0.0' ? parseIp(l.ip) : 0);
  for (const i of d.interfaces) {
    const port = dev.ports.get(i.name);
    if (!port) continue; // a VLAN device on a parent that is not there
    if (i.link !== undefined && i.vlan) {
      let byVid = dev.vlanIfaces.get(port);
      if (!byVid) dev.vlanIfaces.set(port, (byVid = new Map()));
      byVid.set(i.vlan, i.name);
    }
    const addresses: RtAddress[] = [];
    for (const a of i.addresses) {
      const c = parseCidr(a);
      const ip = parseIp(a.split('/')[0]);
      dev.localIps.add(ip);
      addresses.push({ ip, network: c.network, mask: c.mask, prefix: c.prefix });
    }
    dev.ifaces.set(i.name, { data: i, port, addresses });
  }
  const routes: RtRoute[] = [];
  for (const r of d.routes) {
    const c = r.destination === 'default' ? DEFAULT_ROUTE : parseCidr(r.destination);
    const rt: RtRoute = { network: c.network, mask: c.mask, prefix: c.prefix, via: r.via ? parseIp(r.via) : 0, dev: dev.ifaces.get(r.dev) ?? null, data: r };
    if (r.table === undefined) { routes.push(rt); continue; }
    let t = dev.tables.get(r.table);
    if (!t) dev.tables.set(r.table, (t = []));
    t.push(rt);
  }
  dev.routes = routes.sort((x, y) => y.prefix - x.prefix);
  for (const t of dev.tables.values()) t.sort((x, y) => y.prefix - x.prefix);
  if (d.rules?.length) {
    const rules: RtRule[] = d.rules.map((r) => {
      const c = r.from === undefined ? null : parseCidr(r.from.includes('/') ? r.from : `${r.from}/32`);
      return { priority: r.priority, from: c && { network: c.network, mask: c.mask }, iif: r.iif ?? null, table: r.table, data: r };
    });
    // The kernel's `32766: from all lookup main`; a stable sort keeps rules of one priority in order.
    rules.push({ priority: MAIN_RULE_PRIORITY, from: null, iif: null, table: null, data: null });
    dev.rules = rules.sort((x, y) => x.priority - y.priority);
  }
  for (const n of d.neighbours ?? []) {
    let m = dev.neighbours.get(n.dev);
    if (!m) dev.neighbours.set(n.dev, (m = new Map()));
    m.set(parseIp(n.ip), n.mac);
  }
  dev.ready = true;
}

const DEFAULT_ROUTE = { network: 0, mask: 0, prefix: 0 };
/** `ip rule` shows the main table's rule at 32766. */
export const MAIN_RULE_PRIORITY = 32766;
