/**
 * Neutron's and the install guides' defaults, shared by validation (which must predict what
 * normalization will do, e.g. how many addresses a pool has left) and normalization.
 */
import type { HostSpec } from './spec';
import type { Agent, HostRole, NetworkType } from './types';
import { broadcastOf, cidrContains, type Cidr } from '../net/ipv4';

export const DEFAULT_AGENTS: Record<HostRole, readonly Agent[]> = {
  controller: ['nova-metadata'], network: ['ovs', 'l3', 'dhcp', 'metadata'], compute: ['ovs', 'nova-compute'],
};
/** A compute host with an L3 agent mode runs l3 and metadata too, as the DVR guide installs them. */
const DVR_COMPUTE_AGENTS: readonly Agent[] = ['ovs', 'nova-compute', 'l3', 'metadata'];
export const agentsOf = (h: HostSpec): readonly Agent[] => h.agents ?? (h.role === 'compute' && h.agent_mode ? DVR_COMPUTE_AGENTS : DEFAULT_AGENTS[h.role]);
export const SEGMENTATION_MAX: Record<NetworkType, number> = { vxlan: 16777215, gre: 4294967295, vlan: 4094, flat: 0 };
export const isTunnel = (t: NetworkType) => t === 'vxlan' || t === 'gre';

/** Host addresses of a subnet as Neutron's ipam `generate_pools` sees them (none for a /31). */
function hostRange(c: Cidr): [number, number] | null {
  if (c.prefix === 32) return [c.network, c.network];
  const first = c.network + 1, last = broadcastOf(c) - 1;
  return first > last ? null : [first, last];
}
export const defaultGateway = (c: Cidr): number => (c.prefix >= 31 ? c.network : c.network + 1);
/** Neutron's default pools: every host address except the gateway (two ranges if it sits inside). */
export function defaultPools(c: Cidr, gw: number | null): [number, number][] {
  const r = hostRange(c);
  if (!r) return [];
  if (gw === null || gw < r[0] || gw > r[1]) return [r];
  return ([[r[0], gw - 1], [gw + 1, r[1]]] as [number, number][]).filter(([a, b]) => a <= b);
}
/** Network and broadcast addresses are not assignable (ipam_utils.check_subnet_ip). */
export const usable = (c: Cidr, ip: number) =>
  cidrContains(c, ip) && (c.prefix >= 31 || (ip !== c.network && ip !== broadcastOf(c)));

/** Encapsulation overhead over an IPv4 underlay (type_vxlan/type_gre get_mtu). */
export const TUNNEL_OVERHEAD: Record<NetworkType, number> = { vxlan: 50, gre: 42, vlan: 0, flat: 0 };
/** Default device and bridge names of the install guides. */
export const DEFAULT_IFACES = { management: 'eth0', overlay: 'eth1', external: 'eth2', bridge: 'br-ex', physical_network: 'provider' };
