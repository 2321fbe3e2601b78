/**
 * What a topology file (YAML or JSON) or the builder may say: the `Cloud` shape with every
 * derivable field optional. References (`network`, `subnet`, `host`, security groups) may name
 * an object by its `name` or its `id`. `normalizeCloud` fills in ids, MACs and fixed IPs
 * deterministically, so the same file always realizes the same data plane.
 */
import type {
  Agent, DeploymentOptions, FirewallDriver, HaState, HostRole, L3AgentMode, NetworkType, TunnelType,
} from './types';

export interface HostSpec {
  name: string;
  role: HostRole;
  agents?: Agent[];
  management: { interface?: string; ip: string };
  overlay?: { interface?: string; ip: string };
  external?: { interface?: string; bridge?: string; physical_network?: string };
  /** l3_agent.ini `agent_mode` (`legacy` by default); a compute host with one runs l3 and metadata. */
  agent_mode?: L3AgentMode;
}

export interface NetworkSpec {
  id?: string;
  name: string;
  'provider:network_type': NetworkType;
  'provider:segmentation_id'?: number | null;
  'provider:physical_network'?: string | null;
  'router:external'?: boolean;
  admin_state_up?: boolean;
  mtu?: number;
  /** The DHCP port Neutron created, so that its `tap` device and MAC are the real ones. */
  dhcp_port?: { port_id?: string; mac_address?: string };
}

export interface SubnetSpec {
  id?: string;
  name: string;
  /** Network name or id. */
  network: string;
  ip_version?: 4;
  cidr: string;
  /** `null` for a subnet without a gateway; omitted means the first address. */
  gateway_ip?: string | null;
  allocation_pools?: { start: string; end: string }[];
  enable_dhcp?: boolean;
  host_routes?: { destination: string; nexthop: string }[];
  dns_nameservers?: string[];
}

export interface FixedIpSpec {
  /** Subnet name or id. */
  subnet: string;
  ip_address?: string;
}

export interface InstancePortSpec {
  id?: string;
  /** Network name or id. */
  network: string;
  fixed_ips?: FixedIpSpec[];
  mac_address?: string;
  /** Security group names or ids; `['default']` when omitted. */
  security_groups?: string[];
  port_security_enabled?: boolean;
  /** Further addresses or CIDRs the port may use, with an optional MAC (the port's own when omitted). */
  allowed_address_pairs?: { ip_address: string; mac_address?: string }[];
  admin_state_up?: boolean;
}

export interface InstanceSpec {
  id?: string;
  name: string;
  host: string;
  ports: InstancePortSpec[];
}

export interface RouterInterfaceSpec {
  /** Subnet name or id; the interface takes the subnet's gateway_ip, as Neutron does. */
  subnet: string;
  port_id?: string;
  mac_address?: string;
}

export interface RouterSpec {
  id?: string;
  name: string;
  admin_state_up?: boolean;
  /** Network name or id of the external network, plus optional fixed IPs. */
  external_gateway_info?: {
    network: string;
    enable_snat?: boolean;
    external_fixed_ips?: FixedIpSpec[];
    /** The gateway port's id and MAC, so that its `qg-` device and the MAC seen upstream are the real ones. */
    port_id?: string;
    mac_address?: string;
  } | null;
  interfaces?: RouterInterfaceSpec[];
  /** L3 agent host of a legacy router; the first host running `l3` when omitted. */
  host?: string;
  routes?: { destination: string; nexthop: string }[];
  /** A distributed (DVR) router; `options.router_distributed` when omitted. */
  distributed?: boolean;
  /** An HA (VRRP) router; `options.l3_ha` when omitted. */
  ha?: boolean;
  /**
   * HA routers: the L3 agents hosting it and their keepalived state. Omitted: the first
   * `max_l3_agents_per_router` hosts running l3. `ha_state` omitted everywhere: the first is active.
   */
  l3_agents?: { host: string; ha_state?: HaState }[];
}

export interface SecurityGroupRuleSpec {
  direction: 'ingress' | 'egress';
  ethertype?: 'IPv4';
  /** A name (`tcp`, `icmp`, `vrrp`, ...), a number 0..255 (as a number or text), `any` or null: any protocol. */
  protocol?: string | number | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  /** Security group name or id. */
  remote_group?: string | null;
}

export interface SecurityGroupSpec {
  id?: string;
  name: string;
  /** false: a stateless group (no conntrack for its ports under iptables_hybrid); default true. */
  stateful?: boolean;
  rules: SecurityGroupRuleSpec[];
}

/** A floating IP, with Neutron's field names; the port is named by `port_id` or by `instance` (its first port). */
export interface FloatingIpSpec {
  id?: string;
  floating_ip_address: string;
  /** Name or id of the router:external network the address is on. */
  floating_network_id: string;
  port_id?: string;
  /** Instance name or id: its first port. */
  instance?: string;
  /** Which fixed IP of the port; its first when omitted. */
  fixed_ip_address?: string;
}

/**
 * A trunk subport, with Neutron's field names. Its port is created here (it is not a NIC of its
 * own): on `network`, with its addresses and MAC derived unless given.
 */
export interface SubPortSpec {
  /** The subport's port id; derived when omitted. */
  port_id?: string;
  /** Network name or id of the subport's port. */
  network: string;
  segmentation_type: 'vlan';
  segmentation_id: number;
  fixed_ips?: FixedIpSpec[];
  /** The trunk guide recommends the parent's MAC; a fresh one (as Neutron allocates) when omitted. */
  mac_address?: string;
  /** Security group names or ids; `['default']` when omitted. */
  security_groups?: string[];
  port_security_enabled?: boolean;
}

/** A trunk; the parent is named by `port_id` (an instance port) or by `instance` (its first port). */
export interface TrunkSpec {
  id?: string;
  name: string;
  port_id?: string;
  instance?: string;
  sub_ports?: SubPortSpec[];
}

export interface OptionsSpec extends Partial<Omit<DeploymentOptions, 'tunnel_type' | 'firewall_driver'>> {
  tunnel_type?: TunnelType;
  firewall_driver?: FirewallDriver;
}

export interface CloudSpec {
  $schema?: string;
  name?: string;
  options?: OptionsSpec;
  hosts: HostSpec[];
  networks: NetworkSpec[];
  subnets: SubnetSpec[];
  routers?: RouterSpec[];
  instances?: InstanceSpec[];
  /** A `default` group (Neutron's default rules) is added when none of that name is given. */
  security_groups?: SecurityGroupSpec[];
  floatingips?: FloatingIpSpec[];
  trunks?: TrunkSpec[];
}
