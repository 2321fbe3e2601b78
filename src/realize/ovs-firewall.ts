import { BRIDGE, BR_INT_TABLE as T, DHCP_CLIENT_PORT as CLIENT, DHCP_SERVER_PORT as SERVER } from '../dataplane/names';
import type { Flow, FlowAction, FlowMatch } from '../dataplane/types';
import type { Port, SecurityGroupRule } from '../model/types';
import type { RealizeContext } from './context';

/**
 * The native openvswitch security-group driver (openvswitch_firewall/firewall.py), in br-int:
 * table 60 steers a port's egress to 71 (anti-spoofing, DHCP) → 72 (rules, conntrack) → 73
 * (to a local port's ingress, else NORMAL via 94), and frames for the port's MAC to 81 (ARP,
 * DHCP replies) → 82 (rules, conntrack) → output to the tap. Remote groups expand to one flow
 * per member address where Neutron uses conjunctions.
 */
export function realizeNativeFirewall(ctx: RealizeContext, host: string, port: Port, tap: string): void {
  const br = ctx.plane.ovs(host, BRIDGE.integration);
  ensureBase(br.flows);
  if (!port.port_security_enabled) return;
  const lvid = ctx.lvid(host, port.network_id);
  const mac = port.mac_address;
  const ips = port.fixed_ips.map((f) => f.ip_address);
  const go = (table: number): FlowAction[] => [{ type: 'resubmit', table }];
  const out: FlowAction[] = [{ type: 'output', port: tap }];
  // The driver keeps each port's connections in a conntrack zone of its own network (reg6: the local VLAN).
  const zone = lvid ?? 0;
  const track = (table: number): FlowAction[] => [{ type: 'ct', zone, table }];
  const commit: FlowAction = { type: 'ct', zone, commit: true };
  const add = (table: number, priority: number, match: FlowMatch, actions: FlowAction[], note?: string) =>
    br.flows.push(note ? { table, priority, match, actions, note } : { table, priority, match, actions });

  add(T.TRANSIENT, 100, { inPort: tap }, go(T.BASE_EGRESS), `egress of ${tap}`);
  if (lvid !== undefined) add(T.TRANSIENT, 90, { vlan: lvid, dlDst: mac }, [{ type: 'strip_vlan' }, ...go(T.BASE_INGRESS)], `ingress of ${tap}`);
  add(T.ACCEPT_OR_INGRESS, 100, { dlDst: mac }, go(T.BASE_INGRESS), `local port ${tap}`);

  for (const ip of ips) add(T.BASE_EGRESS, 95, { inPort: tap, ethType: 'arp', dlSrc: mac, arpSpa: ip }, go(T.ACCEPTED_EGRESS_TRAFFIC_NORMAL));
  add(T.BASE_EGRESS, 80, { inPort: tap, ethType: 'ip', dlSrc: mac, nwProto: 'udp', tpSrc: CLIENT, tpDst: SERVER }, go(T.ACCEPT_OR_INGRESS), 'DHCP request');
  add(T.BASE_EGRESS, 70, { inPort: tap, ethType: 'ip', nwProto: 'udp', tpSrc: SERVER, tpDst: CLIENT }, [{ type: 'drop' }], 'DHCP spoofing');
  for (const ip of ips) add(T.BASE_EGRESS, 65, { inPort: tap, ethType: 'ip', dlSrc: mac, nwSrc: ip }, track(T.RULES_EGRESS));
  add(T.BASE_EGRESS, 10, { inPort: tap }, [{ type: 'drop' }], 'anti-spoofing');
  add(T.RULES_EGRESS, 74, { inPort: tap, ctState: 'est' }, go(T.ACCEPT_OR_INGRESS), 'established');
  for (const m of ruleMatches(ctx, port, 'egress')) add(T.RULES_EGRESS, 70, { inPort: tap, ctState: 'new', ...m }, [commit, ...go(T.ACCEPT_OR_INGRESS)], 'security group egress');

  add(T.BASE_INGRESS, 100, { ethType: 'arp', dlDst: mac }, out);
  add(T.BASE_INGRESS, 95, { ethType: 'ip', dlDst: mac, nwProto: 'udp', tpSrc: SERVER, tpDst: CLIENT }, out, 'DHCP reply');
  add(T.BASE_INGRESS, 90, { ethType: 'ip', dlDst: mac }, track(T.RULES_INGRESS));
  add(T.RULES_INGRESS, 74, { dlDst: mac, ctState: 'est' }, out, 'established');
  for (const m of ruleMatches(ctx, port, 'ingress')) add(T.RULES_INGRESS, 70, { dlDst: mac, ctState: 'new', ...m }, [commit, ...out], 'security group ingress');
}

/** The driver's default flows in br-int's tables 71–94, once per bridge. */
export function ensureBase(flows: Flow[]): void {
  if (flows.some((f) => f.table === T.ACCEPTED_EGRESS_TRAFFIC_NORMAL)) return;
  const base = (table: number, actions: FlowAction[], note?: string): Flow => ({ table, priority: 0, match: {}, actions, ...(note && { note }) });
  flows.push(
    base(T.BASE_EGRESS, [{ type: 'drop' }]),
    base(T.RULES_EGRESS, [{ type: 'drop' }], 'security group egress: no rule of the port\'s groups allows it'),
    base(T.ACCEPT_OR_INGRESS, [{ type: 'resubmit', table: T.ACCEPTED_EGRESS_TRAFFIC_NORMAL }]),
    base(T.BASE_INGRESS, [{ type: 'drop' }]),
    base(T.RULES_INGRESS, [{ type: 'drop' }], 'security group ingress: no rule of the port\'s groups allows it'),
    { table: T.ACCEPTED_EGRESS_TRAFFIC_NORMAL, priority: 1, match: {}, actions: [{ type: 'normal' }] },
  );
}

/** One match per security-group rule (and per remote-group member), in the rule's direction. */
function ruleMatches(ctx: RealizeContext, port: Port, direction: SecurityGroupRule['direction']): FlowMatch[] {
  const out: FlowMatch[] = [];
  const remote = direction === 'ingress' ? 'nwSrc' : 'nwDst';
  for (const sgId of port.security_groups) {
    for (const r of ctx.securityGroups.get(sgId)?.rules ?? []) {
      if (r.direction !== direction) continue;
      const base: FlowMatch = { ethType: 'ip' };
      if (r.protocol) base.nwProto = r.protocol;
      const ports = r.protocol === 'icmp' || r.port_range_min === null ? [undefined]
        : range(r.port_range_min, r.port_range_max ?? r.port_range_min);
      const addresses = r.remote_group_id
        ? ctx.membersOf(r.remote_group_id)
        : r.remote_ip_prefix && r.remote_ip_prefix !== '0.0.0.0/0' ? [r.remote_ip_prefix] : [undefined];
      for (const a of addresses) {
        for (const tp of ports) {
          const m: FlowMatch = { ...base };
          if (a) m[remote] = a;
          if (tp !== undefined) m.tpDst = tp;
          out.push(m);
        }
      }
    }
  }
  return out;
}

/** Port ranges expand to exact ports (Neutron uses bitmask ranges; a cap keeps huge ranges sane). */
function range(min: number, max: number): (number | undefined)[] {
  if (max - min > 1024) return [undefined];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}
