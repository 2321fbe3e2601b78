/**
 * The ports Neutron creates for distributed routers: one centralized SNAT port per internal
 * subnet of a router with a gateway (l3_dvr_db._create_snat_intf_ports_if_not_exists, the `sg-`
 * devices), and one floating IP agent gateway port per host and external network with a floating
 * IP on a distributed router (create_fip_agent_gw_port_if_not_exists, the `fg-` devices).
 * Allocated after every instance port, so adding DVR never moves an instance's address.
 */
import type { FixedIp, FloatingIp, Port, Router, Subnet } from './types';
import { stableUuid } from './ids';

type NewPort = Omit<Port, 'id' | 'mac_address' | 'security_groups' | 'port_security_enabled' | 'admin_state_up'>;

export function addDvrPorts(
  routers: readonly Router[], floatingips: readonly FloatingIp[], ports: readonly Port[],
  addPort: (seed: string, p: NewPort) => Port, allocate: (subnetId: string) => FixedIp,
  firstSubnetOf: (networkId: string) => Subnet | undefined, subnetById: (id: string) => Subnet,
): void {
  const portById = new Map(ports.map((p) => [p.id, p]));
  for (const r of routers) {
    if (!r.distributed || !r.gw_port_id) continue;
    for (const id of r.interfaces) {
      const itf = portById.get(id)!;
      const subnet = subnetById(itf.fixed_ips[0].subnet_id);
      addPort(`csnat-port:${r.name}:${subnet.name}`, {
        name: '', network_id: itf.network_id, fixed_ips: [allocate(subnet.id)],
        device_owner: 'network:router_centralized_snat', device_id: r.id, 'binding:host_id': r.host, allowed_address_pairs: [],
      });
    }
  }
  const distributed = new Set(routers.filter((r) => r.distributed).map((r) => r.id));
  const made = new Set<string>();
  for (const f of floatingips) {
    if (!distributed.has(f.router_id)) continue;
    const host = portById.get(f.port_id)!['binding:host_id'];
    const key = `${host}|${f.floating_network_id}`;
    const subnet = firstSubnetOf(f.floating_network_id);
    if (made.has(key) || !subnet) continue;
    made.add(key);
    addPort(`fip-agent-gateway:${host}:${f.floating_network_id}`, {
      name: '', network_id: f.floating_network_id, fixed_ips: [allocate(subnet.id)],
      device_owner: 'network:floatingip_agent_gateway', device_id: stableUuid(`l3-agent:${host}`), 'binding:host_id': host, allowed_address_pairs: [],
    });
  }
}
