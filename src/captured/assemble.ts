import type {
  Dataplane, DhcpOption, DhcpRange, HostPlane, InstanceEndpoint, Interface, Link, LinuxBridge, Listener, Namespace, OvsBridge, OvsPort, PortRef,
} from '../dataplane/types';
import { capturedTableNames } from './table-notes';
import { FABRIC, SEGMENT } from '../dataplane/fabric';
import { deviceName, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, METADATA_IP, NAMESPACE_PREFIX, PREFIX, VRRP_GROUP, VXLAN_UDP_PORT } from '../dataplane/names';
import { HA_DEFAULT_PRIORITY } from '../realize/l3-agent';
import type { Cloud } from '../model/types';
import { cidrContains, formatCidr, parseCidr, parseIp } from '../net/ipv4';
import { RealizeContext } from '../realize/context';
import { realizeHosts } from '../realize/hosts';
import { realizeUpstream } from '../realize/upstream';
import { addConnectedRoutes } from '../realize/plane-builder';
import type { Issues } from './issues';
import type { CapturedNamespace, CapturedNode } from './node';
import { portType } from './ovsdb';

/**
 * Captured nodes as one data plane. Each node's state is taken as captured; what no node's tools
 * can show is built around it and said so in `assumptions`: the guests behind their tap devices
 * (from os-vif's external_ids and the dnsmasq host files), the physical segments between nodes
 * (from which subnet each node's NICs are on), and, when the logical cloud is known, the upstream
 * router and the internet host netspec models beyond the provider networks.
 */
export interface Assembled {
  dataplane: Dataplane;
  assumptions: string[];
}

export function assemble(nodes: readonly CapturedNode[], cloud: Cloud | undefined, issues: Issues, cloudName: string): Assembled {
  const assumptions: string[] = [];
  const hosts: HostPlane[] = [];
  const links: Link[] = [];
  const instances: InstanceEndpoint[] = [];
  const localVlans: Record<string, Record<number, string>> = {};
  // Every MAC a dnsmasq hosts file serves, with the network it serves it on.
  const served = new Map<string, { ip: string; network: string; ranges: DhcpRange[] }>();
  for (const n of nodes) {
    for (const [net, d] of n.dhcp) {
      const ranges = n.dnsmasq.find((c) => c.hostsFile?.includes(`/dhcp/${net}/`))?.ranges ?? [];
      for (const h of d.hosts) if (!served.has(h.mac)) served.set(h.mac, { ip: h.ip, network: net, ranges });
    }
  }
  // The logical cloud's ports by id, MAC and every device name the agents derive from their ids.
  const portById = new Map(cloud?.ports.map((p) => [p.id, p]) ?? []);
  const portByMac = new Map(cloud?.ports.map((p) => [p.mac_address, p]) ?? []);
  const byDevice = new Map(cloud?.ports.flatMap((p) => [PREFIX.tap, PREFIX.vethOvsSide, PREFIX.routerInternal, PREFIX.routerGateway, PREFIX.haRouter]
    .map((prefix) => [deviceName(prefix, p.id), p.network_id] as const)) ?? []);
  const computePortByDevice = new Map(cloud?.ports.filter((p) => p.device_owner.startsWith('compute:'))
    .flatMap((p) => [[deviceName(PREFIX.tap, p.id), p], [deviceName(PREFIX.vethOvsSide, p.id), p]] as const) ?? []);
  const rootWires: { host: string; iface: string; cidr: string; tunnel: boolean }[] = [];
  const providerWires: { host: string; bridge: string; port: string; physnet: string }[] = [];

  for (const node of nodes) {
    const host = node.host;
    const devices: HostPlane['devices'] = [];
    const lvids: Record<number, string> = {};
    localVlans[host] = lvids;
    const ref = (device: string, port: string): PortRef => ({ host, device, port });

    // ---- OVS bridges
    const bridgeOfPort = new Map<string, string>();
    const tunnelLocalIps = new Set<string>();
    for (const [name, b] of node.bridges) {
      const ports: OvsPort[] = [];
      b.ports.forEach((p, i) => {
        const row = node.interfaces.get(p);
        const type = portType(row);
        if (typeof type !== 'string') { issues.add(`${host}/ovs/interfaces.json`, 0, p, `${p}: ${type.unsupported}`); return; }
        const port: OvsPort = { name: p, ofport: row?.ofport ?? i + 1, type };
        const tag = node.ports.get(p)?.tag;
        if (tag !== undefined) port.tag = tag;
        if (type === 'vxlan' || type === 'gre') {
          if (row?.options.remote_ip) port.remoteIp = row.options.remote_ip;
          if (row?.options.local_ip) { port.localIp = row.options.local_ip; tunnelLocalIps.add(row.options.local_ip); }
        }
        ports.push(port);
        bridgeOfPort.set(p, name);
      });
      const tableNames = capturedTableNames(name);
      const br: OvsBridge = tableNames ? { kind: 'ovs', name, ports, flows: b.flows, tableNames } : { kind: 'ovs', name, ports, flows: b.flows };
      devices.push(br);
    }
    // Patch pairs (each side names its peer; one link per pair).
    for (const [name, b] of node.bridges) for (const p of b.ports) {
      const row = node.interfaces.get(p);
      const peer = row?.type === 'patch' ? row.options.peer : undefined;
      const peerBridge = peer ? bridgeOfPort.get(peer) : undefined;
      if (peer && !peerBridge) issues.add(`${host}/ovs/interfaces.json`, 0, p, `patch port ${p}: its peer ${peer} is on no bridge`);
      if (peer && peerBridge && p < peer) links.push({ kind: 'patch', a: ref(name, p), b: ref(peerBridge, peer) });
    }

    // ---- the root namespace's devices: Linux bridges, veth pairs, its own NICs
    const root = node.namespaces.find((n) => n.name === 'root')!;
    const masters = new Set(root.links.map((l) => l.master).filter((m): m is string => !!m && m !== 'ovs-system'));
    const linuxBridges = new Map<string, LinuxBridge>();
    for (const m of masters) {
      const lb: LinuxBridge = { kind: 'linux-bridge', name: m, ports: root.links.filter((l) => l.master === m).map((l) => l.name), nfCallIptables: node.bridgeNfCallIptables ?? true };
      linuxBridges.set(m, lb);
      devices.push(lb);
    }
    if (masters.size && node.bridgeNfCallIptables === undefined) assumptions.push(`${host}: Linux bridges ${[...masters].join(', ')} pass bridged frames to iptables (net.bridge.bridge-nf-call-iptables = 1, which the hybrid firewall needs; the capture holds no sysctl of it)`);
    const lbOf = (port: string) => root.links.find((l) => l.name === port && l.master && l.master !== 'ovs-system')?.master;
    const deviceOf = (port: string): PortRef => {
      const br = bridgeOfPort.get(port);
      if (br) return ref(br, port);
      const lb = lbOf(port);
      if (lb) return ref(lb, port);
      return ref('root', port);
    };
    const paired = new Set<string>();
    for (const l of root.links) {
      if (!l.peer || paired.has(l.name)) continue;
      paired.add(l.name).add(l.peer);
      links.push({ kind: 'veth', a: deviceOf(l.name), b: deviceOf(l.peer) });
    }
    const rootNs = namespaceOf(node, root, 'root', 'root', undefined, (l) =>
      l.name === 'ovs-system' || /^(vxlan_sys|gre_sys|genev_sys)/.test(l.name) || masters.has(l.name) || !!lbOf(l.name)
      || (bridgeOfPort.has(l.name) && !root.addresses.get(l.name)?.length), issues, assumptions);
    devices.push(rootNs);
    for (const i of rootNs.interfaces) {
      const br = bridgeOfPort.get(i.name);
      if (br) links.push({ kind: 'internal', a: ref(br, i.name), b: ref('root', i.name) });
      else if (!paired.has(i.name)) {
        for (const a of i.addresses) {
          const c = parseCidr(a);
          if (c.prefix < 32 && !a.startsWith('169.254.')) rootWires.push({ host, iface: i.name, cidr: formatCidr(c), tunnel: [...tunnelLocalIps].some((ip) => cidrContains(c, parseIp(ip))) });
        }
      }
    }
    // Provider bridges: their system ports that are this node's NICs lead to the physical network.
    for (const [physnet, bridge] of node.bridgeMappings) {
      for (const p of node.bridges.get(bridge)?.ports ?? []) {
        const row = node.interfaces.get(p);
        const l = root.links.find((x) => x.name === p);
        if ((row?.type ?? '') === '' && l && !l.peer && !row?.externalIds['attached-mac']) providerWires.push({ host, bridge, port: p, physnet });
      }
    }

    // ---- the named namespaces: routers, DHCP, and whatever else runs there
    for (const ns of node.namespaces) {
      if (ns.name === 'root') continue;
      const role: Namespace['role'] = ns.name.startsWith(NAMESPACE_PREFIX.router) ? 'qrouter' : ns.name.startsWith(NAMESPACE_PREFIX.dhcp) ? 'qdhcp' : 'external';
      const id = ns.name.replace(/^q(router|dhcp)-/, '');
      const owner = cloud ? [...cloud.routers, ...cloud.networks].find((x) => x.id === id)?.name ?? id : id;
      const n = namespaceOf(node, ns, ns.name, role, owner, () => false, issues, assumptions);
      addKeepalived(node, n, id, cloud?.routers.find((r) => r.id === id)?.ha_vr_id ?? undefined, issues);
      for (const i of n.interfaces) {
        const br = bridgeOfPort.get(i.name);
        if (br) links.push({ kind: 'internal', a: ref(br, i.name), b: ref(ns.name, i.name) });
        const tag = node.ports.get(i.name)?.tag;
        if (role === 'qdhcp' && tag !== undefined) lvids[tag] = id;
      }
      devices.push(n);
    }

    // ---- guests: behind each OVS interface os-vif marked with attached-mac
    const nics = new Map<string, { row: string; mac: string; ifaceId?: string }[]>();
    for (const [name, row] of node.interfaces) {
      const mac = row.externalIds['attached-mac'];
      if (!mac || !bridgeOfPort.has(name)) continue;
      const vm = row.externalIds['vm-uuid'] ?? row.externalIds['iface-id'] ?? name;
      const list = nics.get(vm) ?? [];
      list.push({ row: name, mac: mac.toLowerCase(), ifaceId: row.externalIds['iface-id'] });
      nics.set(vm, list);
    }
    // Without external_ids (ovs-vsctl show only), an instance port is known by its device name.
    const inNamespace = new Set(node.namespaces.filter((n) => n.name !== 'root').flatMap((n) => n.links.map((l) => l.name)));
    for (const [name] of bridgeOfPort) {
      if (node.interfaces.get(name)?.externalIds['attached-mac'] || inNamespace.has(name)) continue;
      const port = computePortByDevice.get(name);
      if (!port) continue;
      const list = nics.get(port.device_id) ?? [];
      list.push({ row: name, mac: port.mac_address, ifaceId: port.id });
      nics.set(port.device_id, list);
      assumptions.push(`${host}: ${name} is taken as port ${port.id}'s device (named after it; no external_ids captured)`);
    }
    for (const [vm, list] of nics) {
      const inst = cloud?.instances.find((i) => i.id === vm) ?? cloud?.instances.find((i) => list.some((n) => n.ifaceId && i.ports.includes(n.ifaceId)));
      const name = inst?.name ?? vm;
      if (!inst) assumptions.push(`${host}: the instance behind ${list.map((n) => n.row).join(', ')} is named after its vm-uuid ${vm} (no logical cloud names it)`);
      const guest: Namespace = {
        kind: 'namespace', name, role: 'instance', owner: name, interfaces: [], routes: [], netfilter: { tables: {} }, listeners: [], ipForward: false, guest: true,
      };
      list.forEach((nic, index) => {
        const eth = `eth${index}`;
        // Hybrid plug: the OVS port is qvo, its veth peer qvb sits on qbr with the guest's tap.
        const peerLink = root.links.find((l) => l.name === nic.row)?.peer;
        const lb = peerLink ? lbOf(peerLink) : undefined;
        const tap = lb ? linuxBridges.get(lb)!.ports.find((p) => p !== peerLink) : undefined;
        links.push({ kind: 'veth', a: { host, device: name, port: eth }, b: lb && tap ? ref(lb, tap) : ref(bridgeOfPort.get(nic.row)!, nic.row) });
        const i: Interface = { name: eth, mac: nic.mac, addresses: [], up: true };
        const dhcp = served.get(nic.mac);
        const port = (nic.ifaceId ? portById.get(nic.ifaceId) : undefined) ?? portByMac.get(nic.mac);
        if (dhcp) i.dhcp = { state: 'init' };
        else if (port && cloud) {
          i.addresses = port.fixed_ips.map((f) => `${f.ip_address}/${parseCidr(cloud.subnets.find((s) => s.id === f.subnet_id)?.cidr ?? `${f.ip_address}/32`).prefix}`);
          addConnectedRoutes(guest, i);
          assumptions.push(`${host}: ${name} ${eth} is configured statically with ${i.addresses.join(', ') || 'no address'} (no dnsmasq hosts file serves ${nic.mac})`);
        } else {
          issues.add(`${host}/ovs/interfaces.json`, 0, nic.row, `${name} ${eth} (${nic.mac}): no dnsmasq hosts file serves it and no logical cloud gives its address`);
        }
        guest.interfaces.push(i);
        const tag = node.ports.get(nic.row)?.tag;
        const network = dhcp?.network ?? port?.network_id;
        if (tag !== undefined && network) lvids[tag] = network;
        const ip = dhcp?.ip ?? port?.fixed_ips[0]?.ip_address;
        if (index === 0 && ip && network) {
          const range = dhcp?.ranges.find((r) => cidrContains(parseCidr(r.cidr), parseIp(ip)));
          const subnet = range?.tag.replace(/^subnet-/, '') ?? port?.fixed_ips[0]?.subnet_id ?? '';
          instances.push({ name, host, namespace: name, iface: eth, mac: nic.mac, ip, network, subnet });
        }
      });
      guest.listeners.push({ process: 'dhclient', proto: 'udp', ip: '0.0.0.0', port: DHCP_CLIENT_PORT, behaviour: { kind: 'dhcp-client' }, running: true, packetSocket: true });
      devices.push(guest);
    }
    // Every other tagged port the logical cloud names (qr-, qg-, ha-, ports of networks no guest here uses).
    if (cloud) {
      for (const [name, p] of node.ports) {
        const net = byDevice.get(name);
        if (p.tag !== undefined && net && lvids[p.tag] === undefined) lvids[p.tag] = net;
      }
    }
    if (!Object.keys(lvids).length) delete localVlans[host];
    hosts.push({ name: host, devices });
  }

  // ---- the fabric: segments between the nodes, and what the cloud says lies beyond
  const fabric: HostPlane = { name: FABRIC, devices: [] };
  const segments = new Map<string, LinuxBridge>();
  const segment = (name: string) => {
    let s = segments.get(name);
    if (!s) { segments.set(name, (s = { kind: 'linux-bridge', name, ports: [], nfCallIptables: false, learnsPerVlan: true })); fabric.devices.push(s); }
    return s;
  };
  const cidrs = [...new Set(rootWires.map((w) => w.cidr))];
  const nonTunnel = cidrs.filter((c) => !rootWires.some((w) => w.cidr === c && w.tunnel));
  for (const c of cidrs) {
    const tunnel = rootWires.some((w) => w.cidr === c && w.tunnel);
    const name = tunnel ? SEGMENT.overlay : nonTunnel.length === 1 ? SEGMENT.management : `segment-${c}`;
    const s = segment(name);
    for (const w of rootWires.filter((x) => x.cidr === c)) {
      const port = s.ports.includes(w.host) ? `${w.host}-${w.iface}` : w.host;
      s.ports.push(port);
      links.push({ kind: 'wire', a: { host: w.host, device: 'root', port: w.iface }, b: { host: FABRIC, device: name, port } });
    }
  }
  if (cidrs.length) assumptions.push(`fabric: the nodes' NICs on one subnet share one physical segment (${cidrs.join(', ')})`);
  for (const w of providerWires) {
    const s = segment(w.physnet);
    s.ports.push(w.host);
    links.push({ kind: 'wire', a: { host: w.host, device: w.bridge, port: w.port }, b: { host: FABRIC, device: w.physnet, port: w.host } });
  }
  let internet = '192.0.2.1';
  if (cloud) {
    const modelled = beyondTheCloud(cloud);
    internet = cloud.options.internet_probe_ip;
    const mf = modelled.hosts.find((h) => h.name === FABRIC);
    const beyond = mf?.devices.filter((d) => d.kind === 'namespace') ?? [];
    for (const d of beyond) fabric.devices.push(structuredClone(d));
    for (const l of modelled.links) {
      if (l.a.host !== FABRIC || l.b.host !== FABRIC) continue;
      links.push(structuredClone(l));
      const seg = fabric.devices.find((d) => d.name === l.b.device);
      if (!seg && beyond.every((d) => d.name !== l.b.device)) segment(l.b.device);
      const s = segments.get(l.b.device);
      if (s && !s.ports.includes(l.b.port)) s.ports.push(l.b.port);
    }
    if (beyond.length) assumptions.push(`fabric: ${beyond.map((d) => d.name).join(' and ')} are netspec's model of what lies beyond the provider networks (no node's capture shows them)`);
  } else {
    assumptions.push('fabric: no logical cloud given, so nothing lies beyond the provider networks (no upstream router, no internet host)');
  }
  hosts.push(fabric);

  const names: Record<string, string> = cloud ? Object.fromEntries([...cloud.networks, ...cloud.routers, ...cloud.subnets, ...cloud.instances].map((x) => [x.id, x.name])) : {};
  const instanceOfPort = new Map(cloud?.instances.flatMap((i) => i.ports.map((p) => [p, i.name] as const)) ?? []);
  return {
    dataplane: {
      cloudName,
      hosts,
      links,
      endpoints: {
        instances,
        internet,
        floatingIps: cloud?.floatingips.map((f) => ({ address: f.floating_ip_address, fixed: f.fixed_ip_address, instance: instanceOfPort.get(f.port_id) ?? '' })) ?? [],
        metadata: { ip: METADATA_IP, port: 80 },
        names,
        networks: cloud?.networks.map((n) => ({ id: n.id, name: n.name, type: n['provider:network_type'], segmentationId: n['provider:segmentation_id'] })) ?? [],
        localVlans,
      },
    },
    assumptions,
  };
}

/** What realize puts on the fabric for the cloud (its segments, the upstream router, the internet host), and only that. */
function beyondTheCloud(cloud: Cloud): Dataplane {
  const ctx = new RealizeContext(cloud);
  realizeHosts(ctx);
  realizeUpstream(ctx);
  return ctx.plane.build(cloud.name, { instances: [], internet: cloud.options.internet_probe_ip, floatingIps: [], metadata: { ip: METADATA_IP, port: 80 }, names: {}, networks: [], localVlans: {} });
}

/**
 * keepalived's VRRP instance of an HA router: it runs for the router (its command line names the
 * router's ha_confs/), speaks on the `ha-` device, and is MASTER exactly where that device holds
 * the primary VIP 169.254.0.<vrid>/24 (keepalived adds it on becoming master). A backup's vrid is
 * only in the logical cloud (keepalived.conf is not captured: it holds the VRRP password).
 */
function addKeepalived(node: CapturedNode, ns: Namespace, routerId: string, vrid: number | undefined, issues: Issues): void {
  if (!node.processes.some((p) => /keepalived/.test(p) && p.includes(`/ha_confs/${routerId}/`))) return;
  const ha = ns.interfaces.find((i) => i.name.startsWith(PREFIX.haRouter));
  if (!ha) { issues.add(`${node.host}/processes.txt`, 0, '', `keepalived runs for ${ns.name} but it has no ${PREFIX.haRouter} device: taken as not running`); return; }
  const vip = ha.addresses.map((a) => /^169\.254\.0\.(\d+)\/24$/.exec(a)).find((m) => m);
  const id = vip ? Number(vip[1]) : vrid;
  if (id === undefined) { issues.add(`${node.host}/processes.txt`, 0, '', `keepalived for ${ns.name}: a backup whose vrid no logical cloud gives: taken as not running`); return; }
  ns.listeners.push({
    process: 'keepalived', proto: 'vrrp', ip: VRRP_GROUP, iface: ha.name, packetSocket: true, running: true,
    behaviour: { kind: 'vrrp', vrid: id, priority: HA_DEFAULT_PRIORITY, state: vip ? 'MASTER' : 'BACKUP' },
  });
}

/** A namespace from its captured state; `skip` says which root-namespace devices belong to bridges instead. */
function namespaceOf(
  node: CapturedNode, ns: CapturedNamespace, name: string, role: Namespace['role'], owner: string | undefined,
  skip: (l: CapturedNamespace['links'][number]) => boolean, issues: Issues, assumptions: string[],
): Namespace {
  const out: Namespace = {
    kind: 'namespace', name, role, ...(owner !== undefined ? { owner } : {}), interfaces: [], routes: ns.routes, netfilter: ns.netfilter,
    listeners: [], ipForward: ns.ipForward ?? role === 'qrouter', guest: false,
  };
  if (ns.neighbours.length) out.neighbours = ns.neighbours;
  if (ns.ipForward === undefined && name !== 'root') assumptions.push(`${node.host}: ${name} ${out.ipForward ? 'forwards' : 'does not forward'} IPv4 (no ip-forward.txt captured)`);
  for (const l of ns.links) {
    if (l.loopback || skip(l)) continue;
    const i: Interface = { name: l.name, mac: l.mac ?? '00:00:00:00:00:00', addresses: ns.addresses.get(l.name) ?? [], up: l.up };
    out.interfaces.push(i);
  }
  const dir = name === 'root' ? 'root' : `netns/${name}`;
  const id = name.replace(/^q(router|dhcp)-/, '');
  const hasTunnels = (type: string) => [...node.interfaces.values()].some((r) => r.type === type);
  const sockets = [...ns.sockets];
  if (!ns.ssCaptured && name !== 'root') {
    // No ss output: the agents' processes say what listens here (dnsmasq per network, haproxy per router or network).
    if (node.dnsmasq.some((c) => c.hostsFile?.includes(`/dhcp/${id}/`))) sockets.push({ proto: 'udp', ip: '0.0.0.0', port: DHCP_SERVER_PORT, process: 'dnsmasq' });
    const bind = node.haproxy.get(id)?.bind;
    const port = bind ? Number(/:(\d+)$/.exec(bind)?.[1]) : NaN;
    if (node.processes.some((p) => p.includes(`haproxy`) && p.includes(`${id}.conf`)) && port) {
      const ip = /^(\d+\.\d+\.\d+\.\d+):/.exec(bind!)?.[1] ?? '0.0.0.0';
      sockets.push({ proto: 'tcp', ip, port, process: 'haproxy' });
    }
    if (sockets.length) assumptions.push(`${node.host}: ${name}: no ss output, so ${sockets.map((s) => `${s.process} on ${s.proto}/${s.port}`).join(' and ')} are taken from the running processes`);
  }
  for (const s of sockets) {
    const base = { proto: s.proto, ip: s.ip, port: s.port, running: true, ...(s.iface ? { iface: s.iface } : {}) } as const;
    const proc = s.process ?? '';
    let l: Listener;
    if (proc === 'dnsmasq' && s.proto === 'udp' && s.port === DHCP_SERVER_PORT) {
      const files = node.dhcp.get(id);
      if (!files) { issues.add(`${node.host}/${dir}/ss.txt`, 0, '', `dnsmasq answers DHCP in ${name} but no neutron/dhcp/${id}/ files were captured: it is taken as answering no one`); }
      const cmd = node.dnsmasq.find((c) => c.hostsFile?.includes(`/dhcp/${id}/`));
      const tap = out.interfaces.find((i) => i.addresses.some((a) => !a.startsWith(`${METADATA_IP}/`)));
      const serverIp = tap?.addresses.find((a) => !a.startsWith(`${METADATA_IP}/`))?.split('/')[0] ?? '';
      let ranges = cmd?.ranges ?? [];
      if (!cmd) {
        const tags = [...new Set((files?.options ?? []).map((o) => o.tag).filter((t): t is string => !!t))];
        const cidrs = (tap?.addresses ?? []).filter((a) => !a.startsWith(`${METADATA_IP}/`)).map((a) => formatCidr(parseCidr(a)));
        ranges = cidrs.map((c, k) => ({ tag: tags.length === cidrs.length ? tags[k] : `subnet-${k}`, cidr: c }));
        assumptions.push(`${node.host}: dnsmasq in ${name}: no command line in processes.txt, so its ranges are taken from the namespace's addresses (${cidrs.join(', ')}) and its lease time as 86400 s`);
      }
      const options: DhcpOption[] = [...(cmd?.options ?? []), ...(files?.options ?? [])];
      l = { ...base, process: 'dnsmasq', behaviour: { kind: 'dhcp-server', hosts: files?.hosts ?? [], leaseSeconds: cmd?.leaseSeconds ?? 86400, serverIp, ranges, options } };
    } else if (proc === 'haproxy') {
      const conf = node.haproxy.get(id);
      if (!conf?.socket) {
        issues.add(`${node.host}/${dir}/ss.txt`, 0, '', `haproxy listens in ${name} but no neutron/ns-metadata-proxy/${id}.conf names where it relays: taken as accepting only`);
        l = { ...base, process: 'haproxy', behaviour: { kind: 'accept' } };
      } else {
        l = { ...base, process: 'haproxy', behaviour: { kind: 'relay', to: { unix: conf.socket } } };
      }
    } else if (!proc && s.proto === 'udp' && s.port === VXLAN_UDP_PORT) {
      // A socket of no process on udp/4789 is the kernel's VXLAN endpoint (vxlan_sys_4789).
      l = { ...base, process: 'ovs-vswitchd (vxlan_sys_4789)', behaviour: { kind: 'tunnel-endpoint', tunnelType: 'vxlan' } };
    } else if (proc.startsWith('nova-api-metada')) {
      l = { ...base, process: 'nova-api-metadata', behaviour: { kind: 'server', status: 200 } };
    } else {
      l = { ...base, process: proc || 'kernel', behaviour: { kind: 'accept' } };
    }
    out.listeners.push(l);
  }
  if (name === 'root') {
    if (hasTunnels('vxlan') && !out.listeners.some((l) => l.behaviour.kind === 'tunnel-endpoint')) {
      out.listeners.push({ process: 'ovs-vswitchd (vxlan_sys_4789)', proto: 'udp', ip: '0.0.0.0', port: VXLAN_UDP_PORT, behaviour: { kind: 'tunnel-endpoint', tunnelType: 'vxlan' }, running: true });
      assumptions.push(`${node.host}: OVS's VXLAN endpoint listens on UDP ${VXLAN_UDP_PORT} (br-tun has VXLAN ports; ss did not show the kernel's socket)`);
    }
    if (hasTunnels('gre')) out.listeners.push({ process: 'ovs-vswitchd (gre_sys)', proto: 'gre', ip: '0.0.0.0', behaviour: { kind: 'tunnel-endpoint', tunnelType: 'gre' }, running: true });
    const agent = node.processes.some((p) => /neutron-metadata-agent/.test(p));
    if (agent) {
      const md = node.metadataAgent;
      const socket = md?.socket ?? [...node.haproxy.values()].find((h) => h.socket)?.socket ?? '/var/lib/neutron/metadata_proxy';
      if (md?.host) {
        out.listeners.push({ process: 'neutron-metadata-agent', proto: 'unix', path: socket, running: true,
          behaviour: { kind: 'relay', to: { ip: md.host, port: md.port ?? 8775, proto: 'tcp' } } });
      } else {
        issues.add(`${node.host}/neutron/etc/metadata_agent.ini`, 0, '', 'neutron-metadata-agent runs but its nova_metadata_host was not captured: it relays nowhere');
      }
    }
  }
  return out;
}
