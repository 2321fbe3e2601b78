/**
 * Checks a raw topology (parsed YAML/JSON or a builder spec) and returns every issue at once.
 *
 * Two passes: the shape is checked against `topology.schema.json` (see shape.ts), then Neutron's
 * own rules are checked on the items whose shape is sound. Items with a broken shape are left out
 * of the second pass, and references to them are not reported, so one typo yields one issue
 * rather than a cascade.
 */
import type { TopologyIssue } from './errors';
import type {
  FloatingIpSpec, HostSpec, InstancePortSpec, InstanceSpec, NetworkSpec, OptionsSpec, RouterSpec, SecurityGroupRuleSpec, SecurityGroupSpec, SubnetSpec, TrunkSpec,
} from './spec';
import { checkTrunks } from './validate-trunks';
import type { Agent } from './types';
import { checkShape, Coll, didYouMean, isObj, topologySchema, type Add, type Item, type Obj } from './shape';
import { agentsOf, defaultGateway, defaultPools, isTunnel, SEGMENTATION_MAX, usable } from './defaults';
import { subnetHolding } from './internet-probe';
import { haAgentsOf, isHaRouter, MAX_VR_ID } from './normalize-ha';
import { checkDistributedRouters } from './validate-dvr';
import { deviceNameClash, macProblem, NEEDS_OVS, NEEDS_OVS_WHY, reservedNames } from './device-rules';
import { IP_PROTOCOL_NUMBERS, normalizeProtocol, PORT_PROTOCOLS } from './ip-protocols';
import { cidrContains, cidrsOverlap, formatCidr, formatIp, isCidr, isIpv4, parseCidr, parseIp, type Cidr } from '../net/ipv4';

interface Sub {
  item: Item<SubnetSpec>; cidr: Cidr; label: string; net?: Item<NetworkSpec>;
  /** undefined: the gateway_ip given is invalid (already reported). */
  gw: number | null | undefined;
  pools: [number, number][];
  /** Explicitly used addresses and who uses them. */
  used: Map<number, string>;
  /** Addresses to allocate, in normalizeCloud's allocation order. */
  demands: { at: string; what: string }[];
  /** false once a pool was rejected: counting free addresses would then only add noise. */
  poolsKnown: boolean;
}

export function validateSpec(spec: unknown, file: string): TopologyIssue[] {
  const issues: TopologyIssue[] = [];
  const add: Add = (path, rule, message) => { issues.push({ file, path, rule, message }); };
  const routers = isObj(spec) && Array.isArray(spec.routers) ? spec.routers : [];
  const listGateways = new Set(routers.flatMap((r, i) =>
    (isObj(r) && Array.isArray(r.external_gateway_info) ? [`routers[${i}].external_gateway_info`] : [])));
  const broken = new Set<string>();
  checkShape(spec, topologySchema, '', (path, rule, message) => {
    if (rule === 'type' && listGateways.has(path)) {
      [rule, message] = ['router-one-gateway', 'a router has one gateway: external_gateway_info must be a mapping, not a list'];
    }
    if (rule !== 'unknown-field') broken.add(/^[^.[]+(\[\d+\]|\.[^.[]+)?/.exec(path)?.[0] ?? path);
    add(path, rule, message);
  });
  if (!broken.has('(root)')) new Semantics(spec as Obj, broken, add).run();
  return issues;
}

class Semantics {
  private readonly hosts; private readonly networks; private readonly subnets;
  private readonly routers; private readonly instances; private readonly groups;
  private readonly opts: OptionsSpec;
  private readonly raw: Obj;
  private readonly broken: Set<string>;
  private readonly subs = new Map<SubnetSpec, Sub>();
  private readonly macs = new Map<string, string>();
  private readonly portIds = new Map<string, string>();

  constructor(raw: Obj, broken: Set<string>, private readonly add: Add) {
    const coll = <T extends { name: string; id?: string }>(kind: string, key: string) => new Coll<T>(kind, raw[key], key, broken, add);
    this.hosts = coll<HostSpec>('host', 'hosts');
    this.networks = coll<NetworkSpec>('network', 'networks');
    this.subnets = coll<SubnetSpec>('subnet', 'subnets');
    this.routers = coll<RouterSpec>('router', 'routers');
    this.instances = coll<InstanceSpec>('instance', 'instances');
    this.groups = coll<SecurityGroupSpec>('security group', 'security_groups');
    this.groups.assume('default');
    this.raw = raw; this.broken = broken;
    const o = isObj(raw.options) && !broken.has('options') ? raw.options : {};
    this.opts = Object.fromEntries(Object.entries(o).filter(([k]) => !broken.has(`options.${k}`)));
  }

  run(): void {
    this.checkNetworks(); this.checkHosts(); this.checkSubnets(); this.checkInternetProbe(); this.checkRouters();
    this.dhcpDemands(); this.checkInstances(); this.checkFloatingIps(); this.checkGroups(); this.checkDistributed(); this.checkTrunks(); this.checkPools();
  }

  private hasAgent = (h: Item<HostSpec>, a: Agent) => agentsOf(h.v).includes(a);

  private checkNetworks(): void {
    const tunnelType = this.opts.tunnel_type ?? 'vxlan';
    const bridged = new Set(this.hosts.items.filter((h) => h.v.external && this.hasAgent(h, 'ovs'))
      .map((h) => h.v.external!.physical_network ?? 'provider'));
    const segments = new Map<string, string>();
    for (const { v: n, at } of this.networks.items) {
      const type = n['provider:network_type'], seg = n['provider:segmentation_id'] ?? null;
      const phys = n['provider:physical_network'] ?? null, max = SEGMENTATION_MAX[type];
      const segAt = `${at}.provider:segmentation_id`, physAt = `${at}.provider:physical_network`;
      if (isTunnel(type) && type !== tunnelType) {
        this.add(`${at}.provider:network_type`, 'tunnel-type', `network ${n.name} is ${type} but options.tunnel_type is ${tunnelType}, the only tunnels the OVS agents build`);
      }
      if (type === 'flat') { if (seg !== null) this.add(segAt, 'segmentation-id-range', 'a flat network has no segmentation id'); }
      else if (seg === null) this.add(segAt, 'segmentation-id-range', `a ${type} network needs provider:segmentation_id (1..${max})`);
      else if (seg < 1 || seg > max) this.add(segAt, 'segmentation-id-range', `${seg} is outside the ${type} range 1..${max}`);
      if (isTunnel(type)) {
        if (phys !== null) this.add(physAt, 'physical-network', `a ${type} network runs over the overlay and takes no physical network`);
      } else if (phys === null) this.add(physAt, 'physical-network', `a ${type} network needs provider:physical_network`);
      else if (this.hosts.complete && !bridged.has(phys)) {
        this.add(physAt, 'physical-network', `no host running ovs bridges physical network "${phys}" (bridged: ${[...bridged].join(', ') || 'none'})`);
      }
      // ML2 allocates a segment once: a VNI/key per type, a VLAN id per physical network, a flat network per physical network.
      const key = type === 'flat' ? (phys === null ? null : `flat|${phys}`) : seg === null ? null : `${type}|${type === 'vlan' ? phys : ''}|${seg}`;
      const prev = key === null ? undefined : segments.get(key);
      if (prev) {
        if (type === 'flat') this.add(physAt, 'segmentation-id-reused', `physical network ${phys} already carries flat network ${prev}`);
        else this.add(segAt, 'segmentation-id-reused', `${type} segmentation id ${seg} is already used by network ${prev}`);
      } else if (key !== null) segments.set(key, n.name);
    }
  }

  private checkHosts(): void {
    const tunnel = this.networks.items.find((n) => isTunnel(n.v['provider:network_type']));
    for (const h of this.hosts.items) {
      const { v, at } = h;
      for (const k of ['management', 'overlay'] as const) {
        const ip = v[k]?.ip;
        if (ip !== undefined && !isCidr(ip)) this.add(`${at}.${k}.ip`, 'invalid-cidr', `"${ip}" must be an address with a prefix length, e.g. 10.0.0.31/24`);
      }
      if (v.external && !this.hasAgent(h, 'ovs')) this.add(`${at}.external`, 'host-agent', `host ${v.name} has an external interface but no ovs agent to bridge it`);
      for (const a of NEEDS_OVS) {
        if (this.hasAgent(h, a) && !this.hasAgent(h, 'ovs')) {
          this.add(`${at}.${v.agents ? 'agents' : 'role'}`, 'host-agent', `host ${v.name} runs ${a} but not ovs: ${NEEDS_OVS_WHY[a]}`);
        }
      }
      reservedNames(h, this.add);
      if (tunnel && this.hasAgent(h, 'ovs') && !v.overlay) {
        this.add(`${at}.overlay`, 'overlay-missing', `host ${v.name} runs ovs but has no overlay address, and network ${tunnel.v.name} is ${tunnel.v['provider:network_type']}`);
      }
    }
    const nova = this.opts.nova_metadata_host;
    if (nova !== undefined) { if (!isIpv4(nova)) this.add('options.nova_metadata_host', 'invalid-ip', `"${nova}" is not an IPv4 address`); }
    else if (this.hosts.complete && !this.hosts.items.some((h) => this.hasAgent(h, 'nova-metadata') || h.v.role === 'controller')) {
      this.add('options.nova_metadata_host', 'host-role', 'no host runs nova-metadata and there is no controller; add one or set options.nova_metadata_host');
    }
  }

  /** A probe inside a subnet would be answered (or dropped) inside the cloud: false violations. */
  private checkInternetProbe(): void {
    const probe = this.opts.internet_probe_ip;
    if (probe === undefined) return;
    if (!isIpv4(probe)) return this.add('options.internet_probe_ip', 'invalid-ip', `"${probe}" is not an IPv4 address`);
    const holder = subnetHolding(probe, [...this.subs.values()].map((s) => ({ cidr: formatCidr(s.cidr), label: s.label, at: s.item.at })));
    if (holder) {
      this.add('options.internet_probe_ip', 'probe-inside-subnet', `the internet probe ${probe} is inside ${holder.label} (${holder.at}); choose an address outside every subnet of the cloud`);
    }
  }

  /** Parses an address that must be assignable in `sub`; reports and returns undefined if not. */
  private address(sub: Sub, text: string, path: string): number | undefined {
    if (!isIpv4(text)) return void this.add(path, 'invalid-ip', `"${text}" is not an IPv4 address`);
    const ip = parseIp(text);
    if (!usable(sub.cidr, ip)) return void this.add(path, 'ip-outside-subnet', `${text} is not a usable address of ${sub.label}`);
    return ip;
  }
  private claim(sub: Sub, text: string, path: string): void {
    const ip = this.address(sub, text, path);
    if (ip === undefined) return;
    const owner = sub.used.get(ip);
    if (owner) this.add(path, 'ip-in-use', `${text} is already used by ${owner} in ${sub.label}`);
    else sub.used.set(ip, path);
  }
  private cidr(text: string, path: string): void {
    if (!isCidr(text)) this.add(path, 'invalid-cidr', `"${text}" is not an IPv4 CIDR like 192.168.1.0/24`);
    else if (formatCidr(parseCidr(text)) !== text) this.add(path, 'invalid-cidr', `"${text}" has host bits set; did you mean ${formatCidr(parseCidr(text))}?`);
  }
  private subnetRef(ref: string, path: string): Sub | undefined {
    const it = this.subnets.ref(ref, path);
    return it && this.subs.get(it.v);
  }
  private firstSubnet(net: Item<NetworkSpec>): Sub | undefined {
    return [...this.subs.values()].find((s) => s.net === net);
  }

  private checkSubnets(): void {
    for (const item of this.subnets.items) {
      const { v: s, at } = item;
      const net = this.networks.ref(s.network, `${at}.network`);
      this.cidr(s.cidr, `${at}.cidr`);
      if (!isCidr(s.cidr) || formatCidr(parseCidr(s.cidr)) !== s.cidr) continue;
      const cidr = parseCidr(s.cidr);
      const sub: Sub = { item, cidr, net, label: `subnet ${s.name} (${s.cidr})`, gw: null, pools: [], used: new Map(), demands: [], poolsKnown: true };
      const clash = net && [...this.subs.values()].find((o) => o.net === net && cidrsOverlap(o.cidr, cidr));
      if (clash) this.add(`${at}.cidr`, 'subnet-overlap', `${s.cidr} overlaps ${clash.label} on network ${net.v.name}`);
      this.subs.set(s, sub);
      sub.gw = s.gateway_ip === undefined ? defaultGateway(cidr) : s.gateway_ip === null ? null : this.address(sub, s.gateway_ip, `${at}.gateway_ip`);
      if (typeof sub.gw === 'number') sub.used.set(sub.gw, `${at}.gateway_ip`);
      if (!s.allocation_pools) sub.pools = defaultPools(cidr, sub.gw ?? null);
      s.allocation_pools?.forEach((p, j) => {
        const pAt = `${at}.allocation_pools[${j}]`;
        const a = this.address(sub, p.start, `${pAt}.start`), b = this.address(sub, p.end, `${pAt}.end`);
        const k = a === undefined || b === undefined ? -1 : sub.pools.findIndex(([x, y]) => a <= y && x <= b);
        if (a === undefined || b === undefined || a > b || k >= 0) sub.poolsKnown = false;
        if (a === undefined || b === undefined) return;
        if (a > b) return this.add(pAt, 'invalid-ip', `pool start ${p.start} is after its end ${p.end}`);
        if (k >= 0) return this.add(pAt, 'ip-in-use', `pool ${p.start}-${p.end} overlaps pool ${formatIp(sub.pools[k][0])}-${formatIp(sub.pools[k][1])}`);
        if (typeof sub.gw === 'number' && a <= sub.gw && sub.gw <= b) {
          this.add(`${at}.gateway_ip`, 'ip-in-use', `gateway_ip ${formatIp(sub.gw)} lies inside allocation pool ${p.start}-${p.end}`);
        }
        sub.pools.push([a, b]);
      });
      s.host_routes?.forEach((r, j) => {
        this.cidr(r.destination, `${at}.host_routes[${j}].destination`);
        this.address(sub, r.nexthop, `${at}.host_routes[${j}].nexthop`);
      });
      s.dns_nameservers?.forEach((d, j) => {
        if (!isIpv4(d)) this.add(`${at}.dns_nameservers[${j}]`, 'invalid-ip', `"${d}" is not an IPv4 address`);
      });
    }
  }

  private checkRouters(): void {
    const l3 = this.hosts.items.some((h) => this.hasAgent(h, 'l3'));
    this.checkHaOptions();
    let haRouters = 0;
    for (const { v: r, at } of this.routers.items) {
      if (isHaRouter(r, this.opts)) {
        if (++haRouters === MAX_VR_ID + 1) this.add(`${at}.ha`, 'ha-vr-id', `router ${r.name} is HA router number ${haRouters}, but an HA network has only ${MAX_VR_ID} VRRP ids`);
        this.checkHaAgents(r, at);
      } else if (r.l3_agents !== undefined) {
        this.add(`${at}.l3_agents`, 'ha-agents', `router ${r.name} is not HA (ha is ${r.ha === false ? 'false' : 'not set and options.l3_ha is not true'}), so it has one host, not l3_agents`);
      } else if (r.host !== undefined) {
        const h = this.hosts.ref(r.host, `${at}.host`);
        if (h && !this.hasAgent(h, 'l3')) this.add(`${at}.host`, 'host-agent', `host ${r.host} does not run the l3 agent, so it cannot host router ${r.name}`);
      } else if (!l3 && this.hosts.complete) {
        this.add(`${at}.host`, 'host-role', `no host runs the l3 agent to host router ${r.name}; add a network host or set host`);
      }
      const attached: { sub: Sub; at: string }[] = [];
      const g = r.external_gateway_info;
      if (g) {
        const gAt = `${at}.external_gateway_info`;
        const net = this.networks.ref(g.network, `${gAt}.network`);
        if (net && !net.v['router:external']) this.add(`${gAt}.network`, 'gateway-not-external', `network ${net.v.name} is not router:external, so it cannot be a gateway`);
        g.external_fixed_ips?.forEach((f, k) => {
          const fAt = `${gAt}.external_fixed_ips[${k}]`;
          const sub = this.subnetRef(f.subnet, `${fAt}.subnet`);
          if (!sub) return;
          const home = net ?? attached[0]?.sub.net;
          if (home && sub.net && sub.net !== home) {
            return this.add(`${fAt}.subnet`, 'router-one-gateway', `${sub.label} is not on gateway network ${home.v.name}; a router has one gateway`);
          }
          if (f.ip_address !== undefined) this.claim(sub, f.ip_address, `${fAt}.ip_address`);
          else sub.demands.push({ at: fAt, what: `the gateway port of router ${r.name}` });
          attached.push({ sub, at: fAt });
        });
        if (g.port_id !== undefined) this.portId(g.port_id, `${gAt}.port_id`);
        if (g.mac_address !== undefined) this.mac(g.mac_address, net, `${gAt}.mac_address`);
        const first = !g.external_fixed_ips?.length && net && this.firstSubnet(net);
        if (first) {
          first.demands.push({ at: gAt, what: `the gateway port of router ${r.name}` });
          attached.push({ sub: first, at: gAt });
        }
      }
      r.interfaces?.forEach((f, j) => {
        const fAt = `${at}.interfaces[${j}]`;
        const sub = this.subnetRef(f.subnet, `${fAt}.subnet`);
        if (f.port_id !== undefined) this.portId(f.port_id, `${fAt}.port_id`);
        if (f.mac_address !== undefined) this.mac(f.mac_address, sub?.net, `${fAt}.mac_address`);
        if (!sub || sub.gw === undefined) return;
        if (sub.gw === null) return this.add(`${fAt}.subnet`, 'interface-subnet-no-gateway', `${sub.label} has no gateway_ip for the router interface to take`);
        const clash = attached.find((a) => cidrsOverlap(a.sub.cidr, sub.cidr));
        if (clash) {
          return this.add(`${fAt}.subnet`, 'router-overlapping-cidr', clash.sub === sub ? `router ${r.name} already has a port on ${sub.label}`
            : `${sub.label} overlaps ${clash.sub.label}, already on router ${r.name} (${clash.at})`);
        }
        const owner = sub.used.get(sub.gw);
        if (owner !== `${sub.item.at}.gateway_ip`) return this.add(`${fAt}.subnet`, 'ip-in-use', `gateway_ip ${formatIp(sub.gw)} of ${sub.label} is already used by ${owner}`);
        sub.used.set(sub.gw, fAt);
        attached.push({ sub, at: fAt });
      });
      r.routes?.forEach((rt, j) => {
        const rAt = `${at}.routes[${j}]`;
        this.cidr(rt.destination, `${rAt}.destination`);
        if (!isIpv4(rt.nexthop)) return this.add(`${rAt}.nexthop`, 'invalid-ip', `"${rt.nexthop}" is not an IPv4 address`);
        if (!attached.some((a) => cidrContains(a.sub.cidr, parseIp(rt.nexthop)))) {
          this.add(`${rAt}.nexthop`, 'ip-outside-subnet', `nexthop ${rt.nexthop} is not on any subnet attached to router ${r.name}`);
        }
      });
    }
  }

  private checkHaOptions(): void {
    const cidr = this.opts.l3_ha_net_cidr;
    // HANetworkCIDRNotValid: a CIDR with a prefix and no host bits.
    if (cidr !== undefined) this.cidr(cidr, 'options.l3_ha_net_cidr');
    if (cidr !== undefined && isCidr(cidr) && parseCidr(cidr).prefix > 30) {
      this.add('options.l3_ha_net_cidr', 'invalid-cidr', `${cidr} leaves too few addresses for one HA port per L3 agent`);
    }
  }

  /**
   * An HA router's L3 agents, as the scheduler would pick them: hosts running l3 with a tunnel
   * endpoint for the HA network, at most max_l3_agents_per_router, and at least two, or VRRP has
   * no peer to fail over to.
   */
  private checkHaAgents(r: RouterSpec, at: string): void {
    if (r.host !== undefined) {
      this.add(`${at}.host`, 'ha-agents', `router ${r.name} is HA: it runs on every host in l3_agents, so it takes no host`);
    }
    if (!this.hosts.complete) return;
    const max = this.opts.max_l3_agents_per_router ?? 3;
    // An L3 agent in dvr mode hosts distributed routers only: the scheduler never picks it for an HA router.
    const l3Hosts = this.hosts.items.filter((h) => this.hasAgent(h, 'l3') && h.v.agent_mode !== 'dvr').map((h) => h.v.name);
    const listed = r.l3_agents !== undefined;
    const agentsAt = listed ? `${at}.l3_agents` : r.ha !== undefined ? `${at}.ha` : 'options.l3_ha';
    const chosen = haAgentsOf(r, l3Hosts, max);
    const seen = new Set<string>();
    chosen.forEach((a, k) => {
      const aAt = listed ? `${at}.l3_agents[${k}].host` : agentsAt;
      const h = listed ? this.hosts.ref(a.host, aAt) : this.hosts.find(a.host);
      if (!h) return;
      if (!this.hasAgent(h, 'l3')) return this.add(aAt, 'host-agent', `host ${h.v.name} does not run the l3 agent, so it cannot host HA router ${r.name}`);
      if (seen.has(h.v.name)) return this.add(aAt, 'ha-agents', `host ${h.v.name} is listed twice for router ${r.name}; an L3 agent hosts a router once`);
      seen.add(h.v.name);
      if (!h.v.overlay) this.add(aAt, 'overlay-missing', `host ${h.v.name} has no overlay address for the HA network (a ${this.opts.tunnel_type ?? 'vxlan'} network) that carries router ${r.name}'s VRRP`);
    });
    if (chosen.length < 2) {
      const found = l3Hosts.length ? `${chosen.length} (${chosen.map((a) => a.host).join(', ')})` : 'none';
      this.add(agentsAt, 'ha-agents', `HA router ${r.name} needs at least 2 L3 agents for VRRP to fail over between; ${listed ? 'l3_agents lists' : 'hosts running l3:'} ${found}`);
    }
    if (listed && max > 0 && chosen.length > max) {
      this.add(agentsAt, 'ha-agents', `HA router ${r.name} lists ${chosen.length} L3 agents, more than options.max_l3_agents_per_router (${max}) lets the scheduler bind`);
    }
  }

  private dhcpDemands(): void {
    const agent = this.hosts.items.some((h) => this.hasAgent(h, 'dhcp'));
    for (const n of this.networks.items) {
      const served = agent && n.v.admin_state_up !== false
        && [...this.subs.values()].some((sub) => sub.net === n && sub.item.v.enable_dhcp !== false);
      const given = n.v.dhcp_port;
      if (given) {
        const at = `${n.at}.dhcp_port`;
        if (!served && this.hosts.complete) {
          const why = !agent ? 'no host runs the dhcp agent' : n.v.admin_state_up === false ? 'the network is administratively down' : 'none of its subnets has enable_dhcp';
          this.add(at, 'dhcp-port', `network ${n.v.name} has no DHCP port to describe: ${why}`);
        }
        if (given.port_id !== undefined) this.portId(given.port_id, `${at}.port_id`);
        if (given.mac_address !== undefined) this.mac(given.mac_address, n, `${at}.mac_address`);
      }
      if (!served) continue;
      for (const sub of this.subs.values()) {
        if (sub.net === n && sub.item.v.enable_dhcp !== false) sub.demands.push({ at: sub.item.at, what: `the DHCP port of network ${n.v.name}` });
      }
    }
  }

  private mac(mac: string, net: Item<NetworkSpec> | undefined, path: string): void {
    const problem = macProblem(mac);
    if (problem) return this.add(path, 'invalid-mac', problem);
    if (!net) return;
    const key = `${net.at}|${mac.toLowerCase()}`, prev = this.macs.get(key);
    if (prev) this.add(path, 'duplicate-mac', `${mac} is already used by ${prev} on network ${net.v.name}`);
    else this.macs.set(key, path);
  }
  private portId(id: string, path: string): void {
    const prev = this.portIds.get(id);
    if (prev) this.add(path, 'duplicate-name', `port id "${id}" is already used by ${prev}`);
    else this.portIds.set(id, path);
  }

  private checkInstances(): void {
    for (const { v: inst, at } of this.instances.items) {
      const h = this.hosts.ref(inst.host, `${at}.host`);
      const clash = deviceNameClash(inst.name, h?.v);
      if (clash) this.add(`${at}.name`, 'reserved-name', `instance ${inst.name} would share its name with ${clash}: the guest is a namespace of that name on its host`);
      if (h && !this.hasAgent(h, 'nova-compute')) this.add(`${at}.host`, 'host-agent', `host ${h.v.name} does not run nova-compute, so instance ${inst.name} cannot run there`);
      inst.ports.forEach((p, j) => this.checkPort(p, `${at}.ports[${j}]`, `port ${inst.name}-port${j}`));
    }
  }

  /** An instance port or a trunk subport: its id, MAC, fixed IPs and security groups. */
  private checkPort(p: InstancePortSpec, pAt: string, what: string, idField = 'id'): void {
    const net = this.networks.ref(p.network, `${pAt}.network`);
    if (p.id !== undefined) this.portId(p.id, `${pAt}.${idField}`);
    if (p.mac_address !== undefined) this.mac(p.mac_address, net, `${pAt}.mac_address`);
    if (p.fixed_ips === undefined) (net && this.firstSubnet(net))?.demands.push({ at: pAt, what });
    p.fixed_ips?.forEach((f, k) => {
      const fAt = `${pAt}.fixed_ips[${k}]`;
      const sub = this.subnetRef(f.subnet, `${fAt}.subnet`);
      if (!sub) return;
      if (net && sub.net && sub.net !== net) {
        return this.add(`${fAt}.subnet`, 'unknown-reference', `${sub.label} is on network ${sub.net.v.name}, not on the port's network ${net.v.name}`);
      }
      if (f.ip_address !== undefined) this.claim(sub, f.ip_address, `${fAt}.ip_address`);
      else sub.demands.push({ at: fAt, what });
    });
    p.security_groups?.forEach((g, k) => this.groups.ref(g, `${pAt}.security_groups[${k}]`));
    if (p.port_security_enabled === false && p.security_groups?.length) {
      this.add(`${pAt}.security_groups`, 'port-security', 'port_security_enabled is false, so the port cannot have security groups');
    }
    this.checkStatefulness(p.security_groups ?? (p.port_security_enabled === false ? [] : ['default']), `${pAt}.security_groups`);
    this.checkAddressPairs(p, pAt);
  }

  /** Neutron's _validate_sgs_for_port: one port's groups are all stateful or all stateless. */
  private checkStatefulness(refs: string[], path: string): void {
    // An unlisted `default` is the implicit one, stateful; an unknown name was reported where it is written.
    const known = refs.flatMap((ref) => {
      const g = this.groups.find(ref);
      return g ? [{ name: g.v.name, stateful: g.v.stateful !== false }] : ref === 'default' ? [{ name: 'default', stateful: true }] : [];
    });
    const stateless = known.find((g) => !g.stateful), stateful = known.find((g) => g.stateful);
    if (stateless && stateful) {
      this.add(path, 'sg-statefulness', `stateless group ${stateless.name} and stateful group ${stateful.name} cannot both apply to one port (Neutron refuses to mix them)`);
    }
  }

  /** Neutron's allowed-address-pairs extension: an address or CIDR each, a valid MAC, no duplicates, port security on. */
  private checkAddressPairs(p: InstanceSpec['ports'][number], pAt: string): void {
    const pairs = p.allowed_address_pairs;
    if (!pairs?.length) return;
    if (p.port_security_enabled === false) {
      this.add(`${pAt}.allowed_address_pairs`, 'port-security', 'port_security_enabled is false: Neutron needs port security for allowed address pairs');
    }
    const seen = new Map<string, number>();
    pairs.forEach((a, k) => {
      const aAt = `${pAt}.allowed_address_pairs[${k}]`;
      if (!isIpv4(a.ip_address) && !isCidr(a.ip_address)) this.add(`${aAt}.ip_address`, 'invalid-cidr', `"${a.ip_address}" is not an IPv4 address or CIDR`);
      else if (parseCidr(a.ip_address).prefix === 0) this.add(`${aAt}.ip_address`, 'invalid-cidr', `${a.ip_address} would let the port send from any address; Neutron refuses 0.0.0.0/0 pairs`);
      const problem = a.mac_address !== undefined ? macProblem(a.mac_address) : undefined;
      if (problem) this.add(`${aAt}.mac_address`, 'invalid-mac', problem);
      const key = `${a.ip_address}|${(a.mac_address ?? p.mac_address ?? '').toLowerCase()}`, prev = seen.get(key);
      if (prev !== undefined) this.add(aAt, 'duplicate-address-pair', `the same pair as allowed_address_pairs[${prev}]`);
      else seen.set(key, k);
    });
  }

  private checkTrunks(): void {
    checkTrunks({
      add: this.add, broken: this.broken, opts: this.opts, networks: this.networks, instances: this.instances,
      list: Array.isArray(this.raw.trunks) ? this.raw.trunks as TrunkSpec[] : [],
      checkPort: (p, at, what) => this.checkPort(p, at, what, 'port_id'),
    });
  }

  /** Neutron's rules for a floating IP: its network, its address, its port and the router joining them. */
  private checkFloatingIps(): void {
    const list = Array.isArray(this.raw.floatingips) ? this.raw.floatingips as FloatingIpSpec[] : [];
    const addresses = new Map<string, string>(), fixed = new Map<string, string>();
    const ports = new Map(this.instances.items.flatMap((i) => i.v.ports.map((p, j) => [p.id ?? '', { p, i, j }] as const)).filter(([id]) => id));
    list.forEach((f, k) => {
      const at = `floatingips[${k}]`;
      if (this.broken.has(at) || this.broken.has('floatingips')) return;
      const net = this.networks.ref(f.floating_network_id, `${at}.floating_network_id`);
      if (net && !net.v['router:external']) {
        this.add(`${at}.floating_network_id`, 'fip-network-not-external', `network ${net.v.name} is not router:external, so it cannot hold floating IPs`);
      }
      const aAt = `${at}.floating_ip_address`, prev = addresses.get(f.floating_ip_address);
      if (prev) this.add(aAt, 'fip-duplicate-address', `${f.floating_ip_address} is already the floating IP of ${prev}`);
      else addresses.set(f.floating_ip_address, at);
      const home = net && [...this.subs.values()].find((sub) => sub.net === net && isIpv4(f.floating_ip_address) && cidrContains(sub.cidr, parseIp(f.floating_ip_address)));
      if (!isIpv4(f.floating_ip_address)) this.add(aAt, 'invalid-ip', `"${f.floating_ip_address}" is not an IPv4 address`);
      else if (net && !home) this.add(aAt, 'fip-address-outside-network', `${f.floating_ip_address} is on no subnet of floating network ${net.v.name}`);
      else if (home && !prev) this.claim(home, f.floating_ip_address, aAt);
      if ((f.port_id === undefined) === (f.instance === undefined)) {
        return this.add(at, 'fip-port', 'a floating IP names its port by exactly one of port_id and instance');
      }
      let port: { p: InstanceSpec['ports'][number]; i: Item<InstanceSpec>; j: number } | undefined;
      if (f.port_id !== undefined) {
        port = ports.get(f.port_id);
        if (!port) return this.add(`${at}.port_id`, 'fip-port-unknown', `no instance port has id "${f.port_id}"${didYouMean(f.port_id, ports.keys())}`);
      } else {
        const inst = this.instances.ref(f.instance!, `${at}.instance`);
        if (!inst) return;
        if (!inst.v.ports.length) return this.add(`${at}.instance`, 'fip-port-unknown', `instance ${inst.v.name} has no port to associate`);
        port = { p: inst.v.ports[0], i: inst, j: 0 };
      }
      const what = `port ${port.i.v.name}-port${port.j}`;
      const given = port.p.fixed_ips ?? [];
      let subnetRef: string | undefined;
      if (f.fixed_ip_address !== undefined) {
        const hit = given.find((x) => x.ip_address === f.fixed_ip_address);
        if (!hit) return this.add(`${at}.fixed_ip_address`, 'fip-fixed-ip', `${f.fixed_ip_address} is not a fixed IP written on ${what} (its fixed_ips must give the address)`);
        subnetRef = hit.subnet;
      } else subnetRef = given[0]?.subnet;
      const portNet = this.networks.find(port.p.network);
      const sub = subnetRef !== undefined ? this.subs.get(this.subnets.find(subnetRef)?.v as SubnetSpec) : port.p.fixed_ips === undefined ? portNet && this.firstSubnet(portNet) : undefined;
      if (!sub && portNet && subnetRef === undefined && (port.p.fixed_ips !== undefined || !this.firstSubnet(portNet))) {
        return this.add(at, 'fip-fixed-ip', `${what} has no fixed IP for the floating IP to be translated to`);
      }
      if (!sub || !net || !net.v['router:external']) return;
      const key = `${port.i.v.name}|${port.j}|${sub.item.v.name}`, other = fixed.get(key);
      if (other) return this.add(at, 'fip-port-in-use', `${what} on ${sub.label} already has floating IP ${other}`);
      fixed.set(key, f.floating_ip_address);
      const joins = this.routers.items.some(({ v: r }) => r.external_gateway_info && this.networks.find(r.external_gateway_info.network) === net
        && (r.interfaces ?? []).some((x) => this.subnets.find(x.subnet)?.v === sub.item.v));
      if (!joins) {
        this.add(at, 'fip-unreachable', `external network ${net.v.name} is not reachable from ${sub.label}: no router has its gateway on the one and an interface on the other`);
      }
    });
  }

  private checkGroups(): void {
    for (const { v: g, at } of this.groups.items) {
      g.rules.forEach((r, j) => {
        const rAt = `${at}.rules[${j}]`;
        if (r.remote_group != null) this.groups.ref(r.remote_group, `${rAt}.remote_group`);
        const prefix = r.remote_ip_prefix;
        if (prefix != null && !isCidr(prefix) && !isIpv4(prefix)) this.add(`${rAt}.remote_ip_prefix`, 'invalid-cidr', `"${prefix}" is not an IPv4 CIDR`);
        const protocol = normalizeProtocol(r.protocol);
        if (protocol === undefined) {
          this.add(`${rAt}.protocol`, 'unknown-protocol', `protocol ${JSON.stringify(r.protocol)} is neither a name Neutron knows${didYouMean(String(r.protocol), IP_PROTOCOL_NUMBERS.keys())} nor a number 0..255`);
          return;
        }
        const problem = portRangeProblem(r, protocol);
        if (problem) this.add(rAt, 'port-range', problem);
      });
    }
  }

  private checkDistributed(): void {
    const subOf = (s: Item<SubnetSpec> | undefined) => s && this.subs.get(s.v);
    checkDistributedRouters({
      hosts: this.hosts, networks: this.networks, subnets: this.subnets, routers: this.routers, instances: this.instances, opts: this.opts,
      floatingips: Array.isArray(this.raw.floatingips) && !this.broken.has('floatingips')
        ? (this.raw.floatingips as FloatingIpSpec[]).map((f, k) => (this.broken.has(`floatingips[${k}]`) ? undefined : f)) : [],
      add: this.add, hasAgent: this.hasAgent,
      portSubnet: (p) => {
        const ref = p.fixed_ips?.[0]?.subnet;
        if (ref !== undefined) return this.subnets.find(ref);
        const net = p.fixed_ips === undefined ? this.networks.find(p.network) : undefined;
        return net && this.firstSubnet(net)?.item;
      },
      demand: (s, at, what) => subOf(s)?.demands.push({ at, what }),
      firstSubnet: (net) => this.firstSubnet(net)?.item,
    });
  }

  /** Counting is exact: allocation takes the first free pool address, never an explicit one. */
  private checkPools(): void {
    for (const sub of this.subs.values()) {
      if (!sub.poolsKnown) continue;
      const size = sub.pools.reduce((n, [a, b]) => n + b - a + 1, 0);
      const taken = [...sub.used.keys()].filter((ip) => sub.pools.some(([a, b]) => a <= ip && ip <= b)).length;
      const free = Math.max(0, size - taken);
      const d = sub.demands[free];
      if (d) this.add(d.at, 'pool-exhausted', `no free address left in ${sub.label} for ${d.what} (${free} free, ${sub.demands.length} needed)`);
    }
  }
}

/** Neutron's _validate_port_range rules. */
function portRangeProblem(r: SecurityGroupRuleSpec, protocol: string | null): string | undefined {
  const min = r.port_range_min ?? null, max = r.port_range_max ?? null;
  if (min === null && max === null) return undefined;
  if (!protocol) return `a port range needs protocol ${[...PORT_PROTOCOLS].join(', ')} or icmp`;
  if (protocol === 'icmp') {
    if (min === null) return 'an ICMP code (port_range_max) needs an ICMP type (port_range_min)';
    return min > 255 || (max ?? 0) > 255 ? 'ICMP type (port_range_min) and code (port_range_max) must be 0..255' : undefined;
  }
  if (!PORT_PROTOCOLS.has(protocol)) return `protocol ${protocol} has no ports: port ranges are for ${[...PORT_PROTOCOLS].join(', ')} and icmp (type/code)`;
  return min === null || max === null || min < 1 || min > max ? `a ${protocol} port range needs 1 <= port_range_min <= port_range_max` : undefined;
}
