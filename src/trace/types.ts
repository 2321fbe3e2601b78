/**
 * A trace: the flow that was sent, a tree of hops (a flood forks it) and one disposition.
 * Every step names the state that caused it (flow, route, rule, dnsmasq host entry), so a
 * failure explains itself. `toJSON` (trace/json.ts) gives the documented, stable JSON shape.
 */
import type { DhcpOption, Flow, Listener, NamespaceKind, Route, Rule } from '../dataplane/types';

export type DispositionKind = 'delivered' | 'answered' | 'dropped' | 'no-route' | 'loop' | 'exits';

/** Every disposition may say it ended the reply's walk, not the request's (`direction: 'reply'`). */
export type Disposition = DispositionOf & { direction?: 'reply' };

type DispositionOf =
  /** Reached a guest (an instance's own address) or a client process. */
  | { kind: 'delivered'; at: Place; to: string }
  /** A process or the kernel answered; the reply is walked back in `Trace.reply`. */
  | { kind: 'answered'; at: Place; by: string; detail: string }
  /** `quiet` marks an ordinary non-recipient of a flood (not for this host), not a fault. */
  | { kind: 'dropped'; at: Place; rule: string; reason: string; quiet?: boolean }
  | { kind: 'no-route'; at: Place; destination: string }
  | { kind: 'loop'; at: Place; reason: string }
  | { kind: 'exits'; at: Place; via: string; packet: string };

export interface Place {
  host: string;
  device: string;
}

export type Step =
  | { t: 'flow'; bridge: string; flow: Flow; learned?: boolean }
  | { t: 'table-miss'; bridge: string; table: number }
  | { t: 'vlan'; op: 'push' | 'pop' | 'set'; vlan: number; reason: string }
  | { t: 'tunnel'; op: 'encap' | 'decap'; type: string; vni: number; local: string; remote: string; port: string; innerVlan?: number }
  | { t: 'mac'; op: 'hit' | 'flood'; mac: string; vlan: number; port?: string }
  | { t: 'route'; destination: string; route: Route }
  /**
   * `permanent`: an entry an agent installed (`nud permanent`), no exchange at all. `exchange`: the
   * who-has and is-at as they were walked, when the trace records them (the default; see ArpExchange).
   */
  | { t: 'arp'; ip: string; mac: string | null; cached: boolean; permanent?: true; exchange?: ArpExchange }
  /** A conntrack lookup: the table (namespace or bridge), zone, the state found and the connection. */
  | { t: 'ct'; table: string; zone: number; state: string; conn: string | null; dir: 'original' | 'reply' }
  | { t: 'nat'; kind: 'SNAT' | 'DNAT' | 'REDIRECT' | 'unSNAT' | 'unDNAT'; before: string; after: string; rule?: Rule; chain?: string }
  /** `returned`: the RETURN rule that let the packet out of a chain on the way (a security-group rule that allowed it). */
  | { t: 'filter'; table: string; chain: string; verdict: 'ACCEPT' | 'DROP'; rule?: Rule; ruleChain?: string; policy?: boolean; returned?: Rule }
  | { t: 'mark'; value: number; rule: Rule; chain: string }
  | { t: 'deliver'; listener: Listener }
  | { t: 'relay'; process: string; to: string }
  | { t: 'dhcp'; message: string; host: { mac: string; ip: string } | null }
  /** A DHCP answer as sent by the server or taken by the client: the address and every option. */
  | { t: 'lease'; message: string; ip: string; options: readonly DhcpOption[] }
  | { t: 'note'; text: string };

/**
 * One ARP exchange as its frames went: the who-has from the asking interface (a flood forks it,
 * each copy with its VLAN tag and tunnel id, as any flood) and the is-at walked back. It is walked
 * from a clean slate, so it reads the same whatever traces ran before.
 */
export interface ArpExchange {
  /** The who-has. When an OVS flow answered (`arp_reply`), its is-at is walked inside this branch. */
  request: Branch;
  /** Who answered: a namespace's kernel on one of its interfaces, an OVS ARP responder flow, or no one (null). */
  by: ArpAnswerer | null;
  /** The is-at walked back from the namespace that answered. */
  answer?: Branch;
}

export type ArpAnswerer =
  | { kind: 'namespace'; host: string; device: string; iface: string }
  | { kind: 'flow'; host: string; bridge: string; flow: Flow };

export type DeviceKind = 'ovs' | 'linux-bridge' | 'namespace' | 'process';

export interface Hop {
  host: string;
  device: string;
  kind: DeviceKind;
  /** For namespaces: their role (`qrouter`, `qdhcp`, `instance`, ...). */
  role?: NamespaceKind;
  /** Logical owner for readers: router, network or instance name. */
  owner?: string;
  in?: string;
  out?: string;
  /** VLAN tag of the frame as it arrived; 0 for none. */
  inVlan: number;
  /** VLAN tag and tunnel id of the packet as it left (or ended at) this hop; 0 for none. */
  vlan: number;
  tunId: number;
  /**
   * A hop that floods: how each copy left it, in the order of the branch's forks (its own `out`,
   * `vlan` and `tunId` are then unset and 0, as no single copy speaks for the others).
   */
  copies?: HopCopy[];
  steps: Step[];
}

/** One copy of a flood as it left its hop: the port, and its VLAN tag and tunnel id (0 for none). */
export interface HopCopy { out?: string; vlan: number; tunId: number }

export interface Branch {
  hops: Hop[];
  /** A flood forks the walk; a branch has either forks or an end. */
  forks: Branch[];
  end?: Disposition;
}

export type FlowKind = 'instance' | 'ip' | 'internet' | 'dhcp' | 'metadata' | 'vrrp';

export interface FlowSpec {
  from: string;
  to: string;
  kind: FlowKind;
  proto: 'icmp' | 'tcp' | 'udp' | 'vrrp';
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** DHCP message sent for `dhcp` flows. */
  dhcp?: 'DISCOVER' | 'REQUEST';
}

export interface Trace {
  flow: FlowSpec;
  root: Branch;
  /** The answer walked back to the sender, when something answered. */
  reply?: Branch;
  disposition: Disposition;
}
