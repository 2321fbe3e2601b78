import type { Port, Subnet } from '../model/types';
import { METADATA_IP } from '../dataplane/names';
import type { Route } from '../dataplane/types';
import type { RealizeContext } from './context';

/**
 * The routes a subnet's DHCP answer carries (dhcp.py _generate_opts_per_subnet): host routes,
 * the metadata route (via the DHCP port when forced or isolated, else via the gateway), and the
 * default route. Used both for dnsmasq's opts file and for what a guest ends up with.
 */
export function dhcpRoutes(ctx: RealizeContext, subnet: Subnet): readonly DhcpRoute[] {
  // Every port of the subnet gets the same answer: computed once per realize.
  let bySubnet = dhcpRoutesOf.get(ctx);
  if (!bySubnet) dhcpRoutesOf.set(ctx, (bySubnet = new Map()));
  let routes = bySubnet.get(subnet);
  if (!routes) bySubnet.set(subnet, (routes = subnetRoutes(ctx, subnet)));
  return routes;
}

interface DhcpRoute {
  destination: string;
  nexthop: string;
}

const dhcpRoutesOf = new WeakMap<RealizeContext, Map<Subnet, readonly DhcpRoute[]>>();
const guestRoutesOf = new WeakMap<RealizeContext, Map<string, Route[]>>();

function subnetRoutes(ctx: RealizeContext, subnet: Subnet): DhcpRoute[] {
  const o = ctx.cloud.options;
  const routes = subnet.host_routes.map((r) => ({ ...r }));
  const isolated = ctx.isIsolated(subnet);
  const dhcpIp = dhcpPortIp(ctx, subnet);
  if (dhcpIp && (o.force_metadata || (isolated && o.enable_isolated_metadata))) {
    routes.push({ destination: `${METADATA_IP}/32`, nexthop: dhcpIp });
  } else if (!isolated && subnet.gateway_ip) {
    routes.push({ destination: `${METADATA_IP}/32`, nexthop: subnet.gateway_ip });
  }
  if (routes.length && subnet.gateway_ip) routes.push({ destination: '0.0.0.0/0', nexthop: subnet.gateway_ip });
  return routes;
}

export function dhcpPortIp(ctx: RealizeContext, subnet: Subnet): string | undefined {
  const port = ctx.dhcpPortByNetwork.get(subnet.network_id);
  return port?.fixed_ips.find((f) => f.subnet_id === subnet.id)?.ip_address;
}

/** The routing table a guest configures from DHCP on this port (option 121, or option 3). */
export function guestRoutes(ctx: RealizeContext, port: Port, dev: string): Route[] {
  // Routes are values: guests on one subnet share them (each guest has its own list).
  let cache = guestRoutesOf.get(ctx);
  if (!cache) guestRoutesOf.set(ctx, (cache = new Map()));
  const routes: Route[] = [];
  for (const f of port.fixed_ips) {
    const key = `${f.subnet_id}\u0000${dev}`;
    let mine = cache.get(key);
    if (!mine) cache.set(key, (mine = subnetGuestRoutes(ctx, ctx.subnets.get(f.subnet_id)!, dev)));
    for (const r of mine) routes.push(r);
  }
  return routes;
}

function subnetGuestRoutes(ctx: RealizeContext, subnet: Subnet, dev: string): Route[] {
  const routes: Route[] = [{ destination: subnet.cidr, dev, proto: 'kernel' }];
  if (!subnet.enable_dhcp) return routes;
  const opts = dhcpRoutes(ctx, subnet);
  for (const r of opts) {
    const destination = r.destination === '0.0.0.0/0' ? 'default' : r.destination;
    routes.push({ destination, via: r.nexthop, dev, proto: 'dhcp' });
  }
  if (!opts.length && subnet.gateway_ip) routes.push({ destination: 'default', via: subnet.gateway_ip, dev, proto: 'dhcp' });
  return routes;
}
