/**
 * L3 HA in the model, as `neutron/db/l3_hamode_db.py` and the L3 scheduler build it: which L3
 * agents host an HA router and in which keepalived state, the project's hidden HA network and
 * subnet, one HA port per agent, and each router's VRRP id.
 */
import type { DeploymentOptions, HaState, Network, Subnet } from './types';
import type { CloudSpec, RouterSpec } from './spec';
import { stableUuid } from './ids';
import { defaultPools, TUNNEL_OVERHEAD } from './defaults';
import { formatCidr, formatIp, parseCidr } from '../net/ipv4';

/** neutron-lib constants: the HA network, subnet and port names, with the project id. */
export const HA_NETWORK_NAME = (project: string) => `HA network tenant ${project}`;
export const HA_SUBNET_NAME = (project: string) => `HA subnet tenant ${project}`;
export const HA_PORT_NAME = (project: string) => `HA port tenant ${project}`;
/** neutron-lib L3_HA_NET_CIDR, the default of l3_ha_net_cidr. */
export const L3_HA_NET_CIDR = '169.254.192.0/18';
/** l3_hamode_db VR_ID_RANGE: 1..254. */
export const MAX_VR_ID = 254;

/** Whether a router is HA: its own `ha`, else the deployment's `l3_ha` (Neutron's default for new routers). */
export function isHaRouter(r: Pick<RouterSpec, 'ha'>, options: { l3_ha?: boolean }): boolean {
  return r.ha ?? options.l3_ha ?? false;
}

/**
 * The L3 agents an HA router is scheduled on: the ones it names, else the first
 * `max_l3_agents_per_router` hosts running l3 (0: all of them), as the scheduler picks
 * min(max, candidates). keepalived starts every instance as BACKUP and one wins the election;
 * the model says which one did: the given `ha_state`s, or the first agent when none is given.
 */
export function haAgentsOf(r: RouterSpec, l3Hosts: readonly string[], maxAgents: number): { host: string; ha_state: HaState }[] {
  const chosen: { host: string; ha_state?: HaState }[] = r.l3_agents ?? (maxAgents > 0 ? l3Hosts.slice(0, maxAgents) : l3Hosts).map((host) => ({ host }));
  const stated = chosen.some((a) => a.ha_state !== undefined);
  return chosen.map((a, i) => ({ host: a.host, ha_state: a.ha_state ?? (!stated && i === 0 ? 'active' : 'standby') }));
}

/** The Keystone-style project id every object of this cloud belongs to (the model has one project). */
export function projectIdOf(spec: Pick<CloudSpec, 'name'>): string {
  return stableUuid(`project:${spec.name ?? 'cloud'}`).replace(/-/g, '');
}

/**
 * The project's HA network (created with the first HA router): a tenant network of the tunnel
 * type on the next free segment, with one subnet on l3_ha_net_cidr, no gateway and no DHCP.
 */
export function haNetwork(project: string, options: DeploymentOptions, networks: readonly Network[]): { network: Network; subnet: Subnet } {
  const type = options.tunnel_type;
  const used = new Set(networks.filter((n) => n['provider:network_type'] === type).map((n) => n['provider:segmentation_id']));
  let vni = 1;
  while (used.has(vni)) vni++;
  const name = HA_NETWORK_NAME(project);
  const network: Network = {
    id: stableUuid(`network:${name}`), name, 'provider:network_type': type, 'provider:segmentation_id': vni,
    'provider:physical_network': null, 'router:external': false, admin_state_up: true, mtu: options.physical_mtu - TUNNEL_OVERHEAD[type],
  };
  const cidr = parseCidr(options.l3_ha_net_cidr);
  const subnet: Subnet = {
    id: stableUuid(`subnet:${HA_SUBNET_NAME(project)}`), name: HA_SUBNET_NAME(project), network_id: network.id, ip_version: 4,
    cidr: formatCidr(cidr), gateway_ip: null,
    allocation_pools: defaultPools(cidr, null).map(([a, b]) => ({ start: formatIp(a), end: formatIp(b) })),
    enable_dhcp: false, host_routes: [], dns_nameservers: [],
  };
  return { network, subnet };
}

/** The address keepalived's primary VIP takes on `ha-`: 169.254.0.<vrid>/24 (keepalived.get_primary_vip). */
export function primaryVip(vrid: number): string {
  return `169.254.0.${vrid}/24`;
}
