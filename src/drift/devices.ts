import type { Interface, Namespace } from '../dataplane/types';
import { compareKeyed, type DriftSink, type Fields } from './compare';
import type { Captured } from './captured-files';
import { linkKind, linuxBridges, namespaces, ovsBridges, tunnelName, type HostSide } from './side';

/**
 * Devices: each namespace's interfaces (kind, MAC, addresses, up/down, MTU), the Linux bridges
 * and their ports, the OVS bridges and their ports (type, tag by the network its local VLAN
 * carries, tunnel ports by remote; ofports are the switch's own numbering, never compared).
 * `portMacs` are the MACs Neutron gave its ports: any other MAC is the kernel's pick.
 */
export function compareDevices(sink: DriftSink, node: string, e: HostSide, a: HostSide, portMacs: ReadonlySet<string>, captured: Captured): void {
  const actual = new Map(namespaces(a.host).map((n) => [n.name, n]));
  for (const ns of namespaces(e.host)) {
    const got = actual.get(ns.name);
    if (!got || ns.guest) continue; // a missing namespace is one item already; a guest's inside is not captured
    if (!captured(ns.name, 'ip-addr.txt') || !captured(ns.name, 'ip-link.txt')) { sink.skip(node, `${ns.name}: devices (ip link/addr not captured)`); continue; }
    if (ns.name === 'root') compareRootNics(sink, node, ns, got);
    else compareKeyed(sink, { node, kind: 'device', where: ns.name }, interfaces(e, ns, portMacs), interfaces(a, got, portMacs, ns));
  }
  if (!namespaces(e.host).some((n) => !n.guest && n.interfaces.some((i) => i.mtu !== undefined))) {
    sink.note('MTU of the nodes\' devices: realize sets none (the network MTU reaches guests as a DHCP option, compared there)');
  }

  const eLb = new Map(linuxBridges(e.host).map((b) => [b.name, b])), aLb = new Map(linuxBridges(a.host).map((b) => [b.name, b]));
  const eBr = new Map(ovsBridges(e.host).map((b) => [b.name, b])), aBr = new Map(ovsBridges(a.host).map((b) => [b.name, b]));
  const bridgeFields = (s: Map<string, { kind: string }>) => new Map([...s].map(([n, b]) => [n, { kind: b.kind }] as [string, Fields]));
  const lbFields = (m: typeof eLb) => new Map([...m].map(([n, b]) => [n, { kind: b.kind, ports: [...b.ports].sort().join(' '), 'bridge-nf-call-iptables': String(b.nfCallIptables) }] as [string, Fields]));
  compareKeyed(sink, { node, kind: 'bridge' }, new Map([...bridgeFields(eBr), ...lbFields(eLb)]), new Map([...bridgeFields(aBr), ...lbFields(aLb)]));

  for (const [name, br] of eBr) {
    const got = aBr.get(name);
    if (!got) continue;
    // A bridge's own internal port (named as the bridge) is OVS's, not an agent's.
    if (got.ports.some((p) => p.name === name) && !br.ports.some((p) => p.name === name)) sink.note('each OVS bridge\'s own internal port (named as the bridge)');
    const ports = (s: HostSide, b: typeof br) => new Map(b.ports.filter((p) => p.name !== name || br.ports.some((x) => x.name === name)).map((p): [string, Fields] => {
      const tunnel = p.type === 'vxlan' || p.type === 'gre';
      return [tunnel ? tunnelName(p.type, p.remoteIp) : p.name, { type: p.type, tag: p.tag === undefined ? undefined : s.reading(b).vlan(p.tag), ...(tunnel ? { local_ip: p.localIp } : {}) }];
    }));
    compareKeyed(sink, { node, kind: 'ovs-port', where: name }, ports(e, br), ports(a, got));
  }
}

/** A namespace's interfaces by name; `like` (the realized namespace) says which MACs and MTUs realize knows. */
function interfaces(side: HostSide, ns: Namespace, portMacs: ReadonlySet<string>, like: Namespace = ns): Map<string, Fields> {
  const out = new Map<string, Fields>();
  for (const i of ns.interfaces) {
    const model = like.interfaces.find((x) => x.name === i.name) ?? i;
    out.set(i.name, {
      kind: linkKind(side, ns.name, i.name), state: i.up ? 'up' : 'down', addresses: [...i.addresses].sort().join(' ') || undefined,
      mac: portMacs.has(model.mac) ? i.mac : undefined, mtu: model.mtu !== undefined ? mtuOf(i) : undefined,
    });
  }
  return out;
}

function mtuOf(i: Interface): string | undefined {
  return i.mtu === undefined ? undefined : String(i.mtu);
}

/**
 * The root namespace's own NICs: realize knows their addresses (management, overlay), not the
 * names or MACs the hardware gave them, so they are matched by address; the root namespace's
 * other devices are the node's own business.
 */
function compareRootNics(sink: DriftSink, node: string, e: Namespace, a: Namespace): void {
  const holder = new Map(a.interfaces.flatMap((i) => i.addresses.map((x) => [x, i] as const)));
  const matched = new Set<string>();
  const expected = new Map<string, Fields>(), actual = new Map<string, Fields>();
  for (const i of e.interfaces) for (const addr of i.addresses) {
    const key = `address ${addr}`;
    expected.set(key, { state: i.up ? 'up' : 'down' });
    const got = holder.get(addr);
    if (got) { matched.add(got.name); actual.set(key, { state: got.up ? 'up' : 'down' }); }
  }
  compareKeyed(sink, { node, kind: 'device', where: 'root' }, expected, actual);
  const others = a.interfaces.filter((i) => !matched.has(i.name)).length;
  if (others) sink.skip(node, 'root namespace devices holding no address realize gives the node', others);
  sink.note('names and MACs of the nodes\' own NICs (matched by address)');
}
