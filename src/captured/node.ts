import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DhcpHost, DhcpOption, Flow, Neighbour, Netfilter, Route } from '../dataplane/types';
import { formatCidr, parseCidr } from '../net/ipv4';
import { parseDhcpHosts, parseDhcpOpts, parseDnsmasqCommand, type DnsmasqCommand } from './dnsmasq';
import type { Issues } from './issues';
import { parseIpAddr, parseIpLink, parseIpNeigh, parseIpRoute, type IpLink, type Rejected } from './ip';
import { parseIpsetList } from './ipset';
import { parseIptablesSave } from './iptables';
import { interfaceRows, parseOvsJson, parseOvsShow, portRows, type OvsInterfaceRow } from './ovsdb';
import { parseFlows } from './ovs-flows';
import { withTableNotes } from './table-notes';
import { parseSs, type Socket } from './ss';

/** One namespace of a node, as its captured files say. */
export interface CapturedNamespace {
  name: string;
  links: IpLink[];
  addresses: Map<string, string[]>;
  routes: Route[];
  /** Permanent neighbour entries (`ip neigh ... PERMANENT`). */
  neighbours: Neighbour[];
  netfilter: Netfilter;
  sockets: Socket[];
  /** Whether ss.txt was captured (without it, listeners are inferred from the processes). */
  ssCaptured: boolean;
  /** `sysctl net.ipv4.ip_forward`, when captured. */
  ipForward?: boolean;
}

/** Everything one node's capture directory holds, parsed; what could not be parsed is in `issues`. */
export interface CapturedNode {
  host: string;
  namespaces: CapturedNamespace[];
  bridges: Map<string, { ports: string[]; flows: Flow[] }>;
  ports: Map<string, { tag?: number }>;
  interfaces: Map<string, OvsInterfaceRow>;
  /** network id → dnsmasq's hosts and opts files. */
  dhcp: Map<string, { hosts: DhcpHost[]; options: DhcpOption[] }>;
  /** router or network id → the metadata proxy's `server` (a UNIX socket) and `bind`. */
  haproxy: Map<string, { socket?: string; bind?: string }>;
  processes: string[];
  dnsmasq: DnsmasqCommand[];
  /** physical network → bridge (openvswitch_agent.ini bridge_mappings). */
  bridgeMappings: Map<string, string>;
  /** `sysctl net.bridge.bridge-nf-call-iptables` of the root namespace, when captured. */
  bridgeNfCallIptables?: boolean;
  /** Files of the layout the node's directory does not hold (relative to it): state not captured. */
  absent: ReadonlySet<string>;
  /** metadata_agent.ini, when copied. */
  metadataAgent?: { host?: string; port?: number; socket?: string };
}

/** Reads `DIR/<host>/` of a capture. `rel` names files in `issues` relative to the capture. */
export function readNode(dir: string, host: string, issues: Issues): CapturedNode {
  const file = (f: string) => path.join(dir, f);
  const rel = (f: string) => `${host}/${f}`;
  const absent = new Set<string>();
  const text = (f: string): string | undefined => {
    if (existsSync(file(f))) return readFileSync(file(f), 'utf8');
    absent.add(f);
    return undefined;
  };
  const report = (f: string, rejected: readonly Rejected[]) => { for (const r of rejected) issues.add(rel(f), r.line, r.text, r.reason); };

  const node: CapturedNode = {
    host, namespaces: [], bridges: new Map(), ports: new Map(), interfaces: new Map(), dhcp: new Map(), haproxy: new Map(),
    processes: [], dnsmasq: [], bridgeMappings: new Map(), absent,
  };

  const namespaceDirs: [string, string][] = [['root', 'root']];
  for (const line of (text('netns.txt') ?? '').split('\n')) {
    const name = line.trim().split(/\s+/)[0];
    if (name) namespaceDirs.push([name, `netns/${name.replace(/[^A-Za-z0-9._-]/g, '_')}`]);
  }
  for (const [name, d] of namespaceDirs) {
    const f = (x: string) => `${d}/${x}`;
    const link = parseIpLink(text(f('ip-link.txt')) ?? '');
    report(f('ip-link.txt'), link.rejected);
    const addr = parseIpAddr(text(f('ip-addr.txt')) ?? '');
    report(f('ip-addr.txt'), addr.rejected);
    const route = parseIpRoute(text(f('ip-route.txt')) ?? '');
    report(f('ip-route.txt'), route.rejected);
    const neigh = parseIpNeigh(text(f('ip-neigh.txt')) ?? '');
    report(f('ip-neigh.txt'), neigh.rejected);
    const nf = parseIptablesSave(text(f('iptables-save.txt')) ?? '');
    report(f('iptables-save.txt'), nf.rejected);
    const sets = parseIpsetList(text(f('ipset.txt')) ?? '');
    report(f('ipset.txt'), sets.rejected);
    if (Object.keys(sets.sets).length) nf.netfilter.ipsets = sets.sets;
    const ss = parseSs(text(f('ss.txt')) ?? '');
    report(f('ss.txt'), ss.rejected);
    const fwd = text(f('ip-forward.txt'))?.trim();
    const ns: CapturedNamespace = { name, links: link.links, addresses: addr.addresses, routes: route.routes, neighbours: neigh.neighbours, netfilter: nf.netfilter, sockets: ss.sockets, ssCaptured: text(f('ss.txt')) !== undefined };
    if (fwd === '0' || fwd === '1') ns.ipForward = fwd === '1';
    else if (fwd !== undefined) issues.add(rel(f('ip-forward.txt')), 1, fwd, 'not 0 or 1: taken as not captured');
    for (const missing of ['ip-link.txt', 'ip-addr.txt']) {
      if (text(f(missing)) === undefined) issues.add(rel(f(missing)), 0, '', 'not captured: the namespace\'s state is incomplete');
    }
    if (text(f('ip-route.txt')) === undefined) {
      // The kernel adds the connected route of every address; those at least are known.
      for (const [dev, list] of addr.addresses) for (const a of list) {
        const c = parseCidr(a);
        if (c.prefix < 32) ns.routes.push({ destination: formatCidr(c), dev, proto: 'kernel' });
      }
      issues.add(rel(f('ip-route.txt')), 0, '', 'not captured: only the connected routes of its addresses are known');
    }
    node.namespaces.push(ns);
  }

  // ---- Open vSwitch
  const show = parseOvsShow(text('ovs/show.txt') ?? '');
  const ifaceJson = parseOvsJson(text('ovs/interfaces.json') ?? '{"headings":[],"data":[]}');
  if (text('ovs/interfaces.json') === undefined && show.bridges.size) issues.add(rel('ovs/interfaces.json'), 0, '', 'not captured: ports are taken from ovs-vsctl show, without ofports or external_ids (flows must name their ports)');
  if (ifaceJson.error) issues.add(rel('ovs/interfaces.json'), 0, '', ifaceJson.error);
  node.interfaces = interfaceRows(ifaceJson.rows);
  // Without the JSON tables, what show prints stands in (no ofports or external_ids then).
  for (const [name, row] of show.interfaces) if (!node.interfaces.has(name)) node.interfaces.set(name, row);
  const portJson = parseOvsJson(text('ovs/ports.json') ?? '{"headings":[],"data":[]}');
  if (portJson.error) issues.add(rel('ovs/ports.json'), 0, '', portJson.error);
  node.ports = portRows(portJson.rows);
  for (const [name, tag] of show.tags) if (!node.ports.has(name)) node.ports.set(name, { tag });
  for (const [br, ports] of show.bridges) {
    const ofports = new Map<number, string>();
    for (const p of ports) {
      const row = node.interfaces.get(p);
      if (row?.ofport !== undefined) ofports.set(row.ofport, p);
    }
    const flowFile = `ovs/flows/${br.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`;
    const flowText = text(flowFile);
    if (flowText === undefined) issues.add(rel(flowFile), 0, '', `not captured: ${br} is taken without flows (every frame misses)`);
    const parsed = parseFlows(flowText ?? '', ofports);
    report(flowFile, parsed.rejected);
    node.bridges.set(br, { ports, flows: withTableNotes(br, parsed.flows) });
  }

  // Flow dumps of a bridge show does not list, and namespace directories netns.txt does not name.
  const flowDir = file('ovs/flows');
  if (existsSync(flowDir)) {
    const known = new Set([...show.bridges.keys()].map((b) => `${b.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`));
    for (const f of readdirSync(flowDir).sort()) {
      if (f.endsWith('.txt') && !known.has(f)) issues.add(rel(`ovs/flows/${f}`), 0, '', `no bridge of ovs-vsctl show is ${f.slice(0, -4)}: its flows are left out`);
    }
  }
  const netnsDir = file('netns');
  if (existsSync(netnsDir)) {
    const known = new Set(namespaceDirs.map(([, d]) => d));
    for (const d of readdirSync(netnsDir).sort()) if (!known.has(`netns/${d}`)) issues.add(rel(`netns/${d}`), 0, '', `netns.txt does not list ${d}: the namespace is left out`);
  }

  // ---- the agents' files
  const dhcpDir = file('neutron/dhcp');
  if (existsSync(dhcpDir)) {
    for (const net of readdirSync(dhcpDir).sort()) {
      if (!statSync(path.join(dhcpDir, net)).isDirectory()) continue;
      const h = parseDhcpHosts(text(`neutron/dhcp/${net}/host`) ?? '');
      report(`neutron/dhcp/${net}/host`, h.rejected);
      const o = parseDhcpOpts(text(`neutron/dhcp/${net}/opts`) ?? '');
      report(`neutron/dhcp/${net}/opts`, o.rejected);
      node.dhcp.set(net, { hosts: h.hosts, options: o.options });
    }
  }
  const proxyDir = file('neutron/ns-metadata-proxy');
  if (existsSync(proxyDir)) {
    for (const f of readdirSync(proxyDir).sort()) {
      if (!f.endsWith('.conf')) continue;
      const conf = readFileSync(path.join(proxyDir, f), 'utf8');
      const socket = /^\s*server\s+\S+\s+(\/\S+)/m.exec(conf)?.[1];
      const bind = /^\s*bind\s+(\S+)/m.exec(conf)?.[1];
      if (!socket) issues.add(rel(`neutron/ns-metadata-proxy/${f}`), 0, '', 'no `server NAME /unix/socket` line: the proxy relays nowhere the engine knows');
      node.haproxy.set(f.slice(0, -'.conf'.length), { ...(socket ? { socket } : {}), ...(bind ? { bind } : {}) });
    }
  }
  const nfCall = text('root/bridge-nf-call-iptables.txt')?.trim();
  if (nfCall === '0' || nfCall === '1') node.bridgeNfCallIptables = nfCall === '1';
  node.processes = (text('processes.txt') ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  node.dnsmasq = node.processes.filter((p) => /^\d+\s+\S*dnsmasq\s/.test(p)).map(parseDnsmasqCommand);
  const ovsIni = text('neutron/etc/openvswitch_agent.ini');
  if (ovsIni !== undefined) {
    const ini = iniSections(ovsIni);
    const mappings = ini.get('ovs')?.get('bridge_mappings') ?? '';
    for (const m of mappings.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [physnet, bridge] = m.split(':');
      if (physnet && bridge) node.bridgeMappings.set(physnet.trim(), bridge.trim());
    }
  }
  const mdIni = text('neutron/etc/metadata_agent.ini');
  if (mdIni !== undefined) {
    const d = iniSections(mdIni).get('DEFAULT');
    const port = d?.get('nova_metadata_port');
    node.metadataAgent = {
      ...(d?.get('nova_metadata_host') ? { host: d.get('nova_metadata_host') } : {}),
      ...(port ? { port: Number(port) } : {}),
      ...(d?.get('metadata_proxy_socket') ? { socket: d.get('metadata_proxy_socket') } : {}),
    };
  }
  return node;
}

/** `[section]` and `key = value` lines of an oslo.config file (keys in lower case); the rest is not read. */
function iniSections(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const h = /^\[([^\]]+)\]$/.exec(line);
    if (h) { out.set(h[1], (section = out.get(h[1]) ?? new Map())); continue; }
    const kv = /^([^=:#;\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && section) section.set(kv[1].toLowerCase(), kv[2]);
  }
  return out;
}
