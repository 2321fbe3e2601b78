import { BRIDGE, DHCP_CLIENT_PORT as CLIENT, DHCP_SERVER_PORT as SERVER } from '../dataplane/names';
import { BR_INT_TABLE as T } from './ovs-tables';
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
 * it may receive on, its own and its allowed address pairs' (ingress). Remote groups are
 * conjunctions, as Neutron writes them.
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
  conjunctionFlows(ctx, host, port, tap, 'egress', [{ inPort: tap }], [commit, ...go(T.ACCEPT_OR_INGRESS)], add);
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
  conjunctionFlows(ctx, host, port, tap, 'ingress', macs.map((mac) => ({ dlDst: mac })), [commit, ...out], add);
}

type Add = (table: number, priority: number, match: FlowMatch, actions: FlowAction[], note?: string) => void;

/** Per realize and host: the conjunction id of each (group, remote group, direction, offset), and which have their address flows. */
const conjunctionIds = new WeakMap<RealizeContext, Map<string, { ids: Map<string, number>; filled: Set<number> }>>();

/**
 * Remote-group rules as Neutron's driver writes them (_add_non_ip_conj_flows, ConjIPFlowManager):
 * conjunction clause 1 is one flow per member address of the remote group, shared by the host's
 * ports; clause 2 is the rule's protocol and ports on this port; the `conj_id` flow accepts. The
 * id is a multiple of 8 per (group, remote group, direction) plus twice the priority offset.
 */
function conjunctionFlows(
  ctx: RealizeContext, host: string, port: Port, tap: string, direction: SecurityGroupRule['direction'], portMatches: FlowMatch[], accept: FlowAction[], add: Add,
): void {
  const table = direction === 'ingress' ? T.RULES_INGRESS : T.RULES_EGRESS;
  const remote = direction === 'ingress' ? 'nwSrc' : 'nwDst';
  let perCtx = conjunctionIds.get(ctx);
  if (!perCtx) conjunctionIds.set(ctx, (perCtx = new Map()));
  let state = perCtx.get(host);
  if (!state) perCtx.set(host, (state = { ids: new Map(), filled: new Set() }));
  const accepted = new Set<number>();
  for (const sgId of port.security_groups) {
    const sg = ctx.securityGroups.get(sgId);
    sg?.rules.forEach((r, index) => {
      if (r.direction !== direction || !r.remote_group_id) return;
      const offset = priorityOffset(r);
      const key = `${sgId}|${r.remote_group_id}|${direction}`;
      let base = state.ids.get(key);
      if (base === undefined) state.ids.set(key, (base = 8 * (state.ids.size + 1)));
      const id = base + 2 * offset, priority = 70 + offset;
      const remoteName = ctx.securityGroups.get(r.remote_group_id)?.name ?? r.remote_group_id;
      if (!state.filled.has(id)) {
        state.filled.add(id);
        for (const member of ctx.membersOf(r.remote_group_id)) {
          add(table, priority, { ethType: 'ip', ctState: 'new', [remote]: member }, [{ type: 'conjunction', id, clause: 1, clauses: 2 }],
            `member ${member} of group ${remoteName} (conjunction ${id})`);
        }
      }
      const note = ruleNote(ctx, sg, index);
      for (const m of ruleMatches(r)) {
        for (const pm of portMatches) add(table, priority, { ...pm, ctState: 'new', ...m }, [{ type: 'conjunction', id, clause: 2, clauses: 2 }], `${note} (conjunction ${id})`);
      }
      if (!accepted.has(id)) {
        accepted.add(id);
        for (const pm of portMatches) add(table, priority, { ...pm, conjId: id, ctState: 'new', ethType: 'ip' }, accept, `conjunction ${id}: ${direction} ${direction === 'ingress' ? 'from' : 'to'} group ${remoteName} of ${portLabel(ctx, port, tap)}`);
      }
    });
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
 * The flows of each security-group rule without a remote group in one direction
 * (rules.py create_flows_from_rule_and_port): protocol, ICMP type/code, the port range as
 * value/mask pairs, and the remote prefix. Remote-group rules are conjunctions.
 */
function ruleFlows(ctx: RealizeContext, port: Port, direction: SecurityGroupRule['direction']): RuleFlow[] {
  const out: RuleFlow[] = [];
  const remote = direction === 'ingress' ? 'nwSrc' : 'nwDst';
  for (const sgId of port.security_groups) {
    const sg = ctx.securityGroups.get(sgId);
    sg?.rules.forEach((r, index) => {
      if (r.direction !== direction || r.remote_group_id) return;
      const note = ruleNote(ctx, sg, index);
      const priority = 70 + priorityOffset(r);
      // rules.is_valid_prefix: an allow for every address matches no address field.
      const prefix = r.remote_ip_prefix && !r.remote_ip_prefix.endsWith('/0') ? r.remote_ip_prefix : undefined;
      for (const m of ruleMatches(r)) out.push({ match: prefix ? { ...m, [remote]: prefix } : m, priority, note });
    });
  }
  return out;
}

/** What one rule matches besides its remote: protocol, ICMP type/code, or each value/mask block of its port range. */
function ruleMatches(r: SecurityGroupRule): FlowMatch[] {
  const base: FlowMatch = { ethType: 'ip' };
  if (r.protocol) base.nwProto = r.protocol;
  if (r.protocol === 'icmp' && r.port_range_min !== null) {
    base.icmpType = r.port_range_min;
    if (r.port_range_max !== null) base.icmpCode = r.port_range_max;
  }
  if (!(r.protocol && PORT_PROTOCOLS.has(r.protocol) && r.port_range_min !== null)) return [base];
  return portRuleMasking(r.port_range_min, r.port_range_max ?? r.port_range_min).map((tp) => ({ ...base, tpDst: tp }));
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
