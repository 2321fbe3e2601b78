/**
 * The OVN logical topology equivalent to a netspec cloud's tenant side, the way ML2/OVN would
 * write it: a logical switch per tenant network with a port per instance port (same MAC and
 * address, port security on), a logical router per router with a port per interface (the
 * gateway's MAC and address), native DHCP options per subnet, and security groups as port
 * groups with Neutron's default-drop group and allow-related ACLs per rule.
 */
import type { Cloud, Port, SecurityGroupRule } from '../../src/model/types';

const prefixLen = (cidr: string) => cidr.split('/')[1];

/** OVN names for netspec's ports: ovn-trace shortens UUID-shaped names, so ports are named by position. */
export function ovnPortName(cloud: Cloud, p: Port): string {
  return `lsp${cloud.ports.indexOf(p)}`;
}

/** Batches of `ovn-nbctl` arguments (each batch one call), in dependency order. */
export function ovnBatches(cloud: Cloud): string[][] {
  const subnets = new Map(cloud.subnets.map((s) => [s.id, s]));
  const external = new Set(cloud.networks.filter((n) => n['router:external']).map((n) => n.id));
  const portsById = new Map(cloud.ports.map((p) => [p.id, p]));
  const vmPorts = cloud.ports.filter((p) => p.device_owner.startsWith('compute:') && !external.has(p.network_id));
  const batches: string[][] = [];
  const pg = (id: string) => `pg_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;

  const head = ['--', 'pg-add', 'neutron_pg_drop',
    '--', 'acl-add', 'neutron_pg_drop', 'from-lport', '1001', 'inport == @neutron_pg_drop && ip', 'drop',
    '--', 'acl-add', 'neutron_pg_drop', 'to-lport', '1001', 'outport == @neutron_pg_drop && ip', 'drop'];
  for (const g of cloud.security_groups) {
    head.push('--', 'pg-add', pg(g.id));
    for (const r of g.rules) head.push('--', 'acl-add', pg(g.id), ...acl(r, pg(g.id), pg));
  }
  batches.push(head);

  for (const n of cloud.networks) {
    if (external.has(n.id)) continue;
    const ls = `ls_${n.id}`;
    const args = ['--', 'ls-add', ls];
    for (const p of vmPorts.filter((x) => x.network_id === n.id)) {
      const addr = `${p.mac_address} ${p.fixed_ips.map((f) => f.ip_address).join(' ')}`;
      const name = ovnPortName(cloud, p);
      args.push('--', 'lsp-add', ls, name, '--', 'lsp-set-addresses', name, addr);
      if (p.port_security_enabled) args.push('--', 'lsp-set-port-security', name, addr);
    }
    batches.push(args);
  }

  for (const r of cloud.routers) {
    const args = ['--', 'lr-add', `lr_${r.id}`];
    for (const id of r.interfaces) {
      const p = portsById.get(id) as Port | undefined;
      const f = p?.fixed_ips[0];
      const s = f && subnets.get(f.subnet_id);
      if (!p || !f || !s) continue;
      const ls = `ls_${p.network_id}`;
      const name = ovnPortName(cloud, p);
      args.push('--', 'lrp-add', `lr_${r.id}`, `lrp-${name}`, p.mac_address, `${f.ip_address}/${prefixLen(s.cidr)}`,
        '--', 'lsp-add', ls, name, '--', 'lsp-set-type', name, 'router', '--', 'lsp-set-addresses', name, 'router',
        '--', 'lsp-set-options', name, `router-port=lrp-${name}`);
    }
    batches.push(args);
  }
  return batches;
}

/** Per subnet: the DHCP_Options row to create and the ports that use it. */
export function dhcpOptions(cloud: Cloud): { cidr: string; options: Record<string, string>; ports: string[] }[] {
  const routerPorts = new Map<string, Port>();
  for (const p of cloud.ports) if (p.device_owner === 'network:router_interface') for (const f of p.fixed_ips) routerPorts.set(f.subnet_id, p);
  return cloud.subnets.filter((s) => s.enable_dhcp && routerPorts.has(s.id)).map((s) => {
    const gw = routerPorts.get(s.id)!;
    return {
      cidr: s.cidr,
      options: { lease_time: '43200', mtu: '1450', router: s.gateway_ip ?? gw.fixed_ips[0].ip_address, server_id: gw.fixed_ips[0].ip_address, server_mac: gw.mac_address },
      ports: cloud.ports.filter((p) => p.device_owner.startsWith('compute:') && p.fixed_ips.some((f) => f.subnet_id === s.id)).map((p) => ovnPortName(cloud, p)),
    };
  });
}

/** Port group memberships: every instance port in the drop group and in each of its groups. */
export function portGroups(cloud: Cloud): Map<string, string[]> {
  const pg = (id: string) => `pg_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const out = new Map<string, string[]>([['neutron_pg_drop', []]]);
  for (const p of cloud.ports) {
    if (!p.device_owner.startsWith('compute:') || !p.port_security_enabled) continue;
    const name = ovnPortName(cloud, p);
    out.get('neutron_pg_drop')!.push(name);
    for (const g of p.security_groups) out.set(pg(g), [...(out.get(pg(g)) ?? []), name]);
  }
  return out;
}

/** One security group rule as an OVN ACL (direction, priority, match, action), as ML2/OVN writes it. */
function acl(r: SecurityGroupRule, group: string, pg: (id: string) => string): string[] {
  const ingress = r.direction === 'ingress';
  const parts = [ingress ? `outport == @${group}` : `inport == @${group}`, 'ip4'];
  if (r.remote_ip_prefix) parts.push(`ip4.${ingress ? 'src' : 'dst'} == ${r.remote_ip_prefix}`);
  if (r.remote_group_id) parts.push(`ip4.${ingress ? 'src' : 'dst'} == $${pg(r.remote_group_id)}_ip4`);
  if (r.protocol === 'icmp') parts.push('icmp4');
  else if (r.protocol) {
    parts.push(r.protocol);
    if (r.port_range_min !== null) parts.push(`${r.protocol}.dst >= ${r.port_range_min} && ${r.protocol}.dst <= ${r.port_range_max ?? r.port_range_min}`);
  }
  return [ingress ? 'to-lport' : 'from-lport', '1002', parts.join(' && '), 'allow-related'];
}
