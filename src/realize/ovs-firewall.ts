import { BRIDGE, BR_INT_TABLE as T, DHCP_CLIENT_PORT as CLIENT, DHCP_SERVER_PORT as SERVER } from '../dataplane/names';
import type { Flow, FlowAction, FlowMatch } from '../dataplane/types';
import { PORT_PROTOCOLS } from '../model/ip-protocols';
import type { Port, SecurityGroupRule } from '../model/types';
import type { RealizeContext } from './context';
import { portRuleMasking } from './port-masking';
import { noRuleNote, portLabel, ruleNote, spoofNote } from './sg-notes';

/**
 * The native openvswitch security-group driver (openvswitch_firewall/firewall.py), in br-int:
 * table 60 steers a port's egress to 71 (anti-spoofing, DHCP) → 72 (rules, conntrack) → 73
 * (to a local port's ingress, else NORMAL via 94), and frames for the port's MACs to 81 (ARP,
 * DHCP replies) → 82 (rules, conntrack) → output to the tap. The driver keeps the port in reg5;
 * this data plane has no registers, so the port is matched by its tap (egress) and by each MAC
 * it may receive on, its own and its allowed address pairs' (ingress). Remote groups expand to
 * one flow per member address where Neutron uses conjunctions.
 */
export function realizeNativeFirewall(ctx: RealizeContext, host: string, port: Port, tap: string): void {
  const br = ctx.plane.ovs(host, BRIDGE.integration);
  ensureBase(br.flows);
  const go = (table: number): FlowAction[] => [{ type: 'resubmit', table }];
  const add = (table: number, priority: number, match: FlowMatch, actions: FlowAction[], note?: string) =>
    br.flows.push(note ? { table, priority, match, actions, note } : { table, priority, match, actions });
  if (!port.port_security_enabled) {
    // _initialize_egress_no_port_security: straight to ACCEPT_OR_INGRESS, and from there NORMAL.
    add(T.TRANSIENT, 100, { inPort: tap }, go(T.ACCEPT_OR_INGRESS), `unfiltered port ${tap} (port security disabled)`);
    add(T.ACCEPT_OR_INGRESS, 80, { inPort: tap }, go(T.ACCEPTED_EGRESS_TRAFFIC_NORMAL), `unfiltered port ${tap}`);
    return;
  }
  const lvid = ctx.lvid(host, port.network_id);
  // Neutron's allowed MAC/IP pairs: the address pairs first, then the port's own MAC with each fixed IP.
  const pairs: [string, string][] = [
    ...port.allowed_address_pairs.map((a) => [a.mac_address, a.ip_address] as [string, string]),
    ...port.fixed_ips.map((f) => [port.mac_address, f.ip_address] as [string, string]),
  ];
  const macs = [...new Set([port.mac_address, ...port.allowed_address_pairs.map((a) => a.mac_address)])];
  const out: FlowAction[] = [{ type: 'output', port: tap }];
  // The driver keeps each port's connections in a conntrack zone of its own network (reg6: the local VLAN).
  const zone = lvid ?? 0;
  const track = (table: number): FlowAction[] => [{ type: 'ct', zone, table }];
  const commit: FlowAction = { type: 'ct', zone, commit: true };

  add(T.TRANSIENT, 100, { inPort: tap }, go(T.BASE_EGRESS), `egress of ${tap}`);
  for (const mac of macs) {
    if (lvid !== undefined) add(T.TRANSIENT, 90, { vlan: lvid, dlDst: mac }, [{ type: 'strip_vlan' }, ...go(T.BASE_INGRESS)], `ingress of ${tap}`);
    add(T.ACCEPT_OR_INGRESS, 100, { dlDst: mac }, go(T.BASE_INGRESS), `local port ${tap}`);
  }

  for (const [mac, ip] of pairs) add(T.BASE_EGRESS, 95, { inPort: tap, ethType: 'arp', dlSrc: mac, arpSpa: ip }, go(T.ACCEPTED_EGRESS_TRAFFIC_NORMAL));
  add(T.BASE_EGRESS, 80, { inPort: tap, ethType: 'ip', dlSrc: port.mac_address, nwProto: 'udp', tpSrc: CLIENT, tpDst: SERVER }, go(T.ACCEPT_OR_INGRESS), 'DHCP request');
  add(T.BASE_EGRESS, 70, { inPort: tap, ethType: 'ip', nwProto: 'udp', tpSrc: SERVER, tpDst: CLIENT }, [{ type: 'drop' }], 'DHCP spoofing');
  for (const [mac, ip] of pairs) add(T.BASE_EGRESS, 65, { inPort: tap, ethType: 'ip', dlSrc: mac, nwSrc: ip }, track(T.RULES_EGRESS));
  add(T.BASE_EGRESS, 10, { inPort: tap }, [{ type: 'drop' }], spoofNote(ctx, port, tap));
  add(T.RULES_EGRESS, 74, { inPort: tap, ctState: 'est' }, go(T.ACCEPT_OR_INGRESS), `established: egress of ${portLabel(ctx, port, tap)}`);
  for (const { match, priority, note } of ruleFlows(ctx, port, 'egress')) {
    add(T.RULES_EGRESS, priority, { inPort: tap, ctState: 'new', ...match }, [commit, ...go(T.ACCEPT_OR_INGRESS)], note);
  }
  // Neutron sends a port's unmatched new connections to the dropped-traffic table (priority 40, reg5=port).
  add(T.RULES_EGRESS, 40, { inPort: tap }, [{ type: 'drop' }], noRuleNote(ctx, port, tap, 'egress'));

  const rules = ruleFlows(ctx, port, 'ingress');
  for (const mac of macs) {
    add(T.BASE_INGRESS, 100, { ethType: 'arp', dlDst: mac }, out);
    add(T.BASE_INGRESS, 95, { ethType: 'ip', dlDst: mac, nwProto: 'udp', tpSrc: SERVER, tpDst: CLIENT }, out, 'DHCP reply');
    add(T.BASE_INGRESS, 90, { ethType: 'ip', dlDst: mac }, track(T.RULES_INGRESS));
    add(T.RULES_INGRESS, 74, { dlDst: mac, ctState: 'est' }, out, `established: ingress of ${portLabel(ctx, port, tap)}`);
    for (const { match, priority, note } of rules) add(T.RULES_INGRESS, priority, { dlDst: mac, ctState: 'new', ...match }, [commit, ...out], note);
    add(T.RULES_INGRESS, 40, { dlDst: mac }, [{ type: 'drop' }], noRuleNote(ctx, port, tap, 'ingress'));
  }
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

interface RuleFlow { match: FlowMatch; priority: number; note: string }

/**
 * The flows of each security-group rule in one direction (rules.py create_flows_from_rule_and_port):
 * protocol, ICMP type/code, the port range as value/mask pairs, the remote prefix, and for a
 * remote group one flow per member address.
 */
function ruleFlows(ctx: RealizeContext, port: Port, direction: SecurityGroupRule['direction']): RuleFlow[] {
  const out: RuleFlow[] = [];
  const remote = direction === 'ingress' ? 'nwSrc' : 'nwDst';
  for (const sgId of port.security_groups) {
    const sg = ctx.securityGroups.get(sgId);
    sg?.rules.forEach((r, index) => {
      if (r.direction !== direction) return;
      const note = ruleNote(ctx, sg, index);
      const priority = 70 + priorityOffset(r);
      const base: FlowMatch = { ethType: 'ip' };
      if (r.protocol) base.nwProto = r.protocol;
      if (r.protocol === 'icmp' && r.port_range_min !== null) {
        base.icmpType = r.port_range_min;
        if (r.port_range_max !== null) base.icmpCode = r.port_range_max;
      }
      const ports: (number | string | undefined)[] = r.protocol && PORT_PROTOCOLS.has(r.protocol) && r.port_range_min !== null
        ? portRuleMasking(r.port_range_min, r.port_range_max ?? r.port_range_min) : [undefined];
      const addresses = r.remote_group_id
        ? ctx.membersOf(r.remote_group_id)
        : r.remote_ip_prefix && !r.remote_ip_prefix.endsWith('/0') ? [r.remote_ip_prefix] : [undefined];
      for (const a of addresses) {
        for (const tp of ports) {
          const m: FlowMatch = { ...base };
          if (a) m[remote] = a;
          if (tp !== undefined) m.tpDst = tp;
          out.push({ match: m, priority, note });
        }
      }
    });
  }
  return out;
}

/** rules.flow_priority_offset: plain rules above remote-group (conjunction) ones, and the more specific higher. */
function priorityOffset(r: SecurityGroupRule): number {
  const conj = r.remote_group_id ? 0 : 4;
  if (r.protocol === null) return conj;
  if (r.protocol === 'icmp') {
    if (r.port_range_min === null) return conj + 1;
    if (r.port_range_max === null) return conj + 2;
  }
  return conj + 3;
}
