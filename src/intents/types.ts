import type { Location } from '../trace/location';

/**
 * What the user intends the cloud to do, as Batfish's reachability and isolation questions or
 * ANTA's `expected_unreachable` put it: traffic between two sets of endpoints must (or must not)
 * get through, optionally through (or around) given places.
 */
export interface Intent {
  name: string;
  from: Selector;
  to: Selector;
  proto: 'icmp' | 'tcp' | 'udp';
  /** Destination port for tcp and udp (the trace's default, 80, when absent). */
  port?: number;
  expect: 'reachable' | 'unreachable';
  /** Places every path must pass (reachable intents only). */
  via: Location[];
  /** Places no path may pass. */
  avoid: Location[];
  /** Where the intent was written, for messages: `intents.yaml: intents[2]`. */
  origin: { file: string; path: string };
}

/**
 * A set of endpoints: one instance by name, every instance on a network, in a security group or
 * with an address in a CIDR; as destinations also `internet`, `dhcp`, `metadata` or a plain address.
 */
export type Selector =
  | { instance: string }
  | { network: string }
  | { security_group: string }
  | { cidr: string }
  | { special: 'internet' | 'dhcp' | 'metadata' }
  | { address: string };
