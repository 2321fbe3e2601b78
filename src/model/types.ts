/**
 * The logical cloud, as Neutron and Nova describe it. Field names follow Neutron's API
 * (`provider:network_type`, `gateway_ip`, `external_gateway_info`, ...) so a topology file reads
 * like `openstack network show` output.
 *
 * A `Cloud` is always normalized and valid: every id, MAC and fixed IP is filled in and every
 * reference resolves. Build one with `loadTopology`, `parseTopology`, `normalizeCloud` or the builder.
 */

export type HostRole = 'controller' | 'network' | 'compute';
export type NetworkType = 'vxlan' | 'gre' | 'vlan' | 'flat';
export type TunnelType = 'vxlan' | 'gre';
export type FirewallDriver = 'iptables_hybrid' | 'openvswitch';
/** l3_agent.ini `agent_mode`. */
export type L3AgentMode = 'legacy' | 'dvr' | 'dvr_snat';
export type Agent = 'ovs' | 'l3' | 'dhcp' | 'metadata' | 'nova-compute' | 'nova-metadata';

export interface HostInterface {
  /** Linux device name on the host, e.g. `eth1`. */
  interface: string;
  /** Address with prefix length, e.g. `10.0.1.31/24`. */
  ip: string;
}

export interface ExternalInterface {
  interface: string;
  /** The OVS bridge the NIC is plugged into (`br-ex` in the guides, `br-provider` in others). */
  bridge: string;
  /** The physical network name used in `bridge_mappings`. */
  physical_network: string;
}

export interface Host {
  name: string;
  role: HostRole;
  /** Which agents and services run here; derived from the role when not given. */
  agents: Agent[];
  management: HostInterface;
  /** Tunnel endpoint (VTEP) address; absent on hosts without the OVS agent. */
  overlay?: HostInterface;
  /** Physical NIC bridged to a provider network. */
  external?: ExternalInterface;
  /** The L3 agent's `agent_mode` on a host running l3, when set (absent: `legacy`). */
  agent_mode?: L3AgentMode;
  /**
   * The host's unique DVR MAC (`dvr_host_macs`, under `dvr_base_mac` fa:16:3f:00:00:00): set on
   * hosts whose L3 agent runs in dvr or dvr_snat mode, whose OVS agent then has
   * `enable_distributed_routing`.
   */
  dvr_mac?: string;
}

export interface Network {
  id: string;
  name: string;
  'provider:network_type': NetworkType;
  'provider:segmentation_id': number | null;
  'provider:physical_network': string | null;
  'router:external': boolean;
  admin_state_up: boolean;
  mtu: number;
}

export interface AllocationPool {
  start: string;
  end: string;
}

export interface HostRoute {
  destination: string;
  nexthop: string;
}

export interface Subnet {
  id: string;
  name: string;
  network_id: string;
  ip_version: 4;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  enable_dhcp: boolean;
  host_routes: HostRoute[];
  dns_nameservers: string[];
}

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export type DeviceOwner =
  | 'compute:nova'
  | 'network:dhcp'
  | 'network:router_interface'
  /** An HA router's interface: one Neutron port, plugged into the router's namespace on every L3 agent hosting it. */
  | 'network:ha_router_replicated_interface'
  /** An HA router's own port on the HA network, one per L3 agent hosting it (the `ha-` device). */
  | 'network:router_ha_interface'
  | 'network:router_gateway'
  /** A distributed router's interface: one Neutron port, a `qr-` with its IP and MAC on every host the router is on. */
  | 'network:router_interface_distributed'
  /** A distributed router's SNAT port on one internal subnet: the `sg-` in `snat-` on the dvr_snat host. */
  | 'network:router_centralized_snat'
  /** A host's port on an external network for its DVR floating IPs: the `fg-` in `fip-<network id>`. */
  | 'network:floatingip_agent_gateway'
  /** A trunk's subport (`trunk_consts.TRUNK_SUBPORT_OWNER`), bound where its parent is; device_id is the trunk's id. */
  | 'trunk:subport';


/** A Neutron port. Instance, DHCP and router ports all live in `Cloud.ports`. */
export interface Port {
  id: string;
  name: string;
  network_id: string;
  mac_address: string;
  fixed_ips: FixedIp[];
  device_owner: DeviceOwner;
  /** Instance id, router id, or `dhcp<host>-<network_id>` as Neutron does. */
  device_id: string;
  /** `binding:host_id`: where the port is wired. */
  'binding:host_id': string;
  security_groups: string[];
  port_security_enabled: boolean;
  /**
   * Neutron's `allowed_address_pairs`: further addresses (or CIDRs) the port may send from, each
   * with the MAC it may use (the port's own unless given). They widen anti-spoofing and join the
   * port's groups as remote-group members.
   */
  allowed_address_pairs: AllowedAddressPair[];
  admin_state_up: boolean;
}

export interface AllowedAddressPair {
  /** An IPv4 address or CIDR. */
  ip_address: string;
  mac_address: string;
}

export interface ExternalGatewayInfo {
  network_id: string;
  enable_snat: boolean;
  external_fixed_ips: FixedIp[];
}

export interface Router {
  id: string;
  name: string;
  admin_state_up: boolean;
  external_gateway_info: ExternalGatewayInfo | null;
  /**
   * Router interface ports (device_owner `network:router_interface`, or
   * `network:ha_router_replicated_interface` on an HA router), by id.
   */
  interfaces: string[];
  /** Gateway port id (device_owner `network:router_gateway`). */
  gw_port_id: string | null;
  /**
   * The L3 agent host the router is scheduled to. For an HA router: where its interface and
   * gateway ports are bound (`binding:host_id`), the host of its active agent (the first when none is).
   */
  host: string;
  routes: HostRoute[];
  /** Neutron's `ha`: keepalived (VRRP) in a qrouter namespace on each of `l3_agents`. */
  ha: boolean;
  /** HA routers: the L3 agents hosting it and each one's keepalived state; empty for a legacy router. */
  l3_agents: HaAgentBinding[];
  /** HA routers: the VRRP id on the project's HA network (`ha_vr_id`, 1..254); null for a legacy router. */
  ha_vr_id: number | null;
  /**
   * Neutron's `distributed`: a `qrouter-` on every host with a port on its subnets (east-west and
   * floating IPs routed there) and, with a gateway, SNAT in `snat-` on `host` (a dvr_snat agent).
   * Absent on a centralized router.
   */
  distributed?: boolean;
}

export type HaState = 'active' | 'standby';

/** One L3 agent hosting an HA router (`openstack network agent list --router R --long`). */
export interface HaAgentBinding {
  host: string;
  /** active: its keepalived is the VRRP primary, holding the router's addresses and routes. */
  ha_state: HaState;
  /** Its port on the HA network: the `ha-` device in the router's namespace on that host. */
  ha_port_id: string;
}

export interface Instance {
  id: string;
  name: string;
  host: string;
  /** Port ids, in NIC order (`eth0`, `eth1`, ...). */
  ports: string[];
}

/**
 * A rule's protocol as Neutron stores it after normalizing: a name (`tcp`, `udp`, `icmp`, `gre`,
 * `vrrp`, `sctp`, ...) or, for a protocol with no name, its number as text (`"89"`); null is any.
 */
export type SecurityGroupProtocol = string;

export interface SecurityGroupRule {
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4';
  protocol: SecurityGroupProtocol | null;
  /** tcp/udp: the first destination port; icmp: the ICMP type. */
  port_range_min: number | null;
  /** tcp/udp: the last destination port; icmp: the ICMP code. */
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

export interface SecurityGroup {
  id: string;
  name: string;
  /**
   * Neutron's `stateful` (Wallaby and later): false makes the group stateless. The iptables_hybrid
   * driver then exempts its ports from conntrack, so answers need rules of their own.
   */
  stateful: boolean;
  rules: SecurityGroupRule[];
}

/** A floating IP associated with a port (Neutron's `floatingip`), on the router that connects the two. */
export interface FloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  port_id: string;
  fixed_ip_address: string;
  /** The router with a gateway on the floating network and an interface on the fixed IP's subnet. */
  router_id: string;
}

/** One subport of a trunk: its port, presented to the instance on the parent's NIC tagged with `segmentation_id`. */
export interface SubPort {
  port_id: string;
  segmentation_type: 'vlan';
  /** The 802.1Q VID inside the instance (1..4094); unrelated to the network's own segmentation. */
  segmentation_id: number;
}

/** A Neutron trunk: its parent (an instance port, untagged on the NIC) and its subports (tagged). */
export interface Trunk {
  id: string;
  name: string;
  /** The parent port. */
  port_id: string;
  sub_ports: SubPort[];
}

export interface DeploymentOptions {
  tunnel_type: TunnelType;
  firewall_driver: FirewallDriver;
  l2_population: boolean;
  arp_responder: boolean;
  force_metadata: boolean;
  enable_isolated_metadata: boolean;
  /** Nova's metadata API, reached by the metadata agent over the management network. */
  nova_metadata_host: string;
  nova_metadata_port: number;
  metadata_port: number;
  physical_mtu: number;
  /** Where `internet` flows are sent: an address outside every subnet, beyond the upstream router. */
  internet_probe_ip: string;
  /** TCP ports the internet host beyond the upstream router listens on (it answers echo requests too). */
  internet_tcp_ports: number[];
  /** neutron.conf `router_distributed`: routers are distributed unless they say `distributed: false`. */
  router_distributed?: boolean;
  /** neutron.conf `l3_ha`: routers are HA unless they say `ha: false`. */
  l3_ha: boolean;
  /** neutron.conf `max_l3_agents_per_router`: agents an HA router is scheduled on (0: every one). */
  max_l3_agents_per_router: number;
  /** neutron.conf `l3_ha_net_cidr`: the subnet of each project's HA network. */
  l3_ha_net_cidr: string;
}

export interface Cloud {
  name: string;
  options: DeploymentOptions;
  hosts: Host[];
  networks: Network[];
  subnets: Subnet[];
  ports: Port[];
  routers: Router[];
  instances: Instance[];
  security_groups: SecurityGroup[];
  floatingips: FloatingIp[];
  trunks: Trunk[];
}
