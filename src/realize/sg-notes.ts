import type { Port, SecurityGroup, SecurityGroupRule } from '../model/types';
import type { RealizeContext } from './context';

/**
 * The words both firewall drivers attach to what they install (iptables rule comments, flow
 * notes), so a trace that ends at one says which port, group, direction and rule decided it.
 * They describe the state being built; nothing reads them back to decide anything.
 */

const ownerCache = new WeakMap<RealizeContext, Map<string, string>>();

/** `vm2`, or `vm2 eth1` for an instance's second NIC: how a user names the port. */
function ownerOf(ctx: RealizeContext, port: Port): string {
  let owners = ownerCache.get(ctx);
  if (!owners) {
    owners = new Map();
    for (const inst of ctx.cloud.instances) {
      inst.ports.forEach((id, i) => owners!.set(id, inst.ports.length === 1 ? inst.name : `${inst.name} eth${i}`));
    }
    ownerCache.set(ctx, owners);
  }
  return owners.get(port.id) ?? `port ${port.id}`;
}

/** `vm2 (tap4afd1088-6f; group web)`. */
export function portLabel(ctx: RealizeContext, port: Port, tap: string): string {
  const groups = groupsOf(ctx, port);
  const names = groups.map((g) => g.name).join(', ') || 'none';
  return `${ownerOf(ctx, port)} (${tap}; security group${groups.length === 1 ? '' : 's'} ${names})`;
}

function groupsOf(ctx: RealizeContext, port: Port): SecurityGroup[] {
  return port.security_groups.map((id) => ctx.securityGroups.get(id)).filter((g) => g !== undefined);
}

/** `rule #2 of group web: ingress tcp 22 from 0.0.0.0/0` (numbered as in the group's `rules`, from 1). */
export function ruleNote(ctx: RealizeContext, group: SecurityGroup, index: number): string {
  return `rule #${index + 1} of group ${group.name}: ${group.rules[index].direction} ${ruleSummary(ctx, group.rules[index])}`;
}

/**
 * The note on a port's last resort in one direction: every rule its groups have there, so a drop
 * says both that no rule allowed the packet and which rules were tried.
 */
export function noRuleNote(ctx: RealizeContext, port: Port, tap: string, direction: SecurityGroupRule['direction']): string {
  const rules = groupsOf(ctx, port).flatMap((g) => g.rules.flatMap((r, i) => (r.direction === direction ? [`#${i + 1} of ${g.name}: ${ruleSummary(ctx, r)}`] : [])));
  const stateless = groupsOf(ctx, port).some((g) => !g.stateful);
  return `${direction} of ${portLabel(ctx, port, tap)}: no rule allows it; ${direction} rules: ${rules.join('; ') || 'none'}`
    + (stateless ? ' (stateless: answers need rules of their own)' : '');
}

/** The note on a port's anti-spoofing check: the source address and MAC pairs it may use. */
export function spoofNote(ctx: RealizeContext, port: Port, tap: string): string {
  const pairs = [...port.fixed_ips.map((f) => `${f.ip_address} ${port.mac_address}`),
    ...port.allowed_address_pairs.map((a) => `${a.ip_address} ${a.mac_address} (allowed address pair)`)];
  return `anti-spoofing of ${portLabel(ctx, port, tap)}: the source must be one of ${pairs.join(', ') || 'none'}`;
}

/** `tcp 22`, `tcp 8000-8080 from 10.0.0.0/24`, `icmp type 8 code 0 from group web`, `any`. */
export function ruleSummary(ctx: RealizeContext, r: SecurityGroupRule): string {
  let ports = '';
  if (r.protocol === 'icmp') {
    if (r.port_range_min !== null) ports = ` type ${r.port_range_min}${r.port_range_max !== null ? ` code ${r.port_range_max}` : ''}`;
  } else if (r.port_range_min !== null) {
    ports = r.port_range_max !== null && r.port_range_max !== r.port_range_min ? ` ${r.port_range_min}-${r.port_range_max}` : ` ${r.port_range_min}`;
  }
  const way = r.direction === 'ingress' ? 'from' : 'to';
  const peer = r.remote_group_id ? ` ${way} group ${ctx.securityGroups.get(r.remote_group_id)?.name ?? r.remote_group_id}`
    : r.remote_ip_prefix ? ` ${way} ${r.remote_ip_prefix}` : '';
  return `${r.protocol ?? 'any'}${ports}${peer}`;
}
