/**
 * One line per cloud, for counterexamples: routers with the subnets they join, lone subnets,
 * instances with their host and network, the number of compute hosts and the options that differ
 * from the defaults:
 *
 *   net1(10.1.0.0/24)—r1+gw—net2(10.2.0.0/26); net3(10.3.0.0/24 nodhcp); vm1@compute1:net1 vm2@compute2:net2; 2 compute [vni 1, ovsfw]
 *
 * An instance on a trunk adds each subport as `+<vlan>:<network>` (`vm1@compute1:net1+100:net2`).
 */
import fc from 'fast-check';
import type { Cloud, Subnet } from '../../model/types';
import { primaryPort, primarySubnet } from '../../model/queries';

export function describeCloud(c: Cloud): string {
  const external = new Set(c.networks.filter((n) => n['router:external']).map((n) => n.id));
  const netName = (id: string) => c.networks.find((n) => n.id === id)?.name ?? id;
  const subnetCount = (netId: string) => c.subnets.filter((s) => s.network_id === netId).length;
  const label = (s: Subnet) => {
    const flags = [s.cidr, ...(s.enable_dhcp ? [] : ['nodhcp']), ...(s.gateway_ip === null ? ['nogw'] : [])];
    return `${netName(s.network_id)}(${flags.join(' ')})`;
  };
  const attached = new Set<string>();
  const parts: string[] = [];
  for (const r of c.routers) {
    const subs = r.interfaces
      .map((pid) => c.ports.find((p) => p.id === pid)?.fixed_ips[0]?.subnet_id)
      .map((sid) => c.subnets.find((s) => s.id === sid))
      .filter((s): s is Subnet => !!s);
    subs.forEach((s) => attached.add(s.id));
    const name = `${r.name}${r.external_gateway_info ? '+gw' : ''}${r.ha ? '+ha' : ''}${r.distributed ? '+dvr' : ''}${r.admin_state_up ? '' : '(down)'}`;
    const labels = subs.map(label);
    parts.push(labels.length === 0 ? name
      : labels.length === 1 ? `${labels[0]}—${name}`
        : labels.length === 2 ? `${labels[0]}—${name}—${labels[1]}`
          : `${name}{${labels.join(' ')}}`);
  }
  // The HA network is the routers' own (shown as +ha), not one an instance could use.
  const haNetworks = new Set(c.ports.filter((p) => p.device_owner === 'network:router_ha_interface').map((p) => p.network_id));
  for (const s of c.subnets) if (!attached.has(s.id) && !external.has(s.network_id) && !haNetworks.has(s.network_id)) parts.push(label(s));

  const vms = c.instances.map((i) => {
    const port = primaryPort(c, i);
    const subnet = primarySubnet(c, i);
    const where = !port ? '-' : subnet && subnetCount(port.network_id) > 1 ? subnet.name : netName(port.network_id);
    // A trunk on the port shows its subports' networks by VLAN: `vm1@compute1:net1+100:net2`.
    const trunk = port && c.trunks.find((t) => t.port_id === port.id);
    const subs = (trunk?.sub_ports ?? []).map((sp) => `+${sp.segmentation_id}:${netName(c.ports.find((p) => p.id === sp.port_id)?.network_id ?? '')}`).join('');
    return `${i.name}@${i.host}:${where}${port && !port.port_security_enabled ? '!ps' : ''}${subs}`;
  });
  if (vms.length) parts.push(vms.join(' '));

  const o = c.options;
  const tunneled = c.networks.find((n) => !external.has(n.id) && n['provider:segmentation_id'] !== null);
  const flags = [
    ...(tunneled ? [`vni ${tunneled['provider:segmentation_id']}`] : []),
    ...(o.tunnel_type !== 'vxlan' ? [o.tunnel_type] : []),
    ...(o.firewall_driver === 'openvswitch' ? ['ovsfw'] : []),
    ...(o.l2_population ? [] : ['no-l2pop']),
    ...(o.arp_responder ? ['arp-responder'] : []),
    ...(o.force_metadata ? ['force-metadata'] : []),
    ...(o.enable_isolated_metadata ? ['isolated-metadata'] : []),
  ];
  const computes = c.hosts.filter((h) => h.role === 'compute').length;
  parts.push(`${computes} compute${flags.length ? ` [${flags.join(', ')}]` : ''}`);
  return parts.join('; ');
}

/** Gives `value` a compact `fc.stringify` form (a non-enumerable symbol: JSON, equality and clones ignore it). */
export function withToString<T extends object>(value: T, text: (v: T) => string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => text(value), enumerable: false, configurable: true });
  return value;
}
