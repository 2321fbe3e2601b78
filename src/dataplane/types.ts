/**
 * The data plane: what the agents and Nova have built on each host, as plain serializable data.
 * Nothing here says what a flow *is*; it is bridges, ports, flow tables, namespaces, routes,
 * netfilter rules and listening processes. The engine gives each kind of device its generic
 * semantics, and paths emerge from this state alone.
 *
 * Data planes are treated as immutable values: fault injection returns a changed copy.
 */

/** A port of a device: an OVS/Linux bridge port, or an interface of a namespace. */
export interface PortRef {
  host: string;
  device: string;
  port: string;
}

export type LinkKind = 'veth' | 'patch' | 'internal' | 'wire';

/** A point-to-point connection between two ports (veth pair, OVS patch pair, OVS internal port, cable). */
export interface Link {
  kind: LinkKind;
  a: PortRef;
  b: PortRef;
}

// ---------------------------------------------------------------- OVS bridges

export interface OvsPort {
  name: string;
  ofport: number;
  /** Access port VLAN (`Port.tag`); absent for trunk ports. */
  tag?: number;
  type: 'internal' | 'patch' | 'system' | 'vxlan' | 'gre';
  /** Tunnel ports: `remote_ip`, `local_ip`; `key=flow` is implied (the tunnel id comes from flows). */
  remoteIp?: string;
  localIp?: string;
}

export interface FlowMatch {
  inPort?: string;
  /** 802.1Q VID; `0` matches frames without a VLAN header. */
  vlan?: number;
  dlDst?: string;
  /** Multicast bit of dl_dst: `unicast` (…/01:00:00:00:00:00 clear) or `multicast` (set). */
  dlDstKind?: 'unicast' | 'multicast';
  dlSrc?: string;
  ethType?: 'arp' | 'ip';
  tunId?: number;
  /** An IP protocol by name (`tcp`, `vrrp`) or, without a name, by number (`"89"`). */
  nwProto?: string;
  /** An address, or a CIDR (`10.0.0.0/8`) for a masked match. */
  nwSrc?: string;
  nwDst?: string;
  tpSrc?: number;
  /** A port, or `value/mask` (`0x1000/0xf000`) for a masked match, as Neutron writes port ranges. */
  tpDst?: number | string;
  /** ICMP type and code (`icmp_type`, `icmp_code`). */
  icmpType?: number;
  icmpCode?: number;
  arpSpa?: string;
  arpTpa?: string;
  /** Conntrack state after `ct()`: `est` for an established connection, `new` otherwise (untracked: neither). */
  ctState?: 'est' | 'new';
  /** `conj_id=N`: matches when the packet matched every clause of conjunction N (see the `conjunction` action). */
  conjId?: number;
}

/**
 * A `learn()` action: the flow it installs in `table`, written as a template over the packet that
 * triggered it, as `ovs-ofctl` shows it. Neutron's br-tun (table 10 → 20):
 * `learn(table=20,hard_timeout=300,priority=1,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],
 * load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[])`.
 */
export interface LearnSpec {
  table: number;
  priority: number;
  hardTimeout: number;
  /**
   * What the learned flow matches, each field from a field of the triggering packet:
   * `{ field: 'vlan', from: 'vlan' }` is `NXM_OF_VLAN_TCI[0..11]`, `{ field: 'dlDst', from: 'ethSrc' }`
   * is `NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[]`. One MAC field at most, and the VLAN optionally.
   */
  match: LearnMatch[];
  /** What the learned flow does, in order. */
  actions: LearnAction[];
}

export type LearnPacketField = 'vlan' | 'ethSrc' | 'ethDst' | 'tunId';
export interface LearnMatch { field: 'vlan' | 'dlDst' | 'dlSrc'; from: LearnPacketField }
export type LearnAction =
  /** `load:<value>->NXM_OF_VLAN_TCI[]` (0: no VLAN), `load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[]`. */
  | { type: 'load'; field: 'vlan' | 'tunId'; value: number }
  | { type: 'load'; field: 'vlan' | 'tunId'; from: LearnPacketField }
  /** `output:OXM_OF_IN_PORT[]`: back out of the port the triggering packet came in by. */
  | { type: 'output_in_port' };

export type FlowAction =
  | { type: 'output'; port: string }
  | { type: 'in_port' }
  | { type: 'resubmit'; table: number }
  | { type: 'normal' }
  | { type: 'mod_vlan_vid'; vlan: number }
  | { type: 'strip_vlan' }
  | { type: 'set_tunnel'; tunId: number }
  | { type: 'learn'; spec: LearnSpec }
  /**
   * `ct(zone=Z[,commit][,table=T])`: look the packet up in the host's conntrack zone Z (with
   * commit, create its entry), then continue in table T with `ct_state` set.
   */
  | { type: 'ct'; zone: number; commit?: boolean; table?: number }
  /**
   * `conjunction(id, clause/clauses)`: this flow is one clause of a conjunctive match. A packet
   * that matches a flow of every clause of conjunction `id` (all at one priority) is looked up
   * again as `conj_id=id`. A flow may take part in several conjunctions.
   */
  | { type: 'conjunction'; id: number; clause: number; clauses: number }
  /** The ARP responder's move/load sequence: turn a who-has into an is-at `mac` reply. */
  | { type: 'arp_reply'; mac: string }
  /** `mod_dl_src:<mac>` (`set_field:<mac>->eth_src`): rewrite the frame's source MAC. */
  | { type: 'mod_dl_src'; mac: string }
  | { type: 'drop' };

export interface Flow {
  table: number;
  priority: number;
  match: FlowMatch;
  actions: FlowAction[];
  /** What put it there, for traces: e.g. `l2pop unicast`, `local vlan 1 → vni 101`. */
  note?: string;
  hardTimeout?: number;
}

export interface OvsBridge {
  kind: 'ovs';
  name: string;
  ports: OvsPort[];
  flows: Flow[];
  /**
   * What each table is for, by number, as the agent that built the bridge names it
   * (`20: 'UCAST_TO_TUN'`): for readers (views, fault sites; see dataplane/tables.ts). No path
   * depends on it.
   */
  tableNames?: Readonly<Record<number, string>>;
}

// ---------------------------------------------------------------- Linux bridges

export interface LinuxBridge {
  kind: 'linux-bridge';
  name: string;
  ports: string[];
  /** `net.bridge.bridge-nf-call-iptables`: bridged IPv4 frames traverse the host's FORWARD chain. */
  nfCallIptables: boolean;
  /**
   * Learns each MAC per 802.1Q VLAN, as a physical switch does: the same MAC on two VLANs of a
   * provider network is two entries. A Linux bridge without VLAN filtering learns one per MAC.
   */
  learnsPerVlan?: boolean;
}

// ---------------------------------------------------------------- namespaces

export interface Interface {
  name: string;
  mac: string;
  /** Addresses with prefix, e.g. `192.168.1.1/24`. */
  addresses: string[];
  /** A port that leads out of the modelled cloud (the upstream router's uplink). */
  exit?: boolean;
  /** A VLAN sub-interface (`eth0.101`): accepts and sends only frames tagged with this VID. */
  vlan?: number;
  /**
   * The device a VLAN sub-interface is stacked on (`ip link add link eth0 name eth0.101 type vlan
   * id 101`): it has no wire of its own, and its tagged frames come and go through `link`'s.
   */
  link?: string;
  up: boolean;
  /**
   * `net.ipv4.conf.<dev>.proxy_arp=1`: the kernel answers a who-has on this interface for an
   * address it routes out of another interface.
   */
  proxyArp?: boolean;
  /** The interface MTU, when something set one (a guest takes it from its DHCP answer). */
  mtu?: number;
  /**
   * A guest NIC whose address, routes and MTU come from its own DHCP exchange (dhclient), not
   * from the model: `init` until the guest boots, then the lease it got or why it got none.
   */
  dhcp?: DhcpLease;
}

export type DhcpLease =
  | { state: 'init' }
  | { state: 'bound'; server: string; ip: string }
  | { state: 'failed'; reason: string };

export interface Route {
  /** `default` or a CIDR. */
  destination: string;
  via?: string;
  dev: string;
  /** `kernel` for connected routes, `dhcp` for routes an instance learned from DHCP, etc. */
  proto?: string;
  /** The routing table (`ip route ... table N`); absent: the main table. */
  table?: number;
}

/**
 * A policy routing rule (`ip rule add [from CIDR] [iif DEV] lookup TABLE priority N`). Rules are
 * tried by priority after the main table's rule (32766); a table with no matching route lets the
 * lookup go on to the next rule, as the kernel does.
 */
export interface PolicyRule {
  priority: number;
  /** Source prefix; absent: any source. */
  from?: string;
  /** Input interface; locally generated packets come in on `lo`. */
  iif?: string;
  table: number;
}

/** A permanent neighbour entry (`ip neigh replace IP lladdr MAC dev DEV nud permanent`). */
export interface Neighbour {
  ip: string;
  mac: string;
  dev: string;
}

export interface RuleMatch {
  src?: string;
  dst?: string;
  notSrc?: string;
  notDst?: string;
  /** Input interface; a trailing `+` is a prefix wildcard as in iptables (`qr-+`). */
  inIface?: string;
  outIface?: string;
  notInIface?: string;
  notOutIface?: string;
  /** `-p`: an IP protocol by name (`tcp`, `vrrp`) or, without a name, by number (`"89"`). */
  proto?: string;
  sport?: number;
  dport?: number;
  /** Upper bound of a `--dport min:max` range. */
  dportMax?: number;
  /** `--icmp-type type[/code]`. */
  icmpType?: number;
  icmpCode?: number;
  /** `-m mark --mark value/mask`. */
  mark?: { value: number; mask: number };
  /** `-m state/conntrack --ctstate`, any of. */
  ctstate?: ('NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED')[];
  /** `-m mark ! --mark value/mask`. */
  notMark?: { value: number; mask: number };
  /** `-m conntrack ! --ctstate DNAT`. */
  notCtDnat?: boolean;
  /** `-m conntrack --ctstate DNAT`: the connection's destination was translated. */
  ctDnat?: boolean;
  physdevIn?: string;
  physdevOut?: string;
  physdevIsBridged?: boolean;
  macSrc?: string;
  /** `-m set --match-set <name> src`. */
  srcSet?: string;
  /** `-m set --match-set <name> dst`. */
  dstSet?: string;
}

export type RuleTarget =
  | { type: 'ACCEPT' }
  | { type: 'DROP' }
  | { type: 'RETURN' }
  | { type: 'jump'; chain: string }
  | { type: 'REDIRECT'; toPort: number }
  | { type: 'SNAT'; toSource: string }
  | { type: 'DNAT'; toDestination: string }
  | { type: 'MARK'; value: number; mask: number }
  /** raw table `-j CT --notrack`: conntrack ignores the packet (no state, no NAT undone). */
  | { type: 'NOTRACK' };

export interface Rule {
  match: RuleMatch;
  target: RuleTarget;
  comment?: string;
}

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

/** `iptables-save` as data: table → chain → rules. Built-in chains have a policy. */
export interface Netfilter {
  tables: Partial<Record<TableName, Record<string, Rule[]>>>;
  policies?: Partial<Record<string, 'ACCEPT' | 'DROP'>>;
  /** `ipset` sets by name (member IPv4 addresses). */
  ipsets?: Record<string, string[]>;
}

/** What a listening process does with a request. The engine knows these generic behaviours only. */
export type ProcessBehaviour =
  /**
   * dnsmasq in static mode: answers DHCP for MACs in its hosts file only, from the `--dhcp-range`
   * holding the host's address; options tagged with that range's tag (or untagged) go with it.
   */
  | { kind: 'dhcp-server'; hosts: DhcpHost[]; leaseSeconds: number; serverIp: string; ranges: DhcpRange[]; options: DhcpOption[] }
  /** Answers the request itself (an HTTP API, an echo service). */
  | { kind: 'server'; status?: number }
  /**
   * A socket an application listens on: a TCP SYN gets the kernel's SYN-ACK, a UDP datagram the
   * process's answer. The packet counts as delivered to the namespace.
   */
  | { kind: 'accept' }
  /** Accepts the connection and opens another one: haproxy, the metadata agent. */
  | { kind: 'relay'; to: { unix: string } | { ip: string; port: number; proto: 'tcp' } }
  /** A kernel tunnel endpoint (OVS's vxlan_sys_4789 / gre_sys): decapsulates into the host's tunnel ports. */
  | { kind: 'tunnel-endpoint'; tunnelType: 'vxlan' | 'gre' }
  /** A DHCP client waiting for its offer/ack (on a packet socket: it needs no address yet). */
  | { kind: 'dhcp-client' }
  /**
   * keepalived's VRRP instance: MASTER holds the virtual addresses and sends advertisements,
   * BACKUP listens for them (and would take over when they stop).
   */
  | { kind: 'vrrp'; vrid: number; priority: number; state: 'MASTER' | 'BACKUP' };

export interface DhcpHost {
  mac: string;
  ip: string;
  hostname: string;
}

/** `--dhcp-range=set:<tag>,<network>,static,<netmask>`. */
export interface DhcpRange {
  tag: string;
  cidr: string;
}

/** A line of dnsmasq's opts file: `tag:<tag>,option:<name>,<value>` (untagged: every client). */
export interface DhcpOption {
  tag?: string;
  name: string;
  /** Empty: the option is sent empty (`option:router` with no gateway means no router). */
  value: string;
}

export interface Listener {
  /** Process name as `ss -lnp` would show it: `dnsmasq`, `haproxy`, `nova-api-metadata`. */
  process: string;
  proto: 'tcp' | 'udp' | 'gre' | 'unix' | 'vrrp';
  /** Bound address; `0.0.0.0` for any. Unused for UNIX sockets. */
  ip?: string;
  port?: number;
  /** UNIX socket path. */
  path?: string;
  behaviour: ProcessBehaviour;
  running: boolean;
  /** An AF_PACKET socket (dhclient): it sees matching frames on arrival, before IP and netfilter. */
  packetSocket?: boolean;
  /** The interface a raw socket is bound to; with `ip` a multicast group, the group it joined there. */
  iface?: string;
}

/** `snat` and `fip`: a distributed router's SNAT namespace and a host's floating IP namespace. */
export type NamespaceKind = 'root' | 'qrouter' | 'qdhcp' | 'snat' | 'fip' | 'instance' | 'external';

export interface Namespace {
  kind: 'namespace';
  name: string;
  /** The role the namespace plays, for reading traces; the engine never branches on it. */
  role: NamespaceKind;
  /** Logical owner for reports: a router, network or instance name. */
  owner?: string;
  interfaces: Interface[];
  routes: Route[];
  /** Policy routing rules beyond the kernel's own (local, main, default). */
  rules?: PolicyRule[];
  /** Neighbour entries an agent installed; the kernel never ARPs for these. */
  neighbours?: Neighbour[];
  netfilter: Netfilter;
  listeners: Listener[];
  /** `net.ipv4.ip_forward`. */
  ipForward: boolean;
  /**
   * A guest OS beyond the model: packets to its own unicast address are delivered to it.
   * Namespaces we model fully (routers, DHCP, hosts) answer only through their listeners.
   */
  guest: boolean;
  /** resolv.conf's nameservers (a guest takes them from DHCP). */
  nameservers?: string[];
}

export type Device = OvsBridge | LinuxBridge | Namespace;

export interface HostPlane {
  name: string;
  /** Every bridge and namespace; the host's own network stack is the namespace named `root`. */
  devices: Device[];
}

/** How a user names an instance: where it sits and what it is called on the wire. */
export interface InstanceEndpoint {
  name: string;
  host: string;
  namespace: string;
  iface: string;
  mac: string;
  ip: string;
  network: string;
  subnet: string;
}

export interface Dataplane {
  cloudName: string;
  /** Every host, plus `fabric` (the physical switches and the upstream router). */
  hosts: HostPlane[];
  links: Link[];
  /** Named endpoints for building flows; not consulted while a packet walks. */
  endpoints: {
    instances: InstanceEndpoint[];
    /** The address `internet` flows are sent to, and the source of flows from `internet`. */
    internet: string;
    /** Floating IPs by instance: what a flow from outside is addressed to. */
    floatingIps: { address: string; fixed: string; instance: string }[];
    metadata: { ip: string; port: number };
    /** Network id → name, router id → name, for reading device names in traces. */
    names: Record<string, string>;
    /** Each network's segment, for reading VNIs and VLAN ids in traces. */
    networks: { id: string; name: string; type: string; segmentationId: number | null }[];
    /** host → local VLAN → network id: what the OVS agent allocated, for reading tags in traces. */
    localVlans: Record<string, Record<number, string>>;
    /**
     * The VLANs of trunk bridges and trunk guests, which are the instance's own (the parent's
     * network untagged, each subport's on its segmentation_id), not the host's local VLANs.
     */
    trunkVlans?: { host: string; bridge: string; instance: string; vlan: number; network: string }[];
  };
}
