import type { FloatingIp, Instance, Network, Port, Router, Subnet } from './types';
import type { FloatingIpSpec } from './spec';
import { stableUuid } from './ids';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4';

/** The subnet of `networkId` that holds `ip`: where a floating IP's address is taken from. */
export function floatingSubnet(subnets: readonly Subnet[], networkId: string, ip: string): Subnet | undefined {
  const at = parseIp(ip);
  return subnets.find((s) => s.network_id === networkId && cidrContains(parseCidr(s.cidr), at));
}

/**
 * The router a floating IP lives on, as Neutron's `_get_router_for_floatingip` picks it: one with
 * its gateway on the floating network and an interface on the subnet of the fixed IP.
 */
export function routerForFloatingIp(routers: readonly Router[], ports: ReadonlyMap<string, Port>, networkId: string, subnetId: string): Router | undefined {
  return routers.find((r) => r.external_gateway_info?.network_id === networkId
    && r.interfaces.some((id) => ports.get(id)?.fixed_ips.some((f) => f.subnet_id === subnetId)));
}

/** Floating IPs with every reference an id; validation has proven each resolves. */
export function normalizeFloatingIps(
  specs: readonly FloatingIpSpec[], networks: (ref: string) => Network, instances: readonly Instance[], ports: readonly Port[], routers: readonly Router[],
): FloatingIp[] {
  const portById = new Map(ports.map((p) => [p.id, p]));
  return specs.map((f) => {
    const inst = f.instance === undefined ? undefined : instances.find((i) => i.name === f.instance || i.id === f.instance);
    const port = portById.get(f.port_id ?? inst!.ports[0])!;
    const fixed = port.fixed_ips.find((x) => x.ip_address === (f.fixed_ip_address ?? port.fixed_ips[0]?.ip_address))!;
    const net = networks(f.floating_network_id);
    const router = routerForFloatingIp(routers, portById, net.id, fixed.subnet_id)!;
    return {
      id: f.id ?? stableUuid(`floatingip:${f.floating_ip_address}`),
      floating_ip_address: f.floating_ip_address,
      floating_network_id: net.id,
      port_id: port.id,
      fixed_ip_address: fixed.ip_address,
      router_id: router.id,
    };
  });
}
