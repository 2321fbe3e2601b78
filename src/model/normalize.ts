/**
 * Turns a valid `CloudSpec` into a `Cloud`: every default filled, every reference an id, every
 * port (router, DHCP, instance) listed with its MAC and fixed IPs. Everything is derived from
 * names and order only, so the same spec always yields the same cloud.
 */
import { chooseInternetProbe } from './internet-probe';
import { floatingSubnet, normalizeFloatingIps } from './normalize-floatingips';
import { dvrMacOf, isDvrAgentMode, isDvrRouter } from './normalize-dvr';
import { normalizeTrunks } from './normalize-trunks';
import { HA_PORT_NAME, haAgentsOf, haNetwork, isHaRouter, L3_HA_NET_CIDR, MAX_VR_ID, projectIdOf } from './normalize-ha';
import type {
  Cloud, DeploymentOptions, FixedIp, Host, Instance, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet,
} from './types';
import type { CloudSpec, FixedIpSpec, SecurityGroupRuleSpec } from './spec';
import { normalizeProtocol } from './ip-protocols';
import { TopologyError } from './errors';
import { stableMac, stableUuid } from './ids';
import { validateSpec } from './validate';
import { addDvrPorts } from './normalize-dvr-ports';
import { agentsOf, DEFAULT_IFACES, defaultGateway, defaultPools, TUNNEL_OVERHEAD } from './defaults';
import { formatCidr, formatIp, parseCidr, parseIp } from '../net/ipv4';

type Named = { name: string; id: string };

/** Resolves a name-or-id reference; validation has already proven it resolves. */
function resolver<T extends Named>(items: T[]): (ref: string) => T {
  const byKey = new Map<string, T>();
  for (const x of items) for (const k of [x.name, x.id]) if (!byKey.has(k)) byKey.set(k, x);
  return (ref) => {
    const x = byKey.get(ref);
    if (!x) throw new Error(`internal: unresolved reference "${ref}" after validation`);
    return x;
  };
}

/** First-free allocation over a subnet's pools; explicit addresses are reserved beforehand. */
class AddressPool {
  private readonly used = new Set<number>();
  private readonly pools: [number, number][];
  private index = 0;
  private next: number;

  constructor(readonly subnet: Subnet) {
    this.pools = subnet.allocation_pools.map((p) => [parseIp(p.start), parseIp(p.end)]);
    this.next = this.pools[0]?.[0] ?? 0;
  }
  reserve(ip: string): void { this.used.add(parseIp(ip)); }
  /** Allocations only ever take, so a forward-moving cursor finds the first free address. */
  allocate(): FixedIp {
    while (this.index < this.pools.length) {
      const [, end] = this.pools[this.index];
      while (this.next <= end) {
        const ip = this.next++;
        if (!this.used.has(ip)) {
          this.used.add(ip);
          return { subnet_id: this.subnet.id, ip_address: formatIp(ip) };
        }
      }
      this.next = this.pools[++this.index]?.[0] ?? 0;
    }
    throw new Error(`internal: pool of subnet ${this.subnet.name} exhausted after validation`);
  }
}

/** A derived value that must stay unique: re-derive from `seed#1`, `seed#2`, ... on a clash. */
function unique(taken: Set<string>, seed: string, derive: (s: string) => string): string {
  let v = derive(seed);
  for (let k = 1; taken.has(v); k++) v = derive(`${seed}#${k}`);
  taken.add(v);
  return v;
}

export function normalizeCloud(spec: CloudSpec, file = 'spec'): Cloud {
  const issues = validateSpec(spec, file);
  if (issues.length) throw new TopologyError(issues);

  const hosts: Host[] = spec.hosts.map((h) => ({
    name: h.name,
    role: h.role,
    agents: [...agentsOf(h)],
    management: { interface: h.management.interface ?? DEFAULT_IFACES.management, ip: h.management.ip },
    ...(h.overlay && { overlay: { interface: h.overlay.interface ?? DEFAULT_IFACES.overlay, ip: h.overlay.ip } }),
    ...(h.external && {
      external: {
        interface: h.external.interface ?? DEFAULT_IFACES.external,
        bridge: h.external.bridge ?? DEFAULT_IFACES.bridge,
        physical_network: h.external.physical_network ?? DEFAULT_IFACES.physical_network,
      },
    }),
    ...(agentsOf(h).includes('l3') && h.agent_mode && { agent_mode: h.agent_mode }),
    ...(agentsOf(h).includes('l3') && isDvrAgentMode(h.agent_mode) && { dvr_mac: dvrMacOf(h.name) }),
  }));
  const hostName = (ref: string) => hosts.find((h) => h.name === ref)?.name ?? ref;
  const novaHost = hosts.find((h) => h.agents.includes('nova-metadata')) ?? hosts.find((h) => h.role === 'controller');
  const o = spec.options ?? {};
  const options: DeploymentOptions = {
    tunnel_type: o.tunnel_type ?? 'vxlan',
    firewall_driver: o.firewall_driver ?? 'iptables_hybrid',
    l2_population: o.l2_population ?? true,
    arp_responder: o.arp_responder ?? false,
    force_metadata: o.force_metadata ?? false,
    enable_isolated_metadata: o.enable_isolated_metadata ?? false,
    nova_metadata_host: o.nova_metadata_host ?? novaHost!.management.ip.split('/')[0],
    nova_metadata_port: o.nova_metadata_port ?? 8775,
    metadata_port: o.metadata_port ?? 9697,
    physical_mtu: o.physical_mtu ?? 1500,
    internet_probe_ip: o.internet_probe_ip ?? chooseInternetProbe(spec.subnets.map((s) => s.cidr)),
    internet_tcp_ports: o.internet_tcp_ports ? [...o.internet_tcp_ports] : [80, 443],
    ...(o.router_distributed !== undefined && { router_distributed: o.router_distributed }),
    l3_ha: o.l3_ha ?? false,
    max_l3_agents_per_router: o.max_l3_agents_per_router ?? 3,
    l3_ha_net_cidr: o.l3_ha_net_cidr ?? L3_HA_NET_CIDR,
  };

  const networks: Network[] = spec.networks.map((n) => ({
    id: n.id ?? stableUuid(`network:${n.name}`),
    name: n.name,
    'provider:network_type': n['provider:network_type'],
    'provider:segmentation_id': n['provider:segmentation_id'] ?? null,
    'provider:physical_network': n['provider:physical_network'] ?? null,
    'router:external': n['router:external'] ?? false,
    admin_state_up: n.admin_state_up ?? true,
    mtu: n.mtu ?? options.physical_mtu - TUNNEL_OVERHEAD[n['provider:network_type']],
  }));
  const network = resolver(networks);

  const subnets: Subnet[] = spec.subnets.map((s) => {
    const cidr = parseCidr(s.cidr);
    const gateway = s.gateway_ip === undefined ? formatIp(defaultGateway(cidr)) : s.gateway_ip;
    return {
      id: s.id ?? stableUuid(`subnet:${s.name}`),
      name: s.name,
      network_id: network(s.network).id,
      ip_version: 4,
      cidr: formatCidr(cidr),
      gateway_ip: gateway,
      allocation_pools: s.allocation_pools?.map((p) => ({ ...p }))
        ?? defaultPools(cidr, gateway === null ? null : parseIp(gateway)).map(([a, b]) => ({ start: formatIp(a), end: formatIp(b) })),
      enable_dhcp: s.enable_dhcp ?? true,
      host_routes: (s.host_routes ?? []).map((r) => ({ ...r })),
      dns_nameservers: [...(s.dns_nameservers ?? [])],
    };
  });
  const subnet = resolver(subnets);
  const firstSubnetOf = (networkId: string) => subnets.find((s) => s.network_id === networkId);

  const groupSpecs = [...(spec.security_groups ?? [])];
  const implicitDefault = !groupSpecs.some((g) => g.name === 'default');
  const groups: SecurityGroup[] = groupSpecs.map((g) => ({
    id: g.id ?? stableUuid(`security-group:${g.name}`), name: g.name, stateful: g.stateful ?? true, rules: [],
  }));
  if (implicitDefault) groups.push({ id: stableUuid('security-group:default'), name: 'default', stateful: true, rules: [] });
  const group = resolver(groups);
  const rule = (r: SecurityGroupRuleSpec): SecurityGroupRule => ({
    direction: r.direction,
    ethertype: 'IPv4',
    protocol: normalizeProtocol(r.protocol) ?? null,
    port_range_min: r.port_range_min ?? null,
    port_range_max: r.port_range_max ?? null,
    remote_ip_prefix: r.remote_ip_prefix == null ? null : formatCidr(parseCidr(r.remote_ip_prefix)),
    remote_group_id: r.remote_group == null ? null : group(r.remote_group).id,
  });
  groupSpecs.forEach((g, i) => { groups[i].rules = g.rules.map(rule); });
  if (implicitDefault) {
    // Neutron's default group: all egress, and ingress only from members of the group itself.
    const self = groups[groups.length - 1];
    self.rules = [rule({ direction: 'egress' }), { ...rule({ direction: 'ingress' }), remote_group_id: self.id }];
  }

  // Explicit addresses and MACs are reserved before anything is allocated or derived.
  const pools = new Map(subnets.map((s) => [s.id, new AddressPool(s)]));
  const pool = (ref: string) => pools.get(subnet(ref).id)!;
  for (const s of subnets) if (s.gateway_ip !== null) pools.get(s.id)!.reserve(s.gateway_ip);
  const explicitIps: FixedIpSpec[] = [
    ...(spec.routers ?? []).flatMap((r) => r.external_gateway_info?.external_fixed_ips ?? []),
    ...(spec.instances ?? []).flatMap((i) => i.ports.flatMap((p) => p.fixed_ips ?? [])),
    ...(spec.trunks ?? []).flatMap((t) => (t.sub_ports ?? []).flatMap((p) => p.fixed_ips ?? [])),
  ];
  for (const f of explicitIps) if (f.ip_address !== undefined) pool(f.subnet).reserve(f.ip_address);
  // A floating IP holds its address on the external network, as its Neutron port does.
  for (const f of spec.floatingips ?? []) {
    const s = floatingSubnet(subnets, network(f.floating_network_id).id, f.floating_ip_address);
    if (s) pools.get(s.id)!.reserve(f.floating_ip_address);
  }
  // Ports the spec names (instance, router interface, gateway and DHCP ports): no derived id or MAC may take theirs.
  const named = [
    ...(spec.routers ?? []).flatMap((r) => [...(r.interfaces ?? []), ...(r.external_gateway_info ? [r.external_gateway_info] : [])]),
    ...spec.networks.flatMap((n) => (n.dhcp_port ? [n.dhcp_port] : [])),
    ...(spec.instances ?? []).flatMap((i) => i.ports.map((p) => ({ port_id: p.id, mac_address: p.mac_address }))),
    ...(spec.trunks ?? []).flatMap((t) => t.sub_ports ?? []),
  ];
  const macs = new Set<string>(named.flatMap((p) => p.mac_address ?? []).map((m) => m.toLowerCase()));
  const portIds = new Set<string>(named.flatMap((p) => p.port_id ?? []));
  const fixedIp = (f: FixedIpSpec): FixedIp => (f.ip_address === undefined
    ? pool(f.subnet).allocate() : { subnet_id: subnet(f.subnet).id, ip_address: f.ip_address });

  const ports: Port[] = [];
  type Defaulted = 'id' | 'mac_address' | 'security_groups' | 'port_security_enabled' | 'admin_state_up' | 'allowed_address_pairs';
  type PortInput = Omit<Port, Defaulted> & Partial<Pick<Port, Exclude<Defaulted, 'allowed_address_pairs'>>> & {
    allowedAddressPairs?: { ip_address: string; mac_address?: string }[];
  };
  const addPort = (seed: string, p: PortInput): Port => {
    const mac = p.mac_address?.toLowerCase() ?? unique(macs, seed, stableMac);
    const port: Port = {
      id: p.id ?? unique(portIds, seed, stableUuid),
      name: p.name,
      network_id: p.network_id,
      mac_address: mac,
      fixed_ips: p.fixed_ips,
      device_owner: p.device_owner,
      device_id: p.device_id,
      'binding:host_id': p['binding:host_id'],
      // Neutron trusts network:* ports (is_port_trusted): no security groups, no firewall.
      security_groups: p.security_groups ?? [],
      port_security_enabled: p.port_security_enabled ?? false,
      // Neutron fills an omitted mac_address with the port's own, and keeps a single address as given.
      allowed_address_pairs: (p.allowedAddressPairs ?? []).map((a) => ({ ip_address: a.ip_address, mac_address: a.mac_address?.toLowerCase() ?? mac })),
      admin_state_up: p.admin_state_up ?? true,
    };
    ports.push(port);
    return port;
  };

  const l3Hosts = hosts.filter((h) => h.agents.includes('l3')).map((h) => h.name);
  // The project's HA network exists once it has an HA router (l3_hamode_db._create_ha_network).
  const project = projectIdOf(spec);
  const ha = (spec.routers ?? []).some((r) => isHaRouter(r, options)) ? haNetwork(project, options, networks) : undefined;
  if (ha) { networks.push(ha.network); subnets.push(ha.subnet); }
  const haPool = ha && new AddressPool(ha.subnet);
  let nextVrId = 1;
  const routers: Router[] = (spec.routers ?? []).map((r) => {
    const id = r.id ?? stableUuid(`router:${r.name}`);
    const haRouter = isHaRouter(r, options);
    const distributed = !haRouter && isDvrRouter(r, options);
    const agents = haRouter ? haAgentsOf(r, l3Hosts.filter((h) => hosts.find((x) => x.name === h)?.agent_mode !== 'dvr'), options.max_l3_agents_per_router).map((a) => ({ ...a, host: hostName(a.host) })) : [];
    // An HA router's ports are bound where it is active (l3_hamode_db._set_router_states).
    // A distributed router's SNAT (and so its gateway port) is scheduled to a dvr_snat agent.
    const host = haRouter ? (agents.find((a) => a.ha_state === 'active') ?? agents[0]).host
      : r.host ?? hosts.find((h) => h.agents.includes('l3') && (distributed ? h.agent_mode === 'dvr_snat' : h.agent_mode !== 'dvr'))?.name ?? l3Hosts[0];
    const interfaces = (r.interfaces ?? []).map((f) => {
      const s = subnet(f.subnet);
      return addPort(`port:${r.name}:${s.name}`, {
        id: f.port_id, mac_address: f.mac_address, name: `${r.name}-if-${s.name}`, network_id: s.network_id,
        fixed_ips: [{ subnet_id: s.id, ip_address: s.gateway_ip! }],
        device_owner: haRouter ? 'network:ha_router_replicated_interface' : distributed ? 'network:router_interface_distributed' : 'network:router_interface',
        device_id: id, 'binding:host_id': host,
      }).id;
    });
    const l3_agents = agents.map((a) => ({
      ...a,
      ha_port_id: addPort(`ha-port:${r.name}:${a.host}`, {
        name: HA_PORT_NAME(project), network_id: ha!.network.id, fixed_ips: [haPool!.allocate()],
        device_owner: 'network:router_ha_interface', device_id: id, 'binding:host_id': a.host,
      }).id,
    }));
    const ha_vr_id = haRouter ? Math.min(nextVrId++, MAX_VR_ID) : null;
    let gw: Router['external_gateway_info'] = null;
    let gwPortId: string | null = null;
    const g = r.external_gateway_info;
    if (g) {
      const net = network(g.network);
      const first = firstSubnetOf(net.id);
      const requested = g.external_fixed_ips?.length ? g.external_fixed_ips : first ? [{ subnet: first.id }] : [];
      const fixed_ips = requested.map(fixedIp);
      gw = { network_id: net.id, enable_snat: g.enable_snat ?? true, external_fixed_ips: fixed_ips };
      gwPortId = addPort(`gateway-port:${r.name}`, {
        id: g.port_id, mac_address: g.mac_address, name: `${r.name}-gw`, network_id: net.id, fixed_ips: fixed_ips.map((f) => ({ ...f })),
        device_owner: 'network:router_gateway', device_id: id, 'binding:host_id': host,
      }).id;
    }
    return {
      id, name: r.name, admin_state_up: r.admin_state_up ?? true, external_gateway_info: gw,
      interfaces, gw_port_id: gwPortId, host, routes: (r.routes ?? []).map((rt) => ({ ...rt })),
      ha: haRouter, l3_agents, ha_vr_id, ...(distributed && { distributed }),
    };
  });

  // One DHCP port per admin-up network with a DHCP subnet, as the (first) DHCP agent would create.
  const dhcpHost = hosts.find((h) => h.agents.includes('dhcp'));
  for (const [i, n] of (dhcpHost ? networks : []).entries()) {
    const dhcpSubnets = subnets.filter((s) => s.network_id === n.id && s.enable_dhcp);
    if (!n.admin_state_up || dhcpSubnets.length === 0) continue;
    const given = spec.networks[i].dhcp_port;
    addPort(`dhcp-port:${n.name}`, {
      id: given?.port_id, mac_address: given?.mac_address, name: `dhcp-${n.name}`, network_id: n.id, fixed_ips: dhcpSubnets.map((s) => pools.get(s.id)!.allocate()),
      device_owner: 'network:dhcp', device_id: `dhcp${stableUuid(`dhcp-host:${dhcpHost!.name}`)}-${n.id}`,
      'binding:host_id': dhcpHost!.name,
    });
  }

  const instances: Instance[] = (spec.instances ?? []).map((inst) => {
    const id = inst.id ?? stableUuid(`instance:${inst.name}`);
    const portIdsOfInstance = inst.ports.map((p, j) => {
      const net = network(p.network);
      const first = firstSubnetOf(net.id);
      const requested = p.fixed_ips ?? (first ? [{ subnet: first.id }] : []);
      const secure = p.port_security_enabled ?? true;
      return addPort(`port:${inst.name}:${j}`, {
        id: p.id, mac_address: p.mac_address, name: `${inst.name}-port${j}`, network_id: net.id,
        fixed_ips: requested.map(fixedIp), device_owner: 'compute:nova', device_id: id, 'binding:host_id': inst.host,
        security_groups: (p.security_groups ?? (secure ? ['default'] : [])).map((g) => group(g).id),
        port_security_enabled: secure, admin_state_up: p.admin_state_up ?? true,
        allowedAddressPairs: p.allowed_address_pairs,
      }).id;
    });
    return { id, name: inst.name, host: inst.host, ports: portIdsOfInstance };
  });

  // Subports come last, so a cloud's other ports keep their addresses and local VLANs when a trunk is added.
  const trunks = normalizeTrunks(spec.trunks ?? [], instances, ports, (t, k, trunkId, host) => {
    const p = t.sub_ports![k];
    const net = network(p.network);
    const first = firstSubnetOf(net.id);
    const secure = p.port_security_enabled ?? true;
    return addPort(`subport:${t.name}:${k}`, {
      id: p.port_id, mac_address: p.mac_address, name: `${t.name}-subport${k}`, network_id: net.id,
      fixed_ips: (p.fixed_ips ?? (first ? [{ subnet: first.id }] : [])).map(fixedIp), device_owner: 'trunk:subport', device_id: trunkId,
      'binding:host_id': host, security_groups: (p.security_groups ?? (secure ? ['default'] : [])).map((g) => group(g).id), port_security_enabled: secure,
    });
  });
  const floatingips = normalizeFloatingIps(spec.floatingips ?? [], network, instances, ports, routers);
  addDvrPorts(routers, floatingips, ports, (seed, p) => addPort(seed, p), (subnetId) => pools.get(subnetId)!.allocate(), firstSubnetOf, (id) => subnets.find((s) => s.id === id)!);
  return { name: spec.name ?? 'cloud', options, hosts, networks, subnets, ports, routers, instances, security_groups: groups, floatingips, trunks };
}
