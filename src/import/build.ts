/**
 * Joins the records of a dump into a `CloudSpec`: every reference checked (a port's network, a
 * fixed IP's subnet, a server's host), every contradiction between files reported with the file
 * and the resource, and every spec item remembered with its source so that a later validation
 * issue can be reported against the dump rather than the generated YAML.
 */
import { DEFAULT_AGENTS } from '../model/defaults';
import type {
  CloudSpec, FixedIpSpec, FloatingIpSpec, HostSpec, OptionsSpec, InstancePortSpec, InstanceSpec, NetworkSpec, RouterInterfaceSpec, RouterSpec,
  SecurityGroupRuleSpec, SecurityGroupSpec, SubnetSpec,
} from '../model/spec';
import type { NetworkType } from '../model/types';
import { normalizeProtocol } from '../model/ip-protocols';
import { cidrContains, isCidr, isIpv4, parseCidr, parseIp } from '../net/ipv4';
import type { AgentConfigs } from './agent-configs';
import { deploymentFromConfigs } from './deployment-configs';
import { collectHosts, finishHosts } from './hosts';
import { serversFromPorts } from './servers-from-ports';
import { importTrunks } from './trunks';
import { basename as base } from 'node:path';
import type { Issues, Source } from './issues';
import type { GroupRec, NetworkRec, PortRec, Records, ServerRec } from './records';
import { FILES } from './read';

export interface Built {
  spec: CloudSpec;
  /** Assumptions and omissions, for the file's header. */
  notes: string[];
  /** Per host: placeholders and assumptions. */
  hostNotes: Map<string, string[]>;
  /** Spec path (`instances[0].ports[1]`) → where it came from. */
  provenance: Map<string, Source>;
}

const NETWORK_TYPES: NetworkType[] = ['vxlan', 'gre', 'vlan', 'flat'];
const isTunnel = (t: string | undefined) => t === 'vxlan' || t === 'gre';
const DVR_INTERFACE = 'network:router_interface_distributed';
const CSNAT = 'network:router_centralized_snat';
const HA_INTERFACE = 'network:ha_router_replicated_interface';
const HA_PORT = 'network:router_ha_interface';

/** Unique, non-empty names per kind; references in the spec are by these names. */
class Names {
  private readonly used = new Set<string>();
  constructor(private readonly kind: string, private readonly notes: string[]) {}
  take(name: string, id: string, src: Source): string {
    let n = name.trim() || `${this.kind}-${id.slice(0, 8)}`;
    for (let len = 8; this.used.has(n); len += 4) n = `${name.trim() || this.kind}-${id.slice(0, len)}`;
    this.used.add(n);
    if (n !== name) this.notes.push(`${src.file}: ${src.what} is named ${n} ${name ? '(its name is not unique)' : '(it has no name)'}`);
    return n;
  }
}

export function buildSpec(recs: Records, issues: Issues, name: string, configs: AgentConfigs): Built {
  const notes: string[] = [];
  const provenance = new Map<string, Source>();
  const portsFile = FILES.ports.file;

  // ---- indexes, with duplicate ids reported
  function index<T extends { id: string; src: Source }>(items: T[], kind: string): Map<string, T> {
    const m = new Map<string, T>();
    for (const x of items) {
      const prev = m.get(x.id);
      if (prev) issues.add(x.src, 'duplicate-id', `${kind} id ${x.id} is already used by ${prev.src.what}`);
      else m.set(x.id, x);
    }
    return m;
  }
  const networks = index(recs.networks, 'network');
  const subnets = index(recs.subnets, 'subnet');
  const ports = index(recs.ports, 'port');
  const routers = index(recs.routers, 'router');
  const apiPorts = recs.ports.some((p) => p.deviceId !== undefined);
  if (!recs.servers && recs.ports.length && !apiPorts) {
    issues.add({ file: recs.ports[0].src.file, what: '(file)' }, 'missing-file',
      `no ${FILES.servers.file}: instances are then read from the ports' device_id and binding:host_id, which \`${FILES.ports.cli}\` does not print: `
      + `save the body of ${FILES.ports.api} as ${FILES.ports.file}, or save \`${FILES.servers.cli}\` as ${FILES.servers.file}`);
  }
  const servers = index(recs.servers ?? (apiPorts ? serversFromPorts(recs.ports, issues, notes) : []), 'server');
  const groups = recs.groups && index(recs.groups, 'security group');
  const fileOf = (kind: keyof typeof FILES) => FILES[kind].file;
  // Ports are mostly unnamed: name them in messages by what they belong to, as Horizon does.
  for (const p of ports.values()) {
    if (p.name) continue;
    const of = p.deviceId && (servers.get(p.deviceId)?.name ?? routers.get(p.deviceId)?.name);
    const also = of || (p.owner === 'network:dhcp' ? 'DHCP' : p.fixedIps[0]?.ip);
    if (also) p.src.what = `port ${p.id} (${also})`;
  }

  // ---- networks
  const netNames = new Names('network', notes);
  const netName = new Map<string, string>();
  const networkSpecs: NetworkSpec[] = [];
  // The hidden HA networks (l3_hamode_db) carry only the HA routers' own ports: netspec derives them from the routers.
  const haNetworks = new Set([...networks.values()].filter((n) => n.name.startsWith('HA network tenant ')).map((n) => n.id));
  for (const p of ports.values()) if (p.owner === HA_PORT && p.networkId) haNetworks.add(p.networkId);
  for (const n of networks.values()) {
    if (haNetworks.has(n.id)) {
      notes.push(`${n.src.file}: ${n.src.what} is an HA network; netspec builds it from the HA routers (on l3_ha_net_cidr, the next free segment)`);
      continue;
    }
    const type = n.type as NetworkType | undefined;
    if (type === undefined) {
      issues.add(n.src, 'missing-field', 'no provider:network_type (the provider attributes are admin-only: dump as an admin)');
    } else if (!NETWORK_TYPES.includes(type)) {
      issues.add(n.src, 'unsupported', `provider:network_type ${type}; netspec models ${NETWORK_TYPES.join(', ')}`);
    } else if (type !== 'flat' && n.segmentationId == null) {
      issues.add(n.src, 'missing-field', `a ${type} network needs provider:segmentation_id`);
    } else if (!isTunnel(type) && !n.physicalNetwork) {
      issues.add(n.src, 'missing-field', `a ${type} network needs provider:physical_network`);
    }
    const nm = netNames.take(n.name, n.id, n.src);
    netName.set(n.id, nm);
    provenance.set(`networks[${networkSpecs.length}]`, n.src);
    networkSpecs.push({
      id: n.id, name: nm, 'provider:network_type': type ?? 'vxlan',
      ...(type !== 'flat' && n.segmentationId != null && { 'provider:segmentation_id': n.segmentationId }),
      ...(!isTunnel(type) && n.physicalNetwork && { 'provider:physical_network': n.physicalNetwork }),
      ...(n.external && { 'router:external': true }),
      ...(n.adminUp === false && { admin_state_up: false }),
      ...(n.mtu !== undefined && { mtu: n.mtu }),
    });
  }
  const networkRef = (id: string | undefined, src: Source, what = 'network'): NetworkRec | undefined => {
    if (id === undefined) return undefined;
    const n = networks.get(id);
    if (!n) issues.add(src, 'unknown-reference', `${what} ${id} not found in ${fileOf('networks')}`);
    return n;
  };

  // ---- subnets (IPv4 only: the model is IPv4)
  const subNames = new Names('subnet', notes);
  const subName = new Map<string, string>();
  const v6 = new Set<string>();
  const subnetSpecs: SubnetSpec[] = [];
  for (const s of subnets.values()) {
    if (s.networkId !== undefined && haNetworks.has(s.networkId)) continue;
    const net = networkRef(s.networkId, s.src);
    if (s.networkId === undefined) issues.add(s.src, 'missing-field', 'no network_id');
    if (s.ipVersion === 6 || s.cidr?.includes(':')) {
      v6.add(s.id);
      notes.push(`${s.src.file}: ${s.src.what} is IPv6; netspec models IPv4, so it and its addresses are left out`);
      continue;
    }
    if (!s.cidr) { issues.add(s.src, 'missing-field', 'no cidr'); continue; }
    const nm = subNames.take(s.name, s.id, s.src);
    subName.set(s.id, nm);
    provenance.set(`subnets[${subnetSpecs.length}]`, s.src);
    subnetSpecs.push({
      id: s.id, name: nm, network: net ? netName.get(net.id)! : s.networkId ?? '?', cidr: s.cidr,
      ...(s.gatewayIp !== undefined && { gateway_ip: s.gatewayIp }),
      ...(s.pools && { allocation_pools: s.pools }),
      ...(s.dhcp === false && { enable_dhcp: false }),
      ...(s.hostRoutes?.length && { host_routes: s.hostRoutes }),
      ...(s.dns?.length && { dns_nameservers: s.dns }),
    });
  }

  // ---- ports: every reference and address checked, the network derived where the CLI omits it
  const portNet = new Map<string, string>();
  for (const p of ports.values()) {
    const nets = new Set<string>();
    if (p.networkId !== undefined) {
      if (networkRef(p.networkId, p.src)) nets.add(p.networkId);
      else continue;
    }
    for (const f of p.fixedIps) {
      const s = subnets.get(f.subnetId);
      if (!s) { issues.add(p.src, 'unknown-reference', `fixed IP ${f.ip}: subnet ${f.subnetId} not found in ${fileOf('subnets')}`); continue; }
      if (s.networkId === undefined || !networks.has(s.networkId)) continue;
      if (p.networkId !== undefined && s.networkId !== p.networkId) {
        issues.add(p.src, 'contradiction', `fixed IP ${f.ip} is on ${s.src.what} of network ${s.networkId}, but the port is on network ${p.networkId}`);
        continue;
      }
      nets.add(s.networkId);
      if (!v6.has(s.id) && s.cidr && isCidr(s.cidr)) {
        if (!isIpv4(f.ip)) issues.add(p.src, 'contradiction', `fixed IP ${f.ip} is not an IPv4 address, but ${s.src.what} is ${s.cidr}`);
        else if (!cidrContains(parseCidr(s.cidr), parseIp(f.ip))) {
          issues.add(p.src, 'ip-outside-subnet', `fixed IP ${f.ip} is outside ${s.src.what}, ${s.cidr}`);
        }
      }
    }
    if (nets.size > 1) issues.add(p.src, 'contradiction', `its fixed IPs are on subnets of different networks (${[...nets].join(', ')})`);
    else if (nets.size === 1) portNet.set(p.id, [...nets][0]);
  }
  const v4Ips = (p: PortRec): FixedIpSpec[] => p.fixedIps.filter((f) => subName.has(f.subnetId))
    .map((f) => ({ subnet: subName.get(f.subnetId)!, ip_address: f.ip }));

  // ---- hosts (first pass)
  const draft = collectHosts(recs, issues, notes, configs);
  const hvHost = new Map((recs.hypervisors ?? []).map((hv) => [hv.hostname, hv.serviceHost ?? draft.resolve(hv.hostname) ?? hv.hostname]));
  const neededPhysnets = new Map<string, Set<string>>();
  const needPhysnet = (host: string | undefined, networkId: string | undefined) => {
    const n = networkId === undefined ? undefined : networks.get(networkId);
    if (!host || !n?.physicalNetwork || isTunnel(n.type)) return;
    if (!neededPhysnets.has(host)) neededPhysnets.set(host, new Set());
    neededPhysnets.get(host)!.add(n.physicalNetwork);
  };

  // ---- routers
  const byDevice = new Map<string, PortRec[]>();
  for (const p of ports.values()) if (p.deviceId) byDevice.set(p.deviceId, [...(byDevice.get(p.deviceId) ?? []), p]);
  const claimed = new Set<string>();
  const routerNames = new Names('router', notes);
  const routerSpecs: RouterSpec[] = [];
  for (const r of routers.values()) {
    const at = `routers[${routerSpecs.length}]`;
    provenance.set(at, r.src);
    const spec: RouterSpec = { id: r.id, name: routerNames.take(r.name, r.id, r.src) };
    if (r.distributed) spec.distributed = true;
    if (r.adminUp === false) spec.admin_state_up = false;
    const own = byDevice.get(r.id) ?? [];
    // An HA router's interface and gateway ports are bound where it is active; its HA ports, one per agent.
    const hosts = new Set(own.filter((p) => p.owner?.startsWith('network:router') && p.owner !== HA_PORT).flatMap((p) => (p.host ? [p.host] : [])));
    const haPorts = own.filter((p) => p.owner === HA_PORT);
    for (const p of haPorts) claimed.add(p.id);
    if (hosts.size > 1) issues.add(r.src, 'contradiction', `its ports are bound to several hosts (${[...hosts].join(', ')}) in ${portsFile}; a router's ports are bound to one L3 agent (an HA router's to the active one)`);
    if (r.ha) {
      spec.ha = true;
      const agents = [...new Set(haPorts.flatMap((p) => (p.host ? [p.host] : [])))];
      const active = hosts.size === 1 ? [...hosts][0] : undefined;
      if (agents.length) spec.l3_agents = agents.map((host) => ({ host, ...(active && { ha_state: host === active ? 'active' as const : 'standby' as const }) }));
      if (agents.length && active && !agents.includes(active)) {
        issues.add(r.src, 'contradiction', `its ports are bound to ${active}, which has none of its HA ports (${agents.join(', ')}) in ${portsFile}`);
      }
      if (!agents.length) notes.push(`${r.src.file}: ${r.src.what} is HA but ${portsFile} shows no HA port (device_owner ${HA_PORT}) of it: the first L3 agents are assumed`);
      else if (!active) notes.push(`${r.src.file}: ${r.src.what}: no bound port says which agent is active: ${agents[0]}, the first, assumed`);
    } else if (hosts.size === 1) spec.host = [...hosts][0];
    for (const p of r.ha ? [] : haPorts) issues.add(p.src, 'contradiction', `an HA port (device_owner ${HA_PORT}) of ${r.src.what}, which is not HA`);

    if (r.gateway) {
      const net = networkRef(r.gateway.networkId, r.src, 'external_gateway_info: network');
      if (net) {
        const fixed = r.gateway.fixedIps.filter((f) => {
          if (subName.has(f.subnetId)) return true;
          if (!subnets.has(f.subnetId)) issues.add(r.src, 'unknown-reference', `external_fixed_ips: subnet ${f.subnetId} not found in ${fileOf('subnets')}`);
          return false;
        });
        spec.external_gateway_info = {
          network: netName.get(net.id)!,
          ...(r.gateway.enableSnat !== undefined && { enable_snat: r.gateway.enableSnat }),
          ...(fixed.length && { external_fixed_ips: fixed.map((f) => ({ subnet: subName.get(f.subnetId)!, ip_address: f.ip })) }),
        };
        if (!net.external) issues.add(r.src, 'contradiction', `its gateway network ${net.src.what} is not router:external`);
        const gatewayHosts = spec.l3_agents?.map((a) => a.host) ?? (spec.host ? [spec.host] : undefined);
        for (const h of draft.hosts.values()) if (h.agents.has('l3') && (!gatewayHosts || gatewayHosts.includes(h.name))) needPhysnet(h.name, net.id);
      }
      const gwPorts = own.filter((p) => p.owner === 'network:router_gateway');
      for (const p of gwPorts) claimed.add(p.id);
      // Its id names the qg- device and its MAC is the one seen upstream: carried, not derived.
      if (gwPorts.length === 1 && spec.external_gateway_info) {
        spec.external_gateway_info.port_id = gwPorts[0].id;
        if (gwPorts[0].mac) spec.external_gateway_info.mac_address = gwPorts[0].mac;
      } else if (gwPorts.length > 1) issues.add(r.src, 'contradiction', `it has ${gwPorts.length} gateway ports (device_owner network:router_gateway) in ${portsFile}; a router has one`);
    }

    // Interfaces: `router show`'s interfaces_info and/or the API's ports with device_id = router.
    const fromShow = r.interfaces?.map((i) => ({ portId: i.portId, subnetId: i.subnetId, ip: i.ip, src: i.src }));
    // A distributed router's SNAT ports are re-derived (one per interface, on its SNAT host), not interfaces.
    for (const p of own) if (p.owner === CSNAT) claimed.add(p.id);
    const fromPorts = apiPorts ? own.filter((p) => p.owner !== 'network:router_gateway' && p.owner !== HA_PORT && p.owner !== CSNAT && p.owner?.startsWith('network:'))
      .flatMap((p) => p.fixedIps.map((f) => ({ portId: p.id, subnetId: f.subnetId, ip: f.ip, src: p.src }))) : undefined;
    if (fromShow && fromPorts) {
      for (const i of fromPorts) {
        if (!fromShow.some((x) => x.portId === i.portId)) {
          issues.add(i.src, 'contradiction', `its device_id is ${r.src.what}, but the router's interfaces_info (${r.interfaces![0] ? base(r.interfaces![0].src.file) : 'router show'}) does not list it`);
        }
      }
    }
    const interfaces: RouterInterfaceSpec[] = [];
    for (const i of fromShow ?? fromPorts ?? []) {
      const p = ports.get(i.portId);
      if (!p) { issues.add(i.src, 'unknown-reference', `port ${i.portId} not found in ${portsFile}`); continue; }
      claimed.add(p.id);
      if (p.owner === CSNAT) continue;
      if (p.owner !== (r.ha ? HA_INTERFACE : r.distributed ? DVR_INTERFACE : 'network:router_interface')) {
        issues.add(p.src, 'contradiction', `${r.src.what} lists it as an interface, but its device_owner is ${p.owner ?? 'not given'}`);
        continue;
      }
      if (p.deviceId !== undefined && p.deviceId !== r.id) {
        issues.add(p.src, 'contradiction', `${r.src.what} lists it as an interface, but its device_id is ${p.deviceId}`);
        continue;
      }
      const s = subnets.get(i.subnetId);
      if (!s) { issues.add(i.src, 'unknown-reference', `subnet ${i.subnetId} not found in ${fileOf('subnets')}`); continue; }
      if (v6.has(s.id)) continue;
      if (s.gatewayIp !== i.ip) {
        issues.add(p.src, 'unsupported', `router interface at ${i.ip} on ${s.src.what}, whose gateway_ip is ${s.gatewayIp ?? 'none'}; netspec models router interfaces at the subnet's gateway_ip`);
        continue;
      }
      provenance.set(`${at}.interfaces[${interfaces.length}]`, p.src);
      interfaces.push({ subnet: subName.get(s.id)!, port_id: p.id, ...(p.mac && { mac_address: p.mac }) });
    }
    if (interfaces.length) spec.interfaces = interfaces;
    if (r.routes?.length) spec.routes = r.routes;
    routerSpecs.push(spec);
  }
  for (const p of ports.values()) {
    if (p.owner === 'network:router_interface' && !claimed.has(p.id)) {
      if (p.deviceId !== undefined && !routers.has(p.deviceId)) {
        issues.add(p.src, 'unknown-reference', `a router interface of router ${p.deviceId}, not found in ${fileOf('routers')}`);
      } else if (p.deviceId === undefined) {
        issues.add(p.src, 'contradiction', `a router interface (device_owner network:router_interface) that no router's interfaces_info (router-*.json) lists`);
      }
    }
    if (p.owner === 'network:router_gateway' && p.deviceId !== undefined && !routers.has(p.deviceId)) {
      issues.add(p.src, 'unknown-reference', `the gateway of router ${p.deviceId}, not found in ${fileOf('routers')}`);
    }
    if ((p.owner === DVR_INTERFACE || p.owner === CSNAT) && !claimed.has(p.id)) {
      issues.add(p.src, 'unknown-reference', `a port (device_owner ${p.owner}) of distributed router ${p.deviceId ?? '(no device_id)'}, which no router in ${fileOf('routers')} claims`);
    }
    if ((p.owner === HA_INTERFACE || p.owner === HA_PORT) && !claimed.has(p.id)) {
      issues.add(p.src, 'unknown-reference', `a port of HA router ${p.deviceId ?? '(no device_id)'}, not found in ${fileOf('routers')}`);
    }
  }

  // ---- instances: servers with their compute ports
  const computePorts = [...ports.values()].filter((p) => p.owner?.startsWith('compute:'));
  const owner = new Map<string, ServerRec>();
  const serverPorts = new Map<ServerRec, PortRec[]>();
  const netNamed = (nm: string) => [...networks.values()].filter((n) => n.name === nm || n.id === nm);
  const inNetworkSubnets = (networkIds: string[], addr: string) => isIpv4(addr) && [...subnets.values()].some((s) =>
    s.networkId !== undefined && networkIds.includes(s.networkId) && s.cidr && isCidr(s.cidr) && cidrContains(parseCidr(s.cidr), parseIp(addr)));
  for (const s of servers.values()) serverPorts.set(s, []);
  if (apiPorts) {
    for (const p of computePorts) {
      const s = p.deviceId ? servers.get(p.deviceId) : undefined;
      if (!s) { issues.add(p.src, 'unknown-reference', `device_id ${p.deviceId || '(none)'}: server not found in ${fileOf('servers')}`); continue; }
      owner.set(p.id, s);
      serverPorts.get(s)!.push(p);
    }
  }
  for (const s of servers.values()) {
    for (const a of s.addresses) {
      if (a.type === 'floating') {
        if (!recs.floatingips) notes.push(`${s.src.file}: ${s.src.what}: floating IP ${a.addr} left out (save \`${FILES.floatingips.cli}\` as ${FILES.floatingips.file} to import it)`);
        continue;
      }
      const nets = netNamed(a.network).map((n) => n.id);
      const withAddr = computePorts.filter((p) => p.fixedIps.some((f) => f.ip === a.addr));
      const onNet = withAddr.filter((p) => nets.includes(portNet.get(p.id) ?? ''));
      const own = apiPorts ? onNet.filter((p) => serverPorts.get(s)!.includes(p)) : onNet;
      if (!own.length) {
        if (onNet.length) {
          issues.add(s.src, 'contradiction', `address ${a.addr} on network ${a.network} is on ${onNet[0].src.what}, whose device_id is ${onNet[0].deviceId || '(none)'}`);
        } else if (withAddr.some((p) => !portNet.has(p.id))) {
          // The port's own network is broken, and reported as such.
        } else if (a.type === 'fixed' || inNetworkSubnets(nets, a.addr)) {
          issues.add(s.src, 'contradiction', `address ${a.addr} on network ${a.network} belongs to none of its ports in ${portsFile}`);
        } else notes.push(`${s.src.file}: ${s.src.what}: ${a.addr} on ${a.network} is in none of its subnets: taken for a floating IP and left out`);
        continue;
      }
      if (own.length > 1) {
        issues.add(s.src, 'contradiction', `address ${a.addr} on network ${a.network} is on several ports (${own.map((p) => p.id).join(', ')}) in ${portsFile}`);
        continue;
      }
      const p = own[0];
      if (!apiPorts) {
        const prev = owner.get(p.id);
        if (prev && prev !== s) { issues.add(p.src, 'contradiction', `its address ${a.addr} is listed by both ${prev.src.what} and ${s.src.what}`); continue; }
        if (!prev) { owner.set(p.id, s); serverPorts.get(s)!.push(p); }
      }
      if (a.mac && p.mac && a.mac.toLowerCase() !== p.mac.toLowerCase()) {
        issues.add(s.src, 'contradiction', `address ${a.addr} has MAC ${a.mac} here but ${p.mac} on ${p.src.what}`);
      }
    }
    // NIC order: the order the server lists its addresses in (Nova keeps the VIF order).
    const order = (p: PortRec) => { const k = s.addresses.findIndex((a) => p.fixedIps.some((f) => f.ip === a.addr)); return k < 0 ? Infinity : k; };
    serverPorts.get(s)!.sort((a, b) => order(a) - order(b));
  }
  if (!apiPorts && recs.servers) {
    for (const p of computePorts) {
      if (owner.has(p.id)) continue;
      if (!p.fixedIps.length) {
        issues.add(p.src, 'missing-field', `a server's port (device_owner ${p.owner}) without fixed IPs: \`port list\` prints no device_id, so its server cannot be told; use the API's ${FILES.ports.api}`);
      } else if (portNet.has(p.id)) {
        const ips = p.fixedIps.map((f) => f.ip).join(', ');
        issues.add(p.src, 'contradiction', `a server's port (device_owner ${p.owner}, ${ips}), but no server in ${fileOf('servers')} lists ${p.fixedIps.length > 1 ? 'these addresses' : 'this address'}`);
      }
    }
  }

  // Security groups: those the instance ports use, and the groups their rules name.
  const groupNames = new Names('security-group', notes);
  const groupName = new Map<string, string>();
  const wanted: GroupRec[] = [];
  const want = (id: string, src: Source, what: string) => {
    const g = groups?.get(id);
    if (!g) { issues.add(src, 'unknown-reference', `${what} ${id} not found in ${fileOf('groups')}`); return undefined; }
    if (!wanted.includes(g)) wanted.push(g);
    return g;
  };

  const instNames = new Names('server', notes);
  const instanceSpecs: InstanceSpec[] = [];
  let assumedNoPortSecurity = 0, defaultGroupPorts = 0, ipv6Pairs = 0;
  for (const s of servers.values()) {
    const at = `instances[${instanceSpecs.length}]`;
    provenance.set(at, s.src);
    const host = serverHost(s);
    if (s.status && s.status !== 'ACTIVE') notes.push(`${s.src.file}: ${s.src.what} is ${s.status}; modelled as running`);
    const portSpecs: InstancePortSpec[] = [];
    for (const p of serverPorts.get(s)!) {
      const netId = portNet.get(p.id);
      if (netId === undefined) {
        if (!p.fixedIps.length && p.networkId === undefined) issues.add(p.src, 'missing-field', `no fixed IP to tell its network by (\`port list\` prints no network_id): use the API's ${FILES.ports.api}`);
        continue;
      }
      if (host && p.host && p.host !== host) {
        issues.add(p.src, 'contradiction', `binding:host_id is ${p.host}, but its server ${s.name} runs on ${host} (${base(s.src.file)})`);
      }
      needPhysnet(host, netId);
      const ps: InstancePortSpec = { id: p.id, network: netName.get(netId)!, fixed_ips: v4Ips(p) };
      if (p.mac) ps.mac_address = p.mac;
      const secure = p.portSecurity ?? (p.securityGroups?.length ? true : undefined);
      if (secure === undefined) { ps.port_security_enabled = false; assumedNoPortSecurity++; }
      else if (!secure) ps.port_security_enabled = false;
      else if (groups) {
        ps.security_groups = (p.securityGroups ?? []).flatMap((g) => {
          const rec = want(g, p.src, 'security group');
          return rec ? [rec.id] : [];
        });
      } else defaultGroupPorts++;
      if (p.adminUp === false) ps.admin_state_up = false;
      const pairs = (p.addressPairs ?? []).filter((a) => isIpv4(a.ip.split('/')[0]));
      if (pairs.length < (p.addressPairs ?? []).length) ipv6Pairs += (p.addressPairs ?? []).length - pairs.length;
      if (pairs.length && secure !== false) {
        ps.allowed_address_pairs = pairs.map((a) => ({ ip_address: a.ip, ...(a.mac && a.mac.toLowerCase() !== p.mac?.toLowerCase() && { mac_address: a.mac }) }));
      }
      provenance.set(`${at}.ports[${portSpecs.length}]`, p.src);
      portSpecs.push(ps);
    }
    instanceSpecs.push({ id: s.id, name: instNames.take(s.name, s.id, s.src), host: host ?? '?', ports: portSpecs });
  }
  if (assumedNoPortSecurity) notes.push(`${assumedNoPortSecurity} instance port(s) without security groups: port security assumed disabled (\`port list\` does not print port_security_enabled)`);
  if (ipv6Pairs) notes.push(`${ipv6Pairs} IPv6 allowed address pair(s) left out: netspec models IPv4`);
  if (defaultGroupPorts) notes.push(`no ${fileOf('groups')}: instance ports get netspec's default group (all egress; ingress from the group's members)`);

  function serverHost(s: ServerRec): string | undefined {
    let host: string | undefined;
    if (s.host !== undefined) {
      if (s.host === null || s.host === '') { issues.add(s.src, 'missing-field', `no host: OS-EXT-SRV-ATTR:host is empty${s.status ? ` (status ${s.status})` : ''}: the server runs nowhere`); return undefined; }
      host = draft.resolve(s.host);
      if (!host) { issues.add(s.src, 'unknown-reference', `host ${s.host} not found in ${fileOf('hypervisors')} or ${fileOf('agents')}`); return undefined; }
    } else if (s.hypervisorHostname !== undefined) {
      if (s.hypervisorHostname === null) { issues.add(s.src, 'missing-field', `no host: the Host column is empty${s.status ? ` (status ${s.status})` : ''}: the server runs nowhere, or was listed without admin rights`); return undefined; }
      host = hvHost.get(s.hypervisorHostname) ?? draft.resolve(s.hypervisorHostname);
      if (!host) { issues.add(s.src, 'unknown-reference', `host ${s.hypervisorHostname} not found in ${fileOf('hypervisors')}`); return undefined; }
    } else {
      issues.add(s.src, 'missing-field', `no host: OS-EXT-SRV-ATTR:host is not in the response (${FILES.servers.api} as an admin has it)`);
      return undefined;
    }
    const h = draft.hosts.get(host)!;
    if (!h.agents.has('nova-compute')) issues.add(s.src, 'contradiction', `host ${host} is not a hypervisor in ${fileOf('hypervisors')}`);
    if (!h.agents.has('ovs')) issues.add(s.src, 'contradiction', `host ${host} runs no Open vSwitch agent in ${fileOf('agents')}, so nothing wires its ports`);
    return host;
  }

  const trunkImport = importTrunks({
    trunks: recs.trunks, ports, instances: instanceSpecs, portNet, netName, v4Ips, groupsKnown: !!groups, issues, notes, provenance,
    group: (id, src) => want(id, src, 'security group')?.id,
  });
  const trunkSpecs = trunkImport.specs;

  const groupSpecs: SecurityGroupSpec[] = [];
  if (groups) {
    if ([...groups.values()].some((g) => g.rules === undefined)) {
      issues.add({ file: [...groups.values()][0].src.file, what: '(file)' }, 'missing-file',
        `\`${FILES.groups.cli}\` prints no rules: also save \`${FILES.rules.cli}\` as ${FILES.rules.file}`);
    }
    let ipv6Rules = 0;
    for (let i = 0; i < wanted.length; i++) {
      const g = wanted[i];
      for (const r of g.rules ?? []) if (r.remoteGroup) want(r.remoteGroup, r.src, 'remote_group_id: security group');
    }
    for (const g of wanted) groupName.set(g.id, groupNames.take(g.name, g.id, g.src));
    wanted.forEach((g, i) => {
      provenance.set(`security_groups[${i}]`, g.src);
      const rules: SecurityGroupRuleSpec[] = [];
      for (const r of g.rules ?? []) {
        if (r.ethertype === 'IPv6') { ipv6Rules++; continue; }
        if (r.direction !== 'ingress' && r.direction !== 'egress') { issues.add(r.src, 'missing-field', r.direction === undefined ? 'direction is missing (ingress or egress)' : `direction must be ingress or egress, not ${JSON.stringify(r.direction)}`); continue; }
        const proto = normalizeProtocol(r.protocol);
        if (proto === undefined) { issues.add(r.src, 'unsupported', `protocol ${JSON.stringify(r.protocol)} is neither a protocol name Neutron knows nor a number 0..255`); continue; }
        if (r.remoteAddressGroup) { notes.push(`${r.src.file}: ${r.src.what} (remote address group) left out: not modelled`); continue; }
        provenance.set(`security_groups[${i}].rules[${rules.length}]`, r.src);
        rules.push({
          direction: r.direction,
          ...(proto && { protocol: proto }),
          ...(proto && r.min !== null && { port_range_min: r.min }),
          ...(proto && r.max !== null && { port_range_max: r.max }),
          ...(r.prefix && r.prefix !== '0.0.0.0/0' && { remote_ip_prefix: r.prefix }),
          ...(r.remoteGroup && groupName.has(r.remoteGroup) && { remote_group: groupName.get(r.remoteGroup)! }),
        });
      }
      groupSpecs.push({ id: g.id, name: groupName.get(g.id)!, ...(g.stateful === false && { stateful: false }), rules });
    });
    if (ipv6Rules) notes.push(`${ipv6Rules} IPv6 security group rule(s) left out: netspec models IPv4`);
    // Port references were collected by id; the spec refers by name.
    for (const inst of instanceSpecs) for (const p of inst.ports) if (p.security_groups) p.security_groups = p.security_groups.map((id) => groupName.get(id) ?? id);
    for (const t of trunkSpecs) for (const p of t.sub_ports ?? []) if (p.security_groups) p.security_groups = p.security_groups.map((id) => groupName.get(id) ?? id);
  }

  // ---- hosts (second pass) and options
  const usedPhysnets = new Set([...networks.values()].flatMap((n) => (!isTunnel(n.type) && n.physicalNetwork ? [n.physicalNetwork] : [])));
  const tunnelTypes = [...new Set([...networks.values()].flatMap((n) => (isTunnel(n.type) ? [n.type!] : [])))];
  const deployment = deploymentFromConfigs(recs.agents, configs, issues, notes);
  // With no tunnelled network yet, the agents' tunnel_types (or ML2's tenant types) still build br-tun and its tunnels.
  const agentTunnel = draft.agentTunnelTypes.find(isTunnel) ?? deployment.tenantTunnel?.value;
  const { specs: hostSpecs, sources: hostSources } = finishHosts(draft, { tunnels: tunnelTypes.length > 0 || agentTunnel !== undefined, usedPhysnets, neededPhysnets }, issues, notes);
  hostSources.forEach((src, i) => provenance.set(`hosts[${i}]`, src));
  const options: OptionsSpec = {};
  if (tunnelTypes.length > 1) {
    issues.add({ file: recs.networks[0].src.file, what: '(networks)' }, 'unsupported', `networks use both ${tunnelTypes.join(' and ')}; netspec models one tunnel type`);
  } else if (tunnelTypes.length === 1) options.tunnel_type = tunnelTypes[0] as 'vxlan' | 'gre';
  else if (agentTunnel) options.tunnel_type = agentTunnel as 'vxlan' | 'gre';
  const unbuilt = draft.agentTunnelTypes.length ? tunnelTypes.find((t) => !draft.agentTunnelTypes.includes(t)) : undefined;
  if (unbuilt) {
    issues.add({ file: recs.networks[0].src.file, what: '(networks)' }, 'contradiction',
      `networks are ${unbuilt}, but the Open vSwitch agents' tunnel_types are ${draft.agentTunnelTypes.join(', ')}: no agent builds ${unbuilt} tunnels`);
  }

  // Firewall driver: hybrid plugging (qbr/qvb/qvo) is iptables_hybrid; without it, openvswitch.
  const plugs = [
    ...recs.agents.flatMap((a) => { const v = a.config?.ovs_hybrid_plug; return typeof v === 'boolean' ? [{ v, src: a.src }] : []; }),
    ...computePorts.flatMap((p) => (p.hybridPlug === undefined ? [] : [{ v: p.hybridPlug, src: p.src }])),
  ];
  const plugOther = plugs.find((x) => x.v !== plugs[0]?.v);
  const fw = deployment.firewall;
  const plugClash = fw && plugs.find((x) => x.v !== (fw.value === 'iptables_hybrid'));
  if (fw) {
    if (plugClash) issues.add(plugClash.src, 'contradiction', `ovs_hybrid_plug is ${plugClash.v} here, but firewall_driver is ${fw.value} (${fw.src.file}: ${fw.src.what})`);
    options.firewall_driver = fw.value;
  } else if (plugOther) issues.add(plugOther.src, 'contradiction', `ovs_hybrid_plug is ${plugOther.v} here but ${plugs[0].v} for ${plugs[0].src.what} (${plugs[0].src.file}); netspec models one firewall driver`);
  else if (plugs.length) options.firewall_driver = plugs[0].v ? 'iptables_hybrid' : 'openvswitch';
  else notes.push('firewall driver not reported (no ovs_hybrid_plug in agent configurations or port bindings, no firewall_driver in openvswitch_agent.ini): iptables_hybrid assumed, as the install guides set it');
  Object.assign(options, draft.options, deployment.options);
  carryDhcpPorts(networkSpecs, hostSpecs, [...ports.values()], portNet, subnetSpecs, notes);
  if (routerSpecs.some((r) => !r.host && !r.ha) && [...draft.hosts.values()].filter((h) => h.agents.has('l3')).length > 1) {
    notes.push('routers without bound ports in the dump are scheduled to the first L3 agent host');
  }

  const floatingSpecs = importFloatingIps(recs, ports, instanceSpecs, netName, notes, provenance);

  // Ports of what netspec does not model (load balancers, unbound ports; floating IPs without floatingips.json, subports without trunks.json).
  const modelled = (p: PortRec) => p.owner === 'network:dhcp' || (p.owner === 'network:floatingip' && !!recs.floatingips) || claimed.has(p.id) || owner.has(p.id) || trunkImport.carried.has(p.id) || (p.owner === 'trunk:subport' && !recs.trunks)
    || p.owner === 'network:router_interface' || p.owner === 'network:router_gateway' || p.owner?.startsWith('compute:')
    || p.owner === DVR_INTERFACE || p.owner === CSNAT || p.owner === 'network:floatingip_agent_gateway'
    || p.owner === HA_INTERFACE || p.owner === HA_PORT;
  const skipped = new Map<string, number>();
  for (const p of ports.values()) if (!modelled(p)) skipped.set(p.owner || '(none)', (skipped.get(p.owner || '(none)') ?? 0) + 1);
  for (const [o, n] of skipped) notes.push(`${n} port(s) with device_owner ${o} left out: not modelled`);

  const hostNotes = new Map([...draft.hosts.values()].map((h) => [h.name, h.notes]));
  const spec: CloudSpec = {
    name,
    ...(Object.keys(options).length && { options }),
    hosts: hostSpecs,
    networks: networkSpecs,
    subnets: subnetSpecs,
    ...(routerSpecs.length && { routers: routerSpecs }),
    ...(instanceSpecs.length && { instances: instanceSpecs }),
    ...(groupSpecs.length && { security_groups: groupSpecs }),
    ...(floatingSpecs.length && { floatingips: floatingSpecs }),
    ...(trunkSpecs.length && { trunks: trunkSpecs }),
  };
  return { spec, notes, hostNotes, provenance };
}


/**
 * The DHCP port of each network netspec serves DHCP on: its id names the tap device in qdhcp and
 * its MAC answers the DHCP requests, so both are carried. With several (one per DHCP agent), the
 * one bound to the host netspec runs the DHCP agent on (the first) is taken.
 */
function carryDhcpPorts(
  networks: NetworkSpec[], hosts: HostSpec[], ports: PortRec[], portNet: Map<string, string>, subnets: SubnetSpec[], notes: string[],
): void {
  const dhcpHost = hosts.find((h) => (h.agents ?? DEFAULT_AGENTS[h.role]).includes('dhcp'))?.name;
  if (!dhcpHost) return;
  // Indexed once: a dump may hold thousands of networks and ports.
  const dhcpPorts = new Map<string, PortRec[]>();
  for (const p of ports) {
    const net = portNet.get(p.id);
    if (p.owner === 'network:dhcp' && p.deviceId !== 'reserved_dhcp_port' && net !== undefined) dhcpPorts.set(net, [...(dhcpPorts.get(net) ?? []), p]);
  }
  const dhcpSubnetOn = new Set(subnets.filter((s) => s.enable_dhcp !== false).map((s) => s.network));
  for (const n of networks) {
    const own = dhcpPorts.get(n.id!) ?? [];
    if (n.admin_state_up === false || !dhcpSubnetOn.has(n.name) || !own.length) continue;
    const p: PortRec = own.find((x) => x.host === dhcpHost) ?? own[0];
    if (p.host && p.host !== dhcpHost) notes.push(`${p.src.file}: ${p.src.what} is bound to ${p.host}; netspec runs the DHCP agent of network ${n.name} on ${dhcpHost}, with this port's id and MAC`);
    n.dhcp_port = { port_id: p.id, ...(p.mac && { mac_address: p.mac }) };
  }
}

/**
 * floatingips.json → `floatingips`: an associated floating IP whose port is an imported instance
 * port; one associated with nothing (or with a port left out) is noted and left out.
 */
function importFloatingIps(
  recs: Records, ports: Map<string, PortRec>, instances: InstanceSpec[], netName: Map<string, string>, notes: string[], provenance: Map<string, Source>,
): FloatingIpSpec[] {
  const imported = new Set(instances.flatMap((i) => i.ports.map((p) => p.id)));
  const out: FloatingIpSpec[] = [];
  for (const f of recs.floatingips ?? []) {
    const port = f.portId ? ports.get(f.portId) : undefined;
    const network = f.networkId && netName.get(f.networkId);
    if (!f.portId) { notes.push(`${f.src.file}: ${f.src.what} is associated with no port: left out`); continue; }
    if (!port || !imported.has(port.id) || !network) {
      notes.push(`${f.src.file}: ${f.src.what}: ${!network ? `floating network ${f.networkId ?? '(none)'} not imported` : `port ${f.portId} is no imported instance port`}: left out`);
      continue;
    }
    provenance.set(`floatingips[${out.length}]`, f.src);
    out.push({
      id: f.id, floating_ip_address: f.address, floating_network_id: network, port_id: port.id,
      ...(f.fixedIp && { fixed_ip_address: f.fixedIp }),
    });
  }
  return out;
}
