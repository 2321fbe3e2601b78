/**
 * DVR in the model, as Neutron's l3_dvr_db and dvr_mac_db build it: which routers are
 * distributed, each DVR host's unique MAC, and the hosts a distributed router is instantiated on
 * (l3_dvrscheduler_db: every host with a DVR-serviced port on its subnets, plus the dvr_snat host
 * holding its SNAT).
 */
import type { Cloud, Host, L3AgentMode, Port } from './types';
import type { RouterSpec } from './spec';
import { stableMacUnder } from './ids';

/** neutron.conf `dvr_base_mac`'s default. */
export const DVR_BASE_MAC = 'fa:16:3f:00:00:00';
/** FIP_RT_TBL (dvr_fip_ns.py): the table a qrouter's floating IP rules look up. */
export const FIP_RT_TBL = 16;
/** FIP_PR_START: the first priority of a floating IP's rule. */
export const FIP_PR_START = 32768;
/** DVR_FIP_LL_CIDR: the link-local range the rfp-/fpr- pairs take their /31 from. */
export const DVR_FIP_LL_CIDR = '169.254.64.0/18';

/** Whether a router is distributed: its own `distributed`, else the deployment's `router_distributed`. */
export function isDvrRouter(r: Pick<RouterSpec, 'distributed'>, options: { router_distributed?: boolean }): boolean {
  return r.distributed ?? options.router_distributed ?? false;
}

export function isDvrAgentMode(mode: L3AgentMode | undefined): boolean {
  return mode === 'dvr' || mode === 'dvr_snat';
}

/** dvr_mac_db: one MAC per host under dvr_base_mac; the model derives it from the host's name. */
export function dvrMacOf(host: string): string {
  return stableMacUnder(DVR_BASE_MAC, `dvr-mac:${host}`);
}

/**
 * neutron_lib `is_dvr_serviced`: the ports whose host gets a distributed router's namespace
 * (instances and DHCP ports; load balancers are not modelled).
 */
export function isDvrServiced(owner: Port['device_owner']): boolean {
  return owner.startsWith('compute:') || owner === 'network:dhcp';
}

/**
 * The hosts each distributed router is instantiated on, SNAT host first: the router's `host` if it
 * has a gateway, then every host in dvr or dvr_snat mode with a DVR-serviced port on one of its
 * subnets, in port order.
 */
export function dvrRouterHosts(cloud: Pick<Cloud, 'hosts' | 'ports' | 'routers'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const dvrRouters = cloud.routers.filter((r) => r.distributed);
  if (!dvrRouters.length) return out;
  const modes = new Map<string, Host['agent_mode']>(cloud.hosts.filter((h) => h.agents.includes('l3')).map((h) => [h.name, h.agent_mode]));
  const portById = new Map(cloud.ports.map((p) => [p.id, p]));
  const subnetsServed = new Map<string, string[]>();
  for (const r of dvrRouters) {
    for (const id of r.interfaces) for (const f of portById.get(id)?.fixed_ips ?? []) {
      const list = subnetsServed.get(f.subnet_id);
      if (list) list.push(r.id); else subnetsServed.set(f.subnet_id, [r.id]);
    }
    out.set(r.id, r.gw_port_id && isDvrAgentMode(modes.get(r.host)) ? [r.host] : []);
  }
  for (const p of cloud.ports) {
    if (!isDvrServiced(p.device_owner) || !isDvrAgentMode(modes.get(p['binding:host_id']))) continue;
    for (const f of p.fixed_ips) for (const rid of subnetsServed.get(f.subnet_id) ?? []) {
      const hosts = out.get(rid)!;
      if (!hosts.includes(p['binding:host_id'])) hosts.push(p['binding:host_id']);
    }
  }
  return out;
}
