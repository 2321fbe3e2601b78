import type { Cloud, Instance, Port, Router, Subnet } from './types';

/** Questions about the logical cloud that invariants and realize both ask. */

const portIndex = new WeakMap<readonly Port[], Map<string, number>>();

/**
 * A port by id. Invariants ask per instance and per router interface, so a scan of every port
 * made a 10,000-instance check quadratic. The index holds positions and each answer is checked
 * against the array as it is now (tests edit clouds in place): a stale one is rebuilt.
 */
export function portById(cloud: Cloud, id: string): Port | undefined {
  const ports = cloud.ports;
  let ix = portIndex.get(ports);
  let at = ix?.get(id);
  if (at === undefined || ports[at]?.id !== id) {
    ix = new Map();
    ports.forEach((p, i) => { if (!ix!.has(p.id)) ix!.set(p.id, i); });
    portIndex.set(ports, ix);
    at = ix.get(id);
  }
  return at === undefined ? undefined : ports[at];
}

/** A subnet is isolated unless a router interface holds exactly its gateway_ip (dhcp.py get_isolated_subnets). */
export function isIsolatedSubnet(cloud: Cloud, subnet: Subnet): boolean {
  if (!subnet.gateway_ip) return true;
  return !cloud.ports.some((p) => isRouterInterfaceOwner(p.device_owner)
    && p.fixed_ips.some((f) => f.subnet_id === subnet.id && f.ip_address === subnet.gateway_ip));
}

/** The device owners of a router interface (dhcp.py get_isolated_subnets counts both, and DVR's). */
export function isRouterInterfaceOwner(owner: Port['device_owner']): boolean {
  return owner === 'network:router_interface' || owner === 'network:ha_router_replicated_interface' || owner === 'network:router_interface_distributed';
}

/**
 * The hosts a port is plugged in on. One Neutron port is one device, except an HA router's
 * interface and gateway ports: the L3 agent plugs each into the router's namespace on every agent
 * hosting it (ha_router._plug_ha_router_port), whatever host the port is bound to; and a
 * distributed router's interfaces, on every host of `dvrHosts` (from dvrRouterHosts).
 */
export function hostsWiring(routers: ReadonlyMap<string, Router>, port: Port, dvrHosts?: ReadonlyMap<string, readonly string[]>): string[] {
  if (port.device_owner === 'network:ha_router_replicated_interface' || port.device_owner === 'network:router_gateway') {
    const r = routers.get(port.device_id);
    if (r?.ha) return r.l3_agents.map((a) => a.host);
  }
  // A distributed router's interface is plugged on every host the router is on (dvrRouterHosts).
  if (port.device_owner === 'network:router_interface_distributed') return [...(dvrHosts?.get(port.device_id) ?? [])];
  return [port['binding:host_id']];
}

/**
 * A distributed router's interface: on every host at once, so l2population installs no unicast
 * entry for it, and br-tun's DVR_PROCESS keeps frames to it from leaving any host.
 */
export function isDvrRouterPort(port: Port): boolean {
  return port.device_owner === 'network:router_interface_distributed';
}

/** l3_hamode_db.is_ha_router_port: l2population installs no unicast entry (nor ARP answer) for it. */
export function isHaRouterPort(routers: ReadonlyMap<string, Router>, port: Port): boolean {
  return (port.device_owner === 'network:ha_router_replicated_interface' || port.device_owner === 'network:router_gateway')
    && routers.get(port.device_id)?.ha === true;
}

export function primaryPort(cloud: Cloud, instance: Instance): Port | undefined {
  return portById(cloud, instance.ports[0]);
}

export function primarySubnet(cloud: Cloud, instance: Instance): Subnet | undefined {
  const id = primaryPort(cloud, instance)?.fixed_ips[0]?.subnet_id;
  return cloud.subnets.find((s) => s.id === id);
}

/** The routers with an interface on this subnet. */
export function routersOfSubnet(cloud: Cloud, subnetId: string): Router[] {
  return cloud.routers.filter((r) => r.admin_state_up && r.interfaces.some((pid) =>
    portById(cloud, pid)?.fixed_ips.some((f) => f.subnet_id === subnetId)));
}

/** `routersOfSubnet` for every subnet at once, as the cloud is now: for questions asked per instance or per router. */
export function routersBySubnet(cloud: Cloud): (subnetId: string) => Router[] {
  const by = new Map<string, Router[]>();
  for (const r of cloud.routers) {
    if (!r.admin_state_up) continue;
    for (const pid of r.interfaces) {
      for (const f of portById(cloud, pid)?.fixed_ips ?? []) {
        const list = by.get(f.subnet_id);
        if (!list) by.set(f.subnet_id, [r]); else if (!list.includes(r)) list.push(r);
      }
    }
  }
  return (subnetId) => by.get(subnetId) ?? [];
}

/** A router joining both subnets, if any: the only way Neutron routes between tenant networks. */
export function routerJoining(cloud: Cloud, a: string, b: string): Router | undefined {
  const ra = routersOfSubnet(cloud, a);
  return routersOfSubnet(cloud, b).find((r) => ra.includes(r));
}
