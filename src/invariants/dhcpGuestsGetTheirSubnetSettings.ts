import type { Interface, Namespace, Route } from '../dataplane/types';
import type { Cloud, Port, Subnet } from '../model/types';
import { parseCidr } from '../net/ipv4';
import { defineStateInvariant } from './define';

/**
 * Every guest NIC configured over DHCP ends up with what its subnet defines, read from the guest
 * as it booted (not from dnsmasq's files): its port's address with the subnet's prefix, the
 * default route via the subnet's gateway, every host route, an on-link route to each other IPv4
 * subnet of its network (Neutron's option 121 entries), and its network's MTU. A wrong `router`
 * or classless-route option, or a lease of the wrong address, reads here as what the guest got.
 */
export const dhcpGuestsGetTheirSubnetSettings = defineStateInvariant(
  'dhcpGuestsGetTheirSubnetSettings',
  "every DHCP guest NIC holds its port's address and its subnet's gateway, host routes, on-link sibling subnets and network MTU",
  function* (sim) {
    const cloud = sim.cloud;
    const ports = new Map(cloud.ports.map((p) => [p.id, p]));
    const subnets = new Map(cloud.subnets.map((s) => [s.id, s]));
    for (const inst of cloud.instances) {
      const ns = sim.dataplane.hosts.find((h) => h.name === inst.host)?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === inst.name);
      for (const [k, pid] of inst.ports.entries()) {
        const port = ports.get(pid);
        const fixed = port?.fixed_ips[0];
        const subnet = fixed && subnets.get(fixed.subnet_id);
        if (!port || !subnet?.enable_dhcp) continue;
        // The guest's NIC for this port is the one with its MAC; a statically configured one is no DHCP guest.
        const nic = ns?.interfaces.find((i) => i.mac === port.mac_address);
        if (nic && !nic.dhcp) continue;
        yield {
          label: `${inst.name} ${nic?.name ?? `NIC ${k}`} (${subnet.name})`,
          verdict: () => {
            if (!ns || !nic) return { reason: `${inst.name} has no NIC with ${port.mac_address} on ${inst.host}` };
            const wrong = mismatches(cloud, port, subnet, ns, nic);
            return wrong.length ? { reason: wrong.join('; ') } : null;
          },
        };
      }
    }
  },
);

/** What the guest's NIC and routes lack of its subnet's settings, one phrase each. */
function mismatches(cloud: Cloud, port: Port, subnet: Subnet, ns: Namespace, iface: Interface): string[] {
  const nic = iface.name;
  const out: string[] = [];
  if (iface.dhcp?.state === 'failed') return [`got no lease: ${iface.dhcp.reason}`];
  const address = `${port.fixed_ips[0].ip_address}/${parseCidr(subnet.cidr).prefix}`;
  if (!iface.addresses.includes(address)) out.push(`holds ${iface.addresses.join(', ') || 'no address'}, not ${address}`);
  const routes = ns.routes.filter((r) => r.dev === nic);
  const has = (destination: string, via?: string) => routes.some((r) => r.destination === destination && (r.via ?? undefined) === via);
  const gateway = subnet.gateway_ip ?? subnet.host_routes.find((r) => r.destination === '0.0.0.0/0')?.nexthop ?? null;
  if (gateway && !has('default', gateway)) out.push(`default route ${describe(routes.find((r) => r.destination === 'default'))}, not via the gateway ${gateway}`);
  for (const r of subnet.host_routes) {
    if (r.destination === '0.0.0.0/0') continue;
    if (!has(r.destination, r.nexthop === '0.0.0.0' ? undefined : r.nexthop)) out.push(`no host route ${r.destination} via ${r.nexthop}`);
  }
  for (const s of cloud.subnets) {
    if (s.network_id === subnet.network_id && s.id !== subnet.id && !has(s.cidr)) out.push(`no on-link route to ${s.cidr}, the network's other subnet`);
  }
  const mtu = cloud.networks.find((n) => n.id === subnet.network_id)?.mtu;
  if (mtu && iface.mtu !== mtu) out.push(`MTU ${iface.mtu ?? 'unset'}, not the network's ${mtu}`);
  return out;
}

function describe(r: Route | undefined): string {
  return r ? (r.via ? `via ${r.via}` : 'on-link') : 'missing';
}
