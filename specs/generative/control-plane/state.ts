/**
 * The control plane as fast-check model-based testing sees it: the *model* is what Neutron's API
 * has been told (names only, plus whether each router has been scheduled to an L3 agent), the
 * *real* system is a CloudSpec that every command edits and that is then re-normalized and
 * realized, exactly as a topology file would be.
 */
import type { CloudSpec, OptionsSpec } from 'netspec';

/** The external network of every cloud here (its subnet has DHCP, Neutron's default). */
export const EXTERNAL = 'provider1';
export const MAX = { networks: 4, subnetsPerNetwork: 2, routers: 2, instances: 6 } as const;

export interface SubnetModel { name: string; network: string; dhcp: boolean; gateway: boolean }
export interface RouterModel {
  name: string;
  gateway: boolean;
  /** Subnet names, in the order they were added. */
  interfaces: string[];
  /**
   * Scheduled to the L3 agent: created with a gateway, or updated since (set or clear a gateway,
   * add or remove an interface), as l3_db notifies and schedules (neutron-facts §3).
   */
  scheduled: boolean;
  /** An HA router: on network1 and network2 from its creation (l3_hamode_db), active on `active`. */
  ha: boolean;
  active: string;
}
export interface InstanceModel { name: string; host: string; network: string; subnet: string }

export interface Model {
  /** Compute hosts instances may run on. */
  hosts: string[];
  networks: { name: string; subnets: SubnetModel[] }[];
  routers: RouterModel[];
  instances: InstanceModel[];
  /** Counters for fresh names: a name is never reused, as Neutron never reuses ids. */
  next: { network: number; router: number; instance: number };
}

export interface Real {
  spec: CloudSpec;
  /** What ran so far, resolved to names: printed with any failure. */
  log: string[];
}

/**
 * What the API has been told to get to `spec` (a cloud from `arb.cloudSpec`): its networks,
 * subnets, routers (scheduled if created with a gateway or given an interface) and instances.
 */
export function modelOf(spec: CloudSpec): Model {
  const tenant = spec.networks.filter((n) => !n['router:external']);
  const routers = (spec.routers ?? []).map((r) => {
    const interfaces = (r.interfaces ?? []).map((f) => f.subnet);
    const ha = r.ha === true;
    return { name: r.name, gateway: !!r.external_gateway_info, interfaces, scheduled: ha || !!r.external_gateway_info || interfaces.length > 0, ha, active: 'network1' };
  });
  const instances = (spec.instances ?? []).map((i) => ({
    name: i.name, host: i.host, network: i.ports[0].network, subnet: i.ports[0].fixed_ips![0].subnet,
  }));
  return {
    hosts: spec.hosts.filter((h) => h.role === 'compute').map((h) => h.name),
    networks: tenant.map((n) => ({
      name: n.name,
      subnets: spec.subnets.filter((s) => s.network === n.name)
        .map((s) => ({ name: s.name, network: n.name, dhcp: s.enable_dhcp !== false, gateway: s.gateway_ip !== null })),
    })),
    routers,
    instances,
    next: { network: tenant.length + 1, router: routers.length + 1, instance: instances.length + 1 },
  };
}

/** The L3 agents of HA routers here: the two network nodes. */
export const HA_AGENTS = ['network1', 'network2'] as const;

/** A bare cloud: a controller, two network nodes (the second for HA routers), three compute hosts and the external network. */
export function baseSpec(options: OptionsSpec): CloudSpec {
  return {
    name: 'control-plane',
    options,
    hosts: [
      { name: 'controller', role: 'controller', management: { ip: '10.0.0.11/24' } },
      { name: 'network1', role: 'network', management: { ip: '10.0.0.21/24' }, overlay: { ip: '10.0.1.21/24' }, external: {} },
      { name: 'network2', role: 'network', management: { ip: '10.0.0.22/24' }, overlay: { ip: '10.0.1.22/24' }, external: {} },
      ...[1, 2, 3].map((i) => ({ name: `compute${i}`, role: 'compute' as const, management: { ip: `10.0.0.${30 + i}/24` }, overlay: { ip: `10.0.1.${30 + i}/24` } })),
    ],
    networks: [{ name: 'provider1', 'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'router:external': true }],
    subnets: [{ name: 'provider1-v4', network: 'provider1', cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }] }],
    routers: [],
    instances: [],
  };
}

export const allSubnets = (m: Model) => m.networks.flatMap((n) => n.subnets);
/** Subnets a router may take: with a gateway_ip that no router holds yet (a gateway_ip has one owner). */
export const freeSubnets = (m: Model) => allSubnets(m).filter((s) => s.gateway && !m.routers.some((r) => r.interfaces.includes(s.name)));
export const at = <T>(list: readonly T[], i: number): T => list[i % list.length];
