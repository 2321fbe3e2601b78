import type { Subnet } from '../model/types';
import { METADATA_IP } from '../dataplane/names';
import type { DhcpOption } from '../dataplane/types';
import type { RealizeContext } from './context';

/** The tag dnsmasq's `--dhcp-range` sets for a subnet and its options carry (`subnet-<id>`). */
export const subnetTag = (subnet: Subnet): string => `subnet-${subnet.id}`;

/**
 * A DHCP subnet's lines of dnsmasq's opts file (dhcp.py _generate_opts_per_subnet):
 * `dns-server` when the subnet names some; the classless static routes — on-link routes to the
 * network's other IPv4 subnets (`<cidr>,0.0.0.0`) first, then the host routes, the metadata
 * route (via the DHCP port when forced or isolated, else via the gateway) and, whenever any
 * route is present, the default route; and `router` (empty without a gateway). A `0.0.0.0/0`
 * host route is not a route: it is the gateway when the subnet has none.
 */
export function subnetDhcpOptions(ctx: RealizeContext, subnet: Subnet): DhcpOption[] {
  const o = ctx.cloud.options;
  const tag = subnetTag(subnet);
  const out: DhcpOption[] = [];
  if (subnet.dns_nameservers.length) out.push({ tag, name: 'dns-server', value: subnet.dns_nameservers.join(',') });
  let gateway = subnet.gateway_ip;
  const routes: string[] = [];
  for (const r of subnet.host_routes) {
    if (r.destination === '0.0.0.0/0') { if (!gateway) gateway = r.nexthop; } else routes.push(`${r.destination},${r.nexthop}`);
  }
  const isolated = ctx.isIsolated(subnet);
  const dhcpIp = dhcpPortIp(ctx, subnet);
  if (o.force_metadata || (isolated && o.enable_isolated_metadata)) {
    if (dhcpIp) routes.push(`${METADATA_IP}/32,${dhcpIp}`);
  } else if (!isolated && gateway) {
    routes.push(`${METADATA_IP}/32,${gateway}`);
  }
  for (const s of ctx.cloud.subnets) {
    if (s.network_id === subnet.network_id && s.cidr !== subnet.cidr) routes.unshift(`${s.cidr},0.0.0.0`);
  }
  if (routes.length) {
    if (gateway) routes.push(`0.0.0.0/0,${gateway}`);
    out.push({ tag, name: 'classless-static-route', value: routes.join(',') });
  }
  out.push({ tag, name: 'router', value: gateway ?? '' });
  return out;
}

export function dhcpPortIp(ctx: RealizeContext, subnet: Subnet): string | undefined {
  const port = ctx.dhcpPortByNetwork.get(subnet.network_id);
  return port?.fixed_ips.find((f) => f.subnet_id === subnet.id)?.ip_address;
}
