/**
 * What `netspec drift` reports: every item where the state a capture holds differs from what
 * netspec realizes for the cloud, by meaning (local VLANs, ofports and tunnel ports translated).
 */

/** The kinds of state compared, in the order the report lists them. */
export const DRIFT_KINDS = [
  'namespace', 'instance', 'device', 'bridge', 'ovs-port', 'flow', 'iptables', 'iptables-policy', 'ipset',
  'route', 'neighbour', 'dhcp-host', 'dhcp-option', 'dhcp-range', 'listener',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * `missing`: realize builds it, the capture does not hold it; `extra`: only the capture holds it;
 * `differs`: both hold it, with the fields in `fields` different.
 */
export type DriftStatus = 'missing' | 'extra' | 'differs';

export interface FieldChange {
  field: string;
  /** What realize builds. */
  expected: string;
  /** What the capture holds. */
  actual: string;
}

export interface DriftItem {
  node: string;
  kind: DriftKind;
  /** The device holding the item: a namespace, bridge or Linux bridge (absent for a namespace itself). */
  where?: string;
  /** The item, as `ovs-ofctl`, `iptables-save` or `ip` would print it, with local VLANs as `[vlan net1]`. */
  item: string;
  status: DriftStatus;
  fields?: FieldChange[];
}

/** A kind of state realize cannot know or the capture did not hold, said once rather than reported as drift. */
export interface NotCompared {
  node?: string;
  what: string;
  /** How many captured items this covers, when they are countable. */
  count?: number;
}

export interface DriftReport {
  cloud: string;
  nodes: string[];
  /** Items compared per kind (the realized and captured items that met, plus those on one side). */
  compared: Partial<Record<DriftKind, number>>;
  items: DriftItem[];
  notCompared: NotCompared[];
}
