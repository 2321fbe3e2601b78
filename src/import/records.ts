/**
 * Resources as read from the dump, whatever the format: fields a format does not print are
 * `undefined` (the CLI's `port list` has no network_id or binding:host_id, for instance) and are
 * then derived by joining, or reported as missing.
 */
import type { Source } from './issues';

export interface FixedIpRec { subnetId: string; ip: string }

export interface NetworkRec {
  id: string; name: string;
  type?: string; segmentationId?: number | null; physicalNetwork?: string | null;
  external?: boolean; adminUp?: boolean; mtu?: number;
  src: Source;
}

export interface SubnetRec {
  id: string; name: string; networkId?: string; cidr?: string; ipVersion?: number;
  gatewayIp?: string | null; pools?: { start: string; end: string }[]; dhcp?: boolean;
  hostRoutes?: { destination: string; nexthop: string }[]; dns?: string[];
  src: Source;
}

export interface PortRec {
  id: string; name: string; mac?: string; fixedIps: FixedIpRec[];
  owner?: string; deviceId?: string; networkId?: string; host?: string;
  securityGroups?: string[]; portSecurity?: boolean; adminUp?: boolean;
  /** `allowed_address_pairs`; undefined when the file does not print them (`port list`). */
  addressPairs?: { ip: string; mac?: string }[];
  /** binding:vif_details.ovs_hybrid_plug: which firewall driver wired the port. */
  hybridPlug?: boolean;
  src: Source;
}

export interface RouterRec {
  id: string; name: string; adminUp?: boolean;
  /** undefined: not printed; null: no gateway. */
  gateway?: { networkId: string; enableSnat?: boolean; fixedIps: FixedIpRec[] } | null;
  routes?: { destination: string; nexthop: string }[];
  distributed?: boolean; ha?: boolean;
  /** `router show`'s interfaces_info, when a show file was given. */
  interfaces?: { portId: string; subnetId: string; ip: string; src: Source }[];
  src: Source;
}

export interface AddressRec { network: string; addr: string; mac?: string; type?: string }

export interface ServerRec {
  id: string; name: string; status?: string;
  /** The compute service host (OS-EXT-SRV-ATTR:host); undefined when not printed. */
  host?: string | null;
  /** The hypervisor hostname (the CLI's `Host` column). */
  hypervisorHostname?: string | null;
  addresses: AddressRec[];
  src: Source;
}

export interface HypervisorRec {
  id: string; hostname: string; serviceHost?: string; hostIp?: string; state?: string;
  src: Source;
}

export interface AgentRec {
  id: string; type: string; host: string; binary?: string; alive?: boolean; adminUp?: boolean;
  config?: Record<string, unknown>;
  src: Source;
}

export interface ServiceRec { binary: string; host: string; src: Source }

export interface RuleRec {
  id: string; groupId: string; direction?: string; ethertype?: string; protocol: string | null;
  min: number | null; max: number | null; prefix: string | null; remoteGroup: string | null;
  remoteAddressGroup: string | null;
  src: Source;
}

export interface GroupRec {
  id: string; name: string; stateful?: boolean;
  /** undefined when the file (the CLI's `security group list`) has no rules. */
  rules?: RuleRec[];
  src: Source;
}

export interface FloatingIpRec {
  id: string; address: string; networkId?: string; portId: string | null; fixedIp: string | null;
  src: Source;
}

export interface SubPortRec { portId: string; segmentationType?: string; segmentationId?: number; src: Source }

export interface TrunkRec {
  id: string; name: string; parentPortId?: string;
  /** undefined: not printed (`trunk list` on the CLI, without a `trunk show` file). */
  subPorts?: SubPortRec[];
  src: Source;
}

export interface Records {
  networks: NetworkRec[];
  subnets: SubnetRec[];
  ports: PortRec[];
  routers: RouterRec[];
  /** Absent when the dump has no servers.json (a Neutron-only dump). */
  servers?: ServerRec[];
  /** Absent when the dump has no hypervisors.json. */
  hypervisors?: HypervisorRec[];
  agents: AgentRec[];
  services?: ServiceRec[];
  groups?: GroupRec[];
  /** Absent when the dump has no floatingips.json. */
  floatingips?: FloatingIpRec[];
  /** Absent when the dump has no trunks.json. */
  trunks?: TrunkRec[];
}
