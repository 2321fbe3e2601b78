import { deviceName, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, PREFIX } from '../dataplane/names';
import type { Namespace, Rule, RuleMatch } from '../dataplane/types';
import type { Port, SecurityGroupRule } from '../model/types';
import { PORT_PROTOCOLS } from '../model/ip-protocols';
import type { RealizeContext } from './context';
import { noRuleNote, portLabel, ruleNote, spoofNote } from './sg-notes';

const P = 'neutron-openvswi';
const CHAIN = {
  forward: `${P}-FORWARD`, sgChain: `${P}-sg-chain`, fallback: `${P}-sg-fallback`, top: 'neutron-filter-top', local: `${P}-local`,
} as const;

const jump = (chain: string) => ({ type: 'jump', chain }) as const;
const RETURN = { type: 'RETURN' } as const;
const DROP = { type: 'DROP' } as const;
const NOTRACK = { type: 'NOTRACK' } as const;

/**
 * Rules every port's chains share. Data planes are values (fault injection changes a copy, and
 * never edits a rule in place), so one frozen object serves every port of every host.
 */
function rule(r: Rule): Rule {
  if (r.match.ctstate) Object.freeze(r.match.ctstate);
  Object.freeze(r.match);
  Object.freeze(r.target);
  return Object.freeze(r);
}
const TO_SG_CHAIN = Object.freeze(jump(CHAIN.sgChain));
const ESTABLISHED = rule({ match: { ctstate: ['RELATED', 'ESTABLISHED'] }, target: RETURN, comment: 'Direct packets associated with a known session to the RETURN chain.' });
const INGRESS_INVALID = rule({ match: { ctstate: ['INVALID'] }, target: DROP, comment: 'Drop packets that appear related to an existing connection but are not.' });
const INGRESS_FALLBACK = rule({ match: {}, target: jump(CHAIN.fallback), comment: 'Send unmatched traffic to the fallback chain.' });
const DHCP_CLIENT = rule({ match: { src: '0.0.0.0/32', dst: '255.255.255.255/32', proto: 'udp', sport: DHCP_CLIENT_PORT, dport: DHCP_SERVER_PORT }, target: RETURN, comment: 'Allow DHCP client traffic.' });
const DHCP_REQUEST = rule({ match: { proto: 'udp', sport: DHCP_CLIENT_PORT, dport: DHCP_SERVER_PORT }, target: RETURN, comment: 'Allow DHCP client traffic.' });
const DHCP_SPOOF = rule({ match: { proto: 'udp', sport: DHCP_SERVER_PORT, dport: DHCP_CLIENT_PORT }, target: DROP, comment: 'Prevent DHCP Spoofing by VM.' });
const EGRESS_INVALID = rule({ match: { ctstate: ['INVALID'] }, target: DROP });
const EGRESS_FALLBACK = rule({ match: {}, target: jump(CHAIN.fallback) });
const SPOOF_DROP = rule({ match: {}, target: DROP, comment: 'Drop traffic without an IP/MAC allow rule.' });

/** Per realize: rules that depend on the cloud but not on the port, built once. */
interface Shared {
  /** Destination (`<fixed ip>/32`, `255.255.255.255/32`) → the ingress rule letting DHCP answers to it in. */
  dhcpReply: Map<string, Rule>;
  /** `${direction}/${security group}` → its rules, and the remote groups whose ipsets they use. */
  sg: Map<string, { rules: Rule[]; remoteGroups: string[] }>;
  /** Security group → its member addresses, one copy shared by every host's ipset. */
  members: Map<string, string[]>;
}
const shared = new WeakMap<RealizeContext, Shared>();

function sharedOf(ctx: RealizeContext): Shared {
  let s = shared.get(ctx);
  if (!s) shared.set(ctx, (s = { dhcpReply: new Map(), sg: new Map(), members: new Map() }));
  return s;
}

/**
 * The iptables_hybrid security-group driver (iptables_firewall.py): per port an ingress chain
 * (`-i`), an egress chain (`-o`) and an anti-spoofing chain (`-s`), reached from FORWARD through
 * physdev matches on the port's tap, because qbr hands bridged frames to iptables.
 */
export function realizePortFirewall(ctx: RealizeContext, host: string, port: Port, tap: string): void {
  const root = ctx.plane.namespace(host, 'root');
  const filter = ensureBaseChains(root);
  if (!port.port_security_enabled) return;
  const id = port.id.slice(0, 10);
  const iChain = `${P}-i${id}`, oChain = `${P}-o${id}`, sChain = `${P}-s${id}`;
  const bridgedOut: RuleMatch = { physdevOut: tap, physdevIsBridged: true };
  const bridgedIn: RuleMatch = { physdevIn: tap, physdevIsBridged: true };
  filter[CHAIN.forward].push({ match: bridgedOut, target: TO_SG_CHAIN }, { match: bridgedIn, target: TO_SG_CHAIN });
  // sg-chain ends with ACCEPT: port rules go in front of it. Their comments say on whose behalf
  // the port's chains run, so whatever drops inside them names the port and its groups.
  const ingressOf = `ingress of ${portLabel(ctx, port, tap)}`, egressOf = `egress of ${portLabel(ctx, port, tap)}`;
  filter[CHAIN.sgChain].splice(filter[CHAIN.sgChain].length - 1, 0,
    { match: bridgedOut, target: jump(iChain), comment: ingressOf }, { match: bridgedIn, target: jump(oChain), comment: egressOf });
  if (isStateless(ctx, port)) exemptFromConntrack(root, port, tap);

  const s = sharedOf(ctx);
  const ingress: Rule[] = [ESTABLISHED];
  sgRules(ctx, s, port, 'ingress', root, ingress);
  // The server's provider rules (securitygroups_rpc_base._add_ingress_dhcp_rule): any DHCP server
  // may answer, but only to the port's own addresses or to broadcast.
  for (const f of port.fixed_ips) ingress.push(dhcpReplyRule(s, `${f.ip_address}/32`));
  ingress.push(dhcpReplyRule(s, '255.255.255.255/32'));
  // The port's own fallback jump says whose groups found no rule: a drop then names them.
  ingress.push(INGRESS_INVALID, { ...INGRESS_FALLBACK, comment: noRuleNote(ctx, port, tap, 'ingress') });
  filter[iChain] = ingress;
  const egress: Rule[] = [DHCP_CLIENT, { match: {}, target: jump(sChain), comment: spoofNote(ctx, port, tap) }, DHCP_REQUEST, DHCP_SPOOF, ESTABLISHED];
  sgRules(ctx, s, port, 'egress', root, egress);
  egress.push(EGRESS_INVALID, { ...EGRESS_FALLBACK, comment: noRuleNote(ctx, port, tap, 'egress') });
  filter[oChain] = egress;
  filter[sChain] = spoofRules(port);
}

/**
 * The `-s` chain (_setup_spoof_filter_chain): the allowed address pairs first, then the fixed
 * IPs, each with its MAC; a port without fixed IPs may use any address from its own MAC.
 */
function spoofRules(port: Port): Rule[] {
  const allow = (src: string | undefined, mac: string): Rule => ({
    match: src === undefined ? { macSrc: mac } : { src, macSrc: mac }, target: RETURN, comment: 'Allow traffic from defined IP/MAC pairs.',
  });
  const out: Rule[] = [];
  for (const a of port.allowed_address_pairs) out.push(allow(a.ip_address.includes('/') ? a.ip_address : `${a.ip_address}/32`, a.mac_address));
  for (const f of port.fixed_ips) out.push(allow(`${f.ip_address}/32`, port.mac_address));
  if (!port.fixed_ips.length) out.push(allow(undefined, port.mac_address));
  out.push(SPOOF_DROP);
  return out;
}

/** Neutron refuses to mix stateful and stateless groups on a port: its first group says which. */
function isStateless(ctx: RealizeContext, port: Port): boolean {
  const first = port.security_groups[0];
  return first !== undefined && ctx.securityGroups.get(first)?.stateful === false;
}

/**
 * A stateless port's frames skip conntrack (_get_jump_rules): raw PREROUTING sends what enters
 * qbr from the port's qvb or tap to `CT --notrack`, so no reply is ever ESTABLISHED.
 */
function exemptFromConntrack(root: Namespace, port: Port, tap: string): void {
  const raw = (root.netfilter.tables.raw ??= {});
  const chain = (raw.PREROUTING ??= []);
  const qvb = deviceName(PREFIX.vethBridgeSide, port.id);
  const comment = `Make ${port.id.slice(0, 11)} stateless`;
  chain.push(
    { match: { physdevIn: qvb }, target: NOTRACK, comment },
    { match: { inIface: qvb }, target: NOTRACK, comment },
    { match: { physdevIn: tap }, target: NOTRACK, comment },
  );
}

function dhcpReplyRule(s: Shared, dst: string): Rule {
  let r = s.dhcpReply.get(dst);
  if (!r) s.dhcpReply.set(dst, (r = rule({ match: { dst, proto: 'udp', sport: DHCP_SERVER_PORT, dport: DHCP_CLIENT_PORT }, target: RETURN })));
  return r;
}

function ensureBaseChains(root: Namespace): Record<string, Rule[]> {
  const filter = (root.netfilter.tables.filter ??= {});
  if (!filter[CHAIN.forward]) {
    filter.FORWARD = [{ match: {}, target: jump(CHAIN.top) }, { match: {}, target: jump(CHAIN.forward) }];
    filter[CHAIN.top] = [{ match: {}, target: jump(CHAIN.local) }];
    filter[CHAIN.local] = [];
    filter[CHAIN.forward] = [];
    filter[CHAIN.sgChain] = [{ match: {}, target: { type: 'ACCEPT' } }];
    filter[CHAIN.fallback] = [{ match: {}, target: DROP, comment: 'Default drop rule for unmatched traffic.' }];
  }
  return filter;
}

/** Appends the port's security-group rules in one direction, making sure the host has their ipsets. */
function sgRules(ctx: RealizeContext, s: Shared, port: Port, direction: SecurityGroupRule['direction'], root: Namespace, out: Rule[]): void {
  for (const sgId of port.security_groups) {
    const key = `${direction}/${sgId}`;
    let group = s.sg.get(key);
    if (!group) s.sg.set(key, (group = groupRules(ctx, sgId, direction)));
    for (const g of group.remoteGroups) ipsetFor(ctx, s, root, g);
    for (const r of group.rules) out.push(r);
  }
}

function groupRules(ctx: RealizeContext, sgId: string, direction: SecurityGroupRule['direction']): { rules: Rule[]; remoteGroups: string[] } {
  const rules: Rule[] = [];
  const remoteGroups: string[] = [];
  const sg = ctx.securityGroups.get(sgId);
  sg?.rules.forEach((r, index) => {
    if (r.direction !== direction) return;
    const match: RuleMatch = {};
    if (r.protocol) match.proto = r.protocol;
    // _port_arg: port_range_min/max are the ICMP type and code for icmp, destination ports for the port protocols.
    if (r.protocol === 'icmp' && r.port_range_min !== null) {
      match.icmpType = r.port_range_min;
      if (r.port_range_max !== null) match.icmpCode = r.port_range_max;
    } else if (r.protocol && PORT_PROTOCOLS.has(r.protocol) && r.port_range_min !== null) {
      match.dport = r.port_range_min;
      if (r.port_range_max !== null && r.port_range_max !== r.port_range_min) match.dportMax = r.port_range_max;
    }
    // _ip_prefix_arg: an allow for every address is no constraint, so it is left out.
    if (r.remote_ip_prefix && !r.remote_ip_prefix.endsWith('/0')) (direction === 'ingress' ? (match.src = r.remote_ip_prefix) : (match.dst = r.remote_ip_prefix));
    if (r.remote_group_id) {
      remoteGroups.push(r.remote_group_id);
      const set = ipsetName(r.remote_group_id);
      if (direction === 'ingress') match.srcSet = set; else match.dstSet = set;
    }
    rules.push(rule({ match, target: RETURN, comment: ruleNote(ctx, sg, index) }));
  });
  return { rules, remoteGroups };
}

const ipsetName = (sgId: string) => `NIPv4${sgId.slice(0, 18)}`;

/**
 * `NIPv4<sg>` (hash:net): the addresses of every port in the group and their allowed address
 * pairs, as the agent's ipset manager keeps it.
 */
function ipsetFor(ctx: RealizeContext, s: Shared, root: Namespace, sgId: string): void {
  const sets = (root.netfilter.ipsets ??= {});
  const name = ipsetName(sgId);
  if (sets[name]) return;
  let members = s.members.get(sgId);
  if (!members) s.members.set(sgId, (members = [...ctx.membersOf(sgId)]));
  sets[name] = members;
}
