import type { Cloud, Instance, Port, Router, Subnet } from './types';

/** Questions about the logical cloud that invariants and realize both ask. */

/** A subnet is isolated unless a router interface holds exactly its gateway_ip (dhcp.py get_isolated_subnets). */
export function isIsolatedSubnet(cloud: Cloud, subnet: Subnet): boolean {
  if (!subnet.gateway_ip) return true;
  return !cloud.ports.some((p) => p.device_owner === 'network:router_interface'
    && p.fixed_ips.some((f) => f.subnet_id === subnet.id && f.ip_address === subnet.gateway_ip));
}

export function primaryPort(cloud: Cloud, instance: Instance): Port | undefined {
  return cloud.ports.find((p) => p.id === instance.ports[0]);
}

export function primarySubnet(cloud: Cloud, instance: Instance): Subnet | undefined {
  const id = primaryPort(cloud, instance)?.fixed_ips[0]?.subnet_id;
  return cloud.subnets.find((s) => s.id === id);
}

/** The routers with an interface on this subnet. */
export function routersOfSubnet(cloud: Cloud, subnetId: string): Router[] {
  return cloud.routers.filter((r) => r.admin_state_up && r.interfaces.some((pid) =>
    cloud.ports.find((p) => p.id === pid)?.fixed_ips.some((f) => f.subnet_id === subnetId)));
}

/** A router joining both subnets, if any: the only way Neutron routes between tenant networks. */
export function routerJoining(cloud: Cloud, a: string, b: string): Router | undefined {
  const ra = routersOfSubnet(cloud, a);
  return routersOfSubnet(cloud, b).find((r) => ra.includes(r));
}
