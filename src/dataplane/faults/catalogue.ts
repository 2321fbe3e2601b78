/**
 * The fault catalogue: every kind of fault, and every place in a data plane where each can be
 * injected (with a concrete wrong value where the fault needs one). `inject(dp, f)` succeeds for
 * every fault `faultSites(dp)` returns; `arb.fault` and the mutation score draw from it.
 */
import { tableNamed } from '../tables';
import { BRIDGE, DEAD_VLAN_TAG, DHCP_SERVER_PORT, NAMESPACE_PREFIX, PREFIX, VXLAN_UDP_PORT } from '../names';
import type { Dataplane, Flow, FlowAction, FlowMatch, Namespace, OvsBridge, TableName } from '../types';
import { broadcastOf, cidrContains, formatIp, parseCidr, parseIp } from '../../net/ipv4';
import type { Fault, FaultKind } from './types';
import { describeDvrFault, DVR_FAULT_KINDS, DVR_SITES, type DvrFault } from './dvr-sites';
import { describeSecurityGroupFault, SECURITY_GROUP_FAULT_KINDS, SECURITY_GROUP_SITES, type SecurityGroupFault } from './sg-sites';
import { describeTrunkFault, TRUNK_FAULT_KINDS, TRUNK_SITES, type TrunkFault } from './trunk-sites';

/** Every fault kind, in the order reports list them. */
export const FAULT_KINDS = [
  'port-vlan', 'flow-missing', 'flow-wrong', 'vni-mapping', 'tunnel-port-missing', 'stale-flood',
  'process-down', 'dhcp-host-missing', 'dhcp-lease-wrong', 'interface-missing', 'interface-down', 'rule-missing', 'instance-route',
  'sg-drop', 'ovs-sg-drop', 'relay-target', 'forward-drop', 'established-drop', 'notrack', 'prefix-drop',
  'route-missing', 'route-wrong', 'snat-source', 'address-changed', 'listener-port', 'dhcp-option', 'ip-forward-off',
  'rogue-dhcp', 'address-wrong-port', 'vrrp-split-brain',
  ...DVR_FAULT_KINDS, ...TRUNK_FAULT_KINDS, ...SECURITY_GROUP_FAULT_KINDS,
] as const satisfies readonly FaultKind[];

// A kind added to `Fault` but not to FAULT_KINDS fails to compile here.
type Missing = Exclude<FaultKind, (typeof FAULT_KINDS)[number]>;
const exhaustive: Missing extends never ? true : Missing = true;
void exhaustive;

const FABRIC = 'fabric';
const GATEWAY_PREFIX = PREFIX.routerGateway;
/** What a security group may be made to drop: DHCP, metadata (and any HTTP), ping. */
const SG_DROPS = [
  { proto: 'udp', dport: DHCP_SERVER_PORT },
  { proto: 'tcp', dport: 80 },
  { proto: 'icmp' },
] as const;

/** Every place of every kind (or of `kinds`), in data-plane order. */
export function faultSites(dp: Dataplane, kinds: readonly FaultKind[] = FAULT_KINDS): Fault[] {
  const want = new Set(kinds);
  return FAULT_KINDS.filter((k) => want.has(k)).flatMap((k): Fault[] => (SITES[k] as (d: Dataplane) => Fault[])(dp));
}

const SITES: { [K in FaultKind]: (dp: Dataplane) => Extract<Fault, { kind: K }>[] } = {
  'port-vlan': (dp) => bridges(dp, BRIDGE.integration).flatMap(({ host, br }) => br.ports
    .filter((p) => p.tag !== undefined && p.tag !== DEAD_VLAN_TAG)
    .flatMap((p) => wrongVlans(dp, host, p.tag!).map((vlan) => ({ kind: 'port-vlan' as const, host, port: p.name, vlan })))),

  'flow-missing': (dp) => bridges(dp).flatMap(({ host, br }) => addressable(br)
    .map((f) => ({ kind: 'flow-missing' as const, host, bridge: br.name, table: f.table, match: { ...f.match } }))),

  'flow-wrong': (dp) => bridges(dp).flatMap(({ host, br }) => addressable(br).flatMap((f) => wrongActions(dp, host, br, f)
    .map((actions) => ({ kind: 'flow-wrong' as const, host, bridge: br.name, table: f.table, match: { ...f.match }, actions })))),

  'vni-mapping': (dp) => bridges(dp, BRIDGE.tunnel).flatMap(({ host, br }) => br.flows
    // The flows that map a VNI to a local VLAN, by their structure.
    .filter((f) => f.match.tunId !== undefined && f.actions.some((a) => a.type === 'mod_vlan_vid'))
    .flatMap((f) => {
      const vlan = f.actions.find((a) => a.type === 'mod_vlan_vid');
      return vlan?.type === 'mod_vlan_vid'
        ? wrongVlans(dp, host, vlan.vlan).map((v) => ({ kind: 'vni-mapping' as const, host, vni: f.match.tunId!, vlan: v })) : [];
    })),

  'tunnel-port-missing': (dp) => bridges(dp, BRIDGE.tunnel).flatMap(({ host, br }) => br.ports
    .filter((p) => p.type === 'vxlan' || p.type === 'gre').map((p) => ({ kind: 'tunnel-port-missing' as const, host, port: p.name }))),

  'stale-flood': (dp) => bridges(dp, BRIDGE.tunnel).flatMap(({ host, br }) => br.flows
    .filter((f) => f.table === tableNamed(br, 'FLOOD_TO_TUN') && f.match.vlan !== undefined && isFirst(br, f))
    .flatMap((f) => f.actions.flatMap((a) => (a.type === 'output' ? [{ kind: 'stale-flood' as const, host, vlan: f.match.vlan!, port: a.port }] : [])))),

  // The cloud's processes, not a guest's own (its DHCP client is the one sending the flows).
  'process-down': (dp) => namespaces(dp).filter(({ ns }) => !ns.guest).flatMap(({ host, ns }) => [...new Set(ns.listeners.map((l) => l.process))]
    .map((process) => ({ kind: 'process-down' as const, host, namespace: ns.name, process }))),

  'dhcp-host-missing': (dp) => namespaces(dp).flatMap(({ host, ns }) => {
    const l = ns.listeners.find((x) => x.behaviour.kind === 'dhcp-server');
    return l?.behaviour.kind === 'dhcp-server'
      ? [...new Set(l.behaviour.hosts.map((h) => h.mac))].map((mac) => ({ kind: 'dhcp-host-missing' as const, host, namespace: ns.name, mac })) : [];
  }),

  // Each guest's entry: the address it would get from a dnsmasq whose hosts file was hand-edited.
  'dhcp-lease-wrong': (dp) => namespaces(dp).flatMap(({ host, ns }) => {
    const l = ns.listeners.find((x) => x.behaviour.kind === 'dhcp-server');
    if (l?.behaviour.kind !== 'dhcp-server') return [];
    const ranges = l.behaviour.ranges;
    const guests = new Set(dp.endpoints.instances.map((e) => e.mac));
    return l.behaviour.hosts.filter((h) => guests.has(h.mac)).flatMap((h) => {
      const cidr = ranges.find((r) => inCidr(h.ip, r.cidr))?.cidr;
      const to = cidr && unusedAddress(dp, cidr);
      return to ? [{ kind: 'dhcp-lease-wrong' as const, host, namespace: ns.name, mac: h.mac, from: h.ip, to }] : [];
    });
  }),

  'interface-missing': (dp) => namespaces(dp)
    .filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.router) || ns.name.startsWith(NAMESPACE_PREFIX.dhcp))
    .flatMap(({ host, ns }) => ns.interfaces.map((i) => ({ kind: 'interface-missing' as const, host, namespace: ns.name, iface: i.name }))),

  'interface-down': (dp) => dp.endpoints.instances.map((e) => ({ kind: 'interface-down' as const, host: e.host, namespace: e.namespace, iface: e.iface })),

  'rule-missing': (dp) => namespaces(dp).flatMap(({ host, ns }) => (['nat', 'filter', 'mangle'] as const).flatMap((table) =>
    Object.entries(ns.netfilter.tables[table as TableName] ?? {}).flatMap(([chain, rules]) => [...new Set(rules.map((r) => r.target.type))]
      .map((target) => ({ kind: 'rule-missing' as const, host, namespace: ns.name, table, chain, target }))))),

  'instance-route': (dp) => dp.endpoints.instances.flatMap((e) => {
    const guest = namespaces(dp).find((x) => x.host === e.host && x.ns.name === e.namespace)?.ns;
    const addr = guest?.interfaces.find((i) => i.name === e.iface)?.addresses[0];
    if (!addr) return [];
    const via = unusedAddress(dp, addr);
    const elsewhere = dp.endpoints.instances.find((o) => o.subnet !== e.subnet);
    const destinations = ['default', '169.254.169.254/32', ...(elsewhere ? [`${elsewhere.ip}/32`] : [])];
    return destinations.map((destination) => ({ kind: 'instance-route' as const, host: e.host, instance: e.namespace, destination, ...(via ? { via } : {}) }));
  }),

  'sg-drop': (dp) => instanceTaps(dp).filter(({ host, tap }) => hasEgressChain(dp, host, tap))
    .flatMap(({ host, tap }) => SG_DROPS.map((d) => ({ kind: 'sg-drop' as const, host, tap, ...d }))),

  'ovs-sg-drop': (dp) => instanceTaps(dp)
    .filter(({ host, tap }) => bridges(dp, BRIDGE.integration).some((b) => b.host === host
      && b.br.flows.some((f) => f.table === tableNamed(b.br, 'BASE_EGRESS') && f.match.inPort === tap)))
    .flatMap(({ host, tap }) => SG_DROPS.map((d) => ({ kind: 'ovs-sg-drop' as const, host, tap, ...d }))),

  'relay-target': (dp) => namespaces(dp).flatMap(({ host, ns }) => ns.listeners.flatMap((l): Extract<Fault, { kind: 'relay-target' }>[] => {
    if (l.behaviour.kind !== 'relay') return [];
    const to = l.behaviour.to;
    const base = { kind: 'relay-target' as const, host, namespace: ns.name, process: l.process };
    if ('unix' in to) return [{ ...base, to: { unix: `${to.unix}.missing` } }];
    // nova-api's own port instead of the metadata API's, and the agent's own host instead of Nova's.
    const own = ownAddress(dp, host);
    return [
      { ...base, to: { ...to, port: to.port === 8774 ? 8775 : 8774 } },
      ...(own && own !== to.ip ? [{ ...base, to: { ...to, ip: own } }] : []),
    ];
  })),

  'forward-drop': (dp) => routerInterfaces(dp).map(({ host, ns, iface }) => ({ kind: 'forward-drop' as const, host, namespace: ns, iface })),

  'established-drop': (dp) => instanceTaps(dp).filter(({ host, tap }) => hasEgressChain(dp, host, tap))
    .map(({ host, tap }) => ({ kind: 'established-drop' as const, host, tap })),

  // Where answers come back into a router from outside: its gateway ports.
  'notrack': (dp) => routerInterfaces(dp).filter(({ iface }) => iface.startsWith(GATEWAY_PREFIX))
    .map(({ host, ns, iface }) => ({ kind: 'notrack' as const, host, namespace: ns, iface })),

  // Where forwarded packets are filtered: each router, and the instance's own host (bridged
  // frames of the hybrid firewall). Prefixes that split a subnet: the /31 and the half holding it.
  'prefix-drop': (dp) => dp.endpoints.instances.flatMap((e) => {
    const subnet = guestSubnet(dp, e.host, e.namespace, e.iface);
    if (!subnet) return [];
    const places = [...namespaces(dp).filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.router)), ...namespaces(dp).filter(({ host, ns }) => host === e.host && ns.name === 'root')];
    const cidrs = [...new Set([31, subnet.prefix + 1].filter((p) => p > subnet.prefix && p < 32).map((p) => {
      const c = parseCidr(`${e.ip}/${p}`);
      return `${formatIp(c.network)}/${p}`;
    }))];
    return places.flatMap(({ host, ns }) => cidrs.flatMap((cidr) => (['src', 'dst'] as const)
      .map((direction) => ({ kind: 'prefix-drop' as const, host, namespace: ns.name, chain: 'FORWARD', direction, cidr }))));
  }),

  // The cloud's own routes (a guest's come from its DHCP answer, and instance-route covers those).
  'route-missing': (dp) => namespaces(dp).filter(({ ns }) => !ns.guest).flatMap(({ host, ns }) => ns.routes
    .map((r) => ({ kind: 'route-missing' as const, host, namespace: ns.name, destination: r.destination, dev: r.dev }))),

  'route-wrong': (dp) => namespaces(dp).filter(({ ns }) => !ns.guest).flatMap(({ host, ns }) => ns.routes.flatMap((r) => {
    const cidr = r.via ? ns.interfaces.find((i) => i.name === r.dev)?.addresses.find((a) => inCidr(r.via!, a)) : undefined;
    const via = cidr && unusedAddress(dp, cidr);
    return via ? [{ kind: 'route-wrong' as const, host, namespace: ns.name, destination: r.destination, dev: r.dev, via }] : [];
  })),

  'snat-source': (dp) => namespaces(dp).flatMap(({ host, ns }) => Object.entries(ns.netfilter.tables.nat ?? {}).flatMap(([chain, rules]) => [
    ...new Set(rules.flatMap((r) => (r.target.type === 'SNAT' ? [r.target.toSource] : []))),
  ].flatMap((from) => {
    const cidr = ns.interfaces.flatMap((i) => i.addresses).find((a) => inCidr(from, a));
    const to = cidr && unusedAddress(dp, cidr);
    return to ? [{ kind: 'snat-source' as const, host, namespace: ns.name, chain, from, to }] : [];
  }))),

  'address-changed': (dp) => routerInterfaces(dp).flatMap(({ host, ns, iface }) => {
    const i = namespaces(dp).find((x) => x.host === host && x.ns.name === ns)!.ns.interfaces.find((x) => x.name === iface)!;
    return i.addresses.flatMap((from) => {
      const to = unusedAddress(dp, from);
      return to ? [{ kind: 'address-changed' as const, host, namespace: ns, iface, from, to: `${to}/${from.split('/')[1]}` }] : [];
    });
  }),

  // The VXLAN endpoint on the old Linux default (8472) instead of IANA's 4789; any other one port up.
  'listener-port': (dp) => namespaces(dp).filter(({ ns }) => !ns.guest).flatMap(({ host, ns }) => ns.listeners
    .filter((l) => l.port !== undefined && l.behaviour.kind !== 'dhcp-client')
    .map((l) => ({ kind: 'listener-port' as const, host, namespace: ns.name, process: l.process, from: l.port!, to: l.port === VXLAN_UDP_PORT ? 8472 : l.port! + 1 }))),

  'dhcp-option': (dp) => namespaces(dp).flatMap(({ host, ns }) => ns.listeners.flatMap((l) => {
    if (l.behaviour.kind !== 'dhcp-server') return [];
    const ranges = l.behaviour.ranges;
    return l.behaviour.options.flatMap((o) => wrongOptionValues(dp, o.value, ranges.find((r) => r.tag === o.tag)?.cidr ?? ranges[0]?.cidr)
      .map((value) => ({ kind: 'dhcp-option' as const, host, namespace: ns.name, option: o.name, ...(o.tag ? { tag: o.tag } : {}), value })));
  })),

  'ip-forward-off': (dp) => namespaces(dp).filter(({ ns }) => ns.ipForward).map(({ host, ns }) => ({ kind: 'ip-forward-off' as const, host, namespace: ns.name })),

  // From every namespace of the cloud attached to the network but its own DHCP namespace; not
  // from a guest, whose port's anti-spoofing rules drop what a DHCP server sends.
  'rogue-dhcp': (dp) => namespaces(dp).flatMap(({ host: sHost, ns: server }) => server.listeners.flatMap((l) => {
    if (l.behaviour.kind !== 'dhcp-server' || !l.running) return [];
    const cidrs = l.behaviour.ranges.map((r) => r.cidr);
    return namespaces(dp).filter(({ ns }) => !ns.guest && !ns.listeners.some((x) => x.behaviour.kind === 'dhcp-server')).flatMap(({ host, ns }) => {
      const serverIp = ns.interfaces.flatMap((i) => i.addresses).find((a) => cidrs.some((c) => inCidr(a.split('/')[0], c)));
      return serverIp ? [{ kind: 'rogue-dhcp' as const, host, namespace: ns.name, serverIp: serverIp.split('/')[0], server: { host: sHost, namespace: server.name } }] : [];
    });
  })),

  'address-wrong-port': (dp) => namespaces(dp)
    .filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.router) || ns.name.startsWith(NAMESPACE_PREFIX.dhcp))
    .flatMap(({ host, ns }) => ns.interfaces.flatMap((from) => from.addresses.flatMap((address) => ns.interfaces.filter((to) => to !== from)
      .map((to) => ({ kind: 'address-wrong-port' as const, host, namespace: ns.name, address, from: from.name, to: to.name }))))),
  // Every backup of an HA router that has a primary to copy.
  'vrrp-split-brain': (dp) => namespaces(dp).filter(({ host, ns }) => vrrpState(ns) === 'BACKUP'
    && namespaces(dp).some((o) => o.host !== host && o.ns.name === ns.name && vrrpState(o.ns) === 'MASTER'))
    .map(({ host, ns }) => ({ kind: 'vrrp-split-brain' as const, host, namespace: ns.name })),
  ...DVR_SITES, ...TRUNK_SITES, ...SECURITY_GROUP_SITES,
};

function vrrpState(ns: Namespace): string | undefined {
  const b = ns.listeners.find((l) => l.behaviour.kind === 'vrrp')?.behaviour;
  return b?.kind === 'vrrp' ? b.state : undefined;
}

/** A one-line description: `port-vlan qvo5742ee20-b2@compute1 → vlan 2`. */
export function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'port-vlan': return `port-vlan ${f.port}@${f.host} → vlan ${f.vlan}`;
    case 'flow-missing': return `flow-missing ${f.bridge}@${f.host} table=${f.table} ${matchText(f.match)}`;
    case 'flow-wrong': return `flow-wrong ${f.bridge}@${f.host} table=${f.table} ${matchText(f.match)} → ${f.actions.map(actionText).join(',')}`;
    case 'vni-mapping': return `vni-mapping br-tun@${f.host} vni ${f.vni} → vlan ${f.vlan}`;
    case 'tunnel-port-missing': return `tunnel-port-missing ${f.port}@${f.host}`;
    case 'stale-flood': return `stale-flood br-tun@${f.host} vlan ${f.vlan} without ${f.port}`;
    case 'process-down': return `process-down ${f.process} in ${f.namespace}@${f.host}`;
    case 'dhcp-host-missing': return `dhcp-host-missing ${f.mac} in ${f.namespace}@${f.host}`;
    case 'dhcp-lease-wrong': return `dhcp-lease-wrong ${f.mac} gets ${f.to}, not ${f.from}, from ${f.namespace}@${f.host}`;
    case 'interface-missing': return `interface-missing ${f.iface} in ${f.namespace}@${f.host}`;
    case 'interface-down': return `interface-down ${f.iface} in ${f.namespace}@${f.host}`;
    case 'rule-missing': return `rule-missing ${f.table} ${f.chain} -j ${f.target} in ${f.namespace}@${f.host}`;
    case 'instance-route': return `instance-route ${f.instance}@${f.host} ${f.destination}${f.via ? ` via ${f.via}` : ''}`;
    case 'sg-drop': return `sg-drop ${f.tap}@${f.host} ${f.proto}${f.dport !== undefined ? `/${f.dport}` : ''}`;
    case 'ovs-sg-drop': return `ovs-sg-drop ${f.tap}@${f.host} ${f.proto}${f.dport !== undefined ? `/${f.dport}` : ''}`;
    case 'forward-drop': return `forward-drop -i ${f.iface} in ${f.namespace}@${f.host}`;
    case 'established-drop': return `established-drop ${f.tap}@${f.host}`;
    case 'notrack': return `notrack -i ${f.iface} in ${f.namespace}@${f.host}`;
    case 'prefix-drop': return `prefix-drop ${f.chain} -${f.direction === 'src' ? 's' : 'd'} ${f.cidr} NEW in ${f.namespace}@${f.host}`;
    case 'route-missing': return `route-missing ${f.destination} dev ${f.dev} in ${f.namespace}@${f.host}`;
    case 'route-wrong': return `route-wrong ${f.destination} dev ${f.dev} via ${f.via} in ${f.namespace}@${f.host}`;
    case 'snat-source': return `snat-source ${f.chain} --to-source ${f.from} → ${f.to} in ${f.namespace}@${f.host}`;
    case 'address-changed': return `address-changed ${f.iface} ${f.from} → ${f.to} in ${f.namespace}@${f.host}`;
    case 'listener-port': return `listener-port ${f.process} ${f.from} → ${f.to} in ${f.namespace}@${f.host}`;
    case 'dhcp-option': return `dhcp-option ${f.option}=${f.value || '(empty)'} in ${f.namespace}@${f.host}`;
    case 'ip-forward-off': return `ip-forward-off in ${f.namespace}@${f.host}`;
    case 'rogue-dhcp': return `rogue-dhcp in ${f.namespace}@${f.host} as ${f.serverIp} (hosts of ${f.server.namespace})`;
    case 'address-wrong-port': return `address-wrong-port ${f.address} on ${f.to} instead of ${f.from} in ${f.namespace}@${f.host}`;
    case 'relay-target': return `relay-target ${f.process} in ${f.namespace}@${f.host} → ${'unix' in f.to ? `unix:${f.to.unix}` : `${f.to.ip}:${f.to.port}`}`;
    case 'vrrp-split-brain': return `vrrp-split-brain keepalived in ${f.namespace}@${f.host} becomes MASTER too`;
    default: return describeModeFault(f);
  }
}

const DVR_KINDS: ReadonlySet<FaultKind> = new Set(DVR_FAULT_KINDS);
const TRUNK_KINDS: ReadonlySet<FaultKind> = new Set(TRUNK_FAULT_KINDS);

function describeModeFault(f: DvrFault | TrunkFault | SecurityGroupFault): string {
  if (DVR_KINDS.has(f.kind)) return describeDvrFault(f as DvrFault);
  if (TRUNK_KINDS.has(f.kind)) return describeTrunkFault(f as TrunkFault);
  return describeSecurityGroupFault(f as SecurityGroupFault);
}

// ------------------------------------------------------------------ helpers

function bridges(dp: Dataplane, name?: string): { host: string; br: OvsBridge }[] {
  return dp.hosts.filter((h) => h.name !== FABRIC).flatMap((h) => h.devices
    .filter((d): d is OvsBridge => d.kind === 'ovs' && (name === undefined || d.name === name)).map((br) => ({ host: h.name, br })));
}

function namespaces(dp: Dataplane): { host: string; ns: Namespace }[] {
  return dp.hosts.filter((h) => h.name !== FABRIC).flatMap((h) => h.devices
    .filter((d): d is Namespace => d.kind === 'namespace').map((ns) => ({ host: h.name, ns })));
}

/** Flows a `(table, match)` fault names exactly: the first flow of the table whose match includes `match` is this one. */
function addressable(br: OvsBridge): Flow[] {
  return br.flows.filter((f) => isFirst(br, f));
}

function isFirst(br: OvsBridge, f: Flow): boolean {
  const want = Object.entries(f.match) as [keyof FlowMatch, unknown][];
  return br.flows.find((x) => x.table === f.table && want.every(([k, v]) => x.match[k] === v)) === f;
}

/** Local VLANs in use on the host (other than `vlan`), then one nobody uses. */
function wrongVlans(dp: Dataplane, host: string, vlan: number): number[] {
  const used = Object.keys(dp.endpoints.localVlans[host] ?? {}).map(Number);
  const other = used.find((v) => v !== vlan);
  const unused = Math.max(vlan, ...used) + 1;
  return other === undefined ? [unused] : [other, unused];
}

/** Generic mutations of a flow's actions: another VNI, another tunnel port, another VLAN. */
function wrongActions(dp: Dataplane, host: string, br: OvsBridge, f: Flow): FlowAction[][] {
  const out: FlowAction[][] = [];
  const vnis = dp.endpoints.networks.map((n) => n.segmentationId).filter((v): v is number => v !== null);
  const tunnels = br.ports.filter((p) => p.type === 'vxlan' || p.type === 'gre').map((p) => p.name);
  const swap = (i: number, a: FlowAction) => f.actions.map((x, j) => (j === i ? a : { ...x }));
  f.actions.forEach((a, i) => {
    if (a.type === 'set_tunnel') out.push(swap(i, { type: 'set_tunnel', tunId: vnis.find((v) => v !== a.tunId) ?? a.tunId + 1 }));
    if (a.type === 'output' && tunnels.includes(a.port)) {
      const other = tunnels.find((t) => t !== a.port);
      if (other) out.push(swap(i, { type: 'output', port: other }));
    }
    if (a.type === 'mod_vlan_vid') out.push(swap(i, { type: 'mod_vlan_vid', vlan: wrongVlans(dp, host, a.vlan)[0] }));
  });
  return out;
}

/** Whether `ip` lies in `cidr` (an address with prefix, `192.168.1.1/24`, names its subnet). */
function inCidr(ip: string, cidr: string): boolean {
  return cidrContains(parseCidr(cidr), parseIp(ip));
}

/**
 * Wrong values for a dnsmasq option: each address in it (a router, DNS server or a classless
 * route's nexthop; not `0.0.0.0`, which means on-link) in turn replaced by one of the subnet that
 * nobody holds (another DNS server: one outside), a number (an MTU) smaller by 100.
 */
function wrongOptionValues(dp: Dataplane, value: string, cidr: string | undefined): string[] {
  if (/^\d+$/.test(value)) return [String(Number(value) - 100)];
  const parts = value.split(',');
  const free = cidr && unusedAddress(dp, cidr);
  return parts.flatMap((p, i) => {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(p) || p === '0.0.0.0') return [];
    const wrong = cidr && inCidr(p, cidr) ? free : '192.0.2.53';
    return wrong && wrong !== p ? [parts.map((q, j) => (j === i ? wrong : q)).join(',')] : [];
  });
}

/** An address of the subnet that no interface of the data plane holds: a nexthop nobody answers. */
function unusedAddress(dp: Dataplane, cidr: string): string | undefined {
  const c = parseCidr(cidr);
  const taken = new Set(namespaces(dp).flatMap(({ ns }) => ns.interfaces.flatMap((i) => i.addresses.map((a) => parseIp(a.split('/')[0])))));
  for (let ip = broadcastOf(c) - 1; ip > c.network; ip--) if (!taken.has(ip)) return formatIp(ip);
  return undefined;
}

function guestSubnet(dp: Dataplane, host: string, namespace: string, iface: string): ReturnType<typeof parseCidr> | undefined {
  const guest = namespaces(dp).find((x) => x.host === host && x.ns.name === namespace)?.ns;
  const addr = guest?.interfaces.find((i) => i.name === iface)?.addresses[0];
  return addr ? parseCidr(addr) : undefined;
}

function ownAddress(dp: Dataplane, host: string): string | undefined {
  const root = namespaces(dp).find((x) => x.host === host && x.ns.name === 'root')?.ns;
  return root?.interfaces[0]?.addresses[0]?.split('/')[0];
}

/** Each instance's tap: the port its guest NIC is linked to (on qbr), or the br-int port itself. */
function instanceTaps(dp: Dataplane): { host: string; tap: string }[] {
  return dp.endpoints.instances.flatMap((e) => {
    const link = dp.links.find((l) => (l.a.host === e.host && l.a.device === e.namespace && l.a.port === e.iface)
      || (l.b.host === e.host && l.b.device === e.namespace && l.b.port === e.iface));
    const peer = link && (link.a.device === e.namespace ? link.b : link.a);
    return peer?.port.startsWith('tap') ? [{ host: e.host, tap: peer.port }] : [];
  });
}

/** Every interface of every qrouter namespace. */
function routerInterfaces(dp: Dataplane): { host: string; ns: string; iface: string }[] {
  return namespaces(dp).filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.router))
    .flatMap(({ host, ns }) => ns.interfaces.map((i) => ({ host, ns: ns.name, iface: i.name })));
}

function hasEgressChain(dp: Dataplane, host: string, tap: string): boolean {
  const root = namespaces(dp).find((x) => x.host === host && x.ns.name === 'root')?.ns;
  return Object.keys(root?.netfilter.tables.filter ?? {}).some((c) => c.startsWith('neutron-openvswi-o') && c.endsWith(tap.slice(3, 13)));
}

function matchText(m: FlowMatch): string {
  return Object.entries(m).map(([k, v]) => `${k}=${String(v)}`).join(',') || '(any)';
}

function actionText(a: FlowAction): string {
  switch (a.type) {
    case 'output': return `output:${a.port}`;
    case 'resubmit': return `resubmit(,${a.table})`;
    case 'mod_vlan_vid': return `mod_vlan_vid:${a.vlan}`;
    case 'set_tunnel': return `set_tunnel:${a.tunId}`;
    case 'learn': return 'learn(...)';
    case 'arp_reply': return `arp_reply:${a.mac}`;
    default: return a.type;
  }
}
