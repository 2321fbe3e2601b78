import type { FlowAction, FlowMatch } from '../types';
import type { DvrFault } from './dvr-sites';
import type { SecurityGroupFault } from './sg-sites';
import type { TrunkFault } from './trunk-sites';

/**
 * A fault mimics one real misconfiguration or agent failure by changing one piece of data-plane
 * state. Every fault names the host and the device it touches.
 */
export type Fault =
  /** The OVS agent tagged a port with the wrong local VLAN (a `qvo`, `tap` or `qr-` on br-int). */
  | { kind: 'port-vlan'; host: string; port: string; vlan: number }
  /** A flow is missing (first flow in the table whose match includes `match`). */
  | { kind: 'flow-missing'; host: string; bridge: string; table: number; match: FlowMatch }
  /** A flow has the wrong actions. */
  | { kind: 'flow-wrong'; host: string; bridge: string; table: number; match: FlowMatch; actions: FlowAction[] }
  /** br-tun maps a VNI to the wrong local VLAN (tables 3/4). */
  | { kind: 'vni-mapping'; host: string; vni: number; vlan: number }
  /** A tunnel port is missing on br-tun. */
  | { kind: 'tunnel-port-missing'; host: string; port: string }
  /** l2pop left a stale flood list: a VTEP is missing from a local VLAN's flood flow. */
  | { kind: 'stale-flood'; host: string; vlan: number; port: string }
  /** A process is not running (dnsmasq, haproxy, the metadata agent, nova-api-metadata). */
  | { kind: 'process-down'; host: string; namespace: string; process: string }
  /** dnsmasq's hosts file lacks an entry. */
  | { kind: 'dhcp-host-missing'; host: string; namespace: string; mac: string }
  /** dnsmasq's hosts file gives a MAC the wrong address (`<mac>,host-…,<ip>`): an unused one of the same subnet. */
  | { kind: 'dhcp-lease-wrong'; host: string; namespace: string; mac: string; from: string; to: string }
  /** An interface is gone from a namespace (a missing `qr-` or `qg-`). */
  | { kind: 'interface-missing'; host: string; namespace: string; iface: string }
  /** A guest's NIC is down (`ip link set eth0 down` inside the instance): the link exists, nothing passes it. */
  | { kind: 'interface-down'; host: string; namespace: string; iface: string }
  /** An iptables rule is missing (first rule of the chain whose text contains `contains`). */
  | { kind: 'rule-missing'; host: string; namespace: string; table: 'nat' | 'filter' | 'mangle'; chain: string; target: string }
  /** An instance has a wrong route (a static route added inside the guest). */
  | { kind: 'instance-route'; host: string; instance: string; destination: string; via?: string }
  /** A security group rule drops traffic to a port (e.g. DHCP or metadata) at an instance's firewall. */
  | { kind: 'sg-drop'; host: string; tap: string; proto: 'tcp' | 'udp' | 'icmp'; dport?: number }
  /**
   * The same with the native `openvswitch` firewall driver: a drop flow ahead of the port's egress
   * pipeline in br-int table 71 (BASE_EGRESS), e.g. for DHCP (udp 67) or metadata (tcp 80).
   */
  | { kind: 'ovs-sg-drop'; host: string; tap: string; proto: 'tcp' | 'udp' | 'icmp'; dport?: number }
  /**
   * A relaying process points at the wrong place: haproxy at a UNIX socket the metadata agent does
   * not serve, or the metadata agent at a wrong `nova_metadata_host`/`nova_metadata_port` (the
   * metadata agent, or Nova, unreachable).
   */
  | { kind: 'relay-target'; host: string; namespace: string; process: string; to: RelayTarget }
  /**
   * `filter FORWARD -i <iface> -j DROP` at the head of a router's FORWARD chain: on a `qg-`, only
   * the traffic coming back from outside is dropped.
   */
  | { kind: 'forward-drop'; host: string; namespace: string; iface: string }
  /** `-m state --state ESTABLISHED -j DROP` at the head of an instance's egress chain: it answers no one. */
  | { kind: 'established-drop'; host: string; tap: string }
  /**
   * `raw PREROUTING -i <iface> -j CT --notrack` in a router: what arrives there is untracked, so
   * conntrack never undoes the SNAT of the answers coming back (a missing un-SNAT).
   */
  | { kind: 'notrack'; host: string; namespace: string; iface: string }
  /**
   * `filter <chain> -s|-d <cidr> -m state --state NEW -j DROP` at the head of a chain: new
   * connections from (or to) a prefix covering part of a subnet are dropped, e.g. a /31 an
   * operator meant for two test instances.
   */
  | { kind: 'prefix-drop'; host: string; namespace: string; chain: string; direction: 'src' | 'dst'; cidr: string }
  /** A route is gone from a namespace (`ip route del`): a router's, a DHCP namespace's or a host's own. */
  | { kind: 'route-missing'; host: string; namespace: string; destination: string; dev: string }
  /** A route points at the wrong nexthop: an address of the same subnet that nobody holds. */
  | { kind: 'route-wrong'; host: string; namespace: string; destination: string; dev: string; via: string }
  /** A SNAT rule translates to the wrong address (`--to-source`): one of the gateway's subnet nobody holds. */
  | { kind: 'snat-source'; host: string; namespace: string; chain: string; from: string; to: string }
  /** A router port holds the wrong address (`ip addr` on a `qr-` or `qg-`): another of its subnet. */
  | { kind: 'address-changed'; host: string; namespace: string; iface: string; from: string; to: string }
  /** A process listens on the wrong port (haproxy, dnsmasq, nova-api-metadata, the VXLAN endpoint). */
  | { kind: 'listener-port'; host: string; namespace: string; process: string; from: number; to: number }
  /** dnsmasq's opts file has a wrong value for an option (a wrong router, nexthop, MTU or DNS server). */
  | { kind: 'dhcp-option'; host: string; namespace: string; option: string; tag?: string; value: string }
  /** `net.ipv4.ip_forward = 0` in a namespace that routes. */
  | { kind: 'ip-forward-off'; host: string; namespace: string }
  /**
   * A second dnsmasq answers on a network from another namespace attached to it (a stale or
   * hand-started one): it knows the network's hosts from `server`'s hosts file and offers itself
   * (`serverIp`) as their router.
   */
  | { kind: 'rogue-dhcp'; host: string; namespace: string; serverIp: string; server: { host: string; namespace: string } }
  /** An address sits on the wrong interface of a namespace (`ip addr add` on the wrong port); its connected route follows it. */
  | { kind: 'address-wrong-port'; host: string; namespace: string; address: string; from: string; to: string }
  /**
   * VRRP split brain: a backup of an HA router stops hearing the primary's advertisements (the HA
   * network cut between them) and its keepalived becomes MASTER too, taking the router's VIPs,
   * virtual routes and the metadata proxy while the primary keeps them.
   */
  | { kind: 'vrrp-split-brain'; host: string; namespace: string }
  /** The kinds of distributed routers, trunks and the security-group features, each in its own file. */
  | DvrFault | TrunkFault | SecurityGroupFault;

export type RelayTarget = { unix: string } | { ip: string; port: number; proto: 'tcp' };

export type FaultKind = Fault['kind'];
