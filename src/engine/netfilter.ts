import type { Rule, RuleMatch, TableName } from '../dataplane/types';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net/ipv4';
import type { Packet } from './packet';
import type { RtNamespace } from './runtime';

/** Interfaces and bridge ports a packet is passing, as netfilter's matches see them. */
export interface NfContext {
  inIface?: string;
  outIface?: string;
  physdevIn?: string;
  physdevOut?: string;
  bridged?: boolean;
}

export interface NfResult {
  verdict: 'ACCEPT' | 'DROP';
  /** The rule that decided, and its chain; none when the built-in chain's policy decided. */
  rule?: Rule;
  chain?: string;
  /** A terminal NAT target (REDIRECT/SNAT/DNAT) for the caller to apply. */
  nat?: Rule;
  /** MARK rules that matched on the way (non-terminal). */
  marks: { rule: Rule; chain: string }[];
}

const MAX_JUMPS = 64;

/**
 * Walks a built-in chain and the chains it jumps to, iptables-style: first matching terminal
 * target wins, RETURN pops to the caller, falling off a built-in chain applies its policy.
 */
export function runChain(ns: RtNamespace, table: TableName, chain: string, pkt: Packet, ctx: NfContext): NfResult {
  const chains = ns.data.netfilter.tables[table];
  const policy = ns.data.netfilter.policies?.[`${table}:${chain}`] ?? 'ACCEPT';
  const res: NfResult = { verdict: policy, marks: [] };
  if (!chains?.[chain]) return res;
  const stack: { name: string; rules: Rule[]; i: number }[] = [{ name: chain, rules: chains[chain], i: 0 }];
  let jumps = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i >= top.rules.length) { stack.pop(); continue; }
    const rule = top.rules[top.i++];
    if (!matches(ns, rule.match, pkt, ctx)) continue;
    const t = rule.target;
    switch (t.type) {
      case 'jump': {
        const target = chains[t.chain];
        if (target && jumps++ < MAX_JUMPS) stack.push({ name: t.chain, rules: target, i: 0 });
        continue;
      }
      case 'RETURN': stack.pop(); continue;
      case 'MARK': res.marks.push({ rule, chain: top.name }); pkt.mark = ((pkt.mark & ~t.mask) | t.value) >>> 0; continue;
      case 'ACCEPT': return { ...res, verdict: 'ACCEPT', rule, chain: top.name };
      case 'DROP': return { ...res, verdict: 'DROP', rule, chain: top.name };
      default: return { ...res, verdict: 'ACCEPT', rule, chain: top.name, nat: rule };
    }
  }
  return res;
}

interface CompiledMatch {
  src?: Cidr; dst?: Cidr; notSrc?: Cidr; notDst?: Cidr;
}
const compiled = new WeakMap<RuleMatch, CompiledMatch>();

function cidrs(m: RuleMatch): CompiledMatch {
  let c = compiled.get(m);
  if (!c) {
    c = {};
    if (m.src) c.src = parseCidr(m.src);
    if (m.dst) c.dst = parseCidr(m.dst);
    if (m.notSrc) c.notSrc = parseCidr(m.notSrc);
    if (m.notDst) c.notDst = parseCidr(m.notDst);
    compiled.set(m, c);
  }
  return c;
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function matches(ns: RtNamespace, m: RuleMatch, p: Packet, ctx: NfContext): boolean {
  if (m.physdevOut !== undefined && m.physdevOut !== ctx.physdevOut) return false;
  if (m.physdevIn !== undefined && m.physdevIn !== ctx.physdevIn) return false;
  if (m.physdevIsBridged && !ctx.bridged) return false;
  if (m.inIface !== undefined && !ifaceMatches(m.inIface, ctx.inIface)) return false;
  if (m.outIface !== undefined && !ifaceMatches(m.outIface, ctx.outIface)) return false;
  if (m.notOutIface !== undefined && ifaceMatches(m.notOutIface, ctx.outIface)) return false;
  if (m.proto !== undefined && m.proto !== p.proto) return false;
  if (m.sport !== undefined && m.sport !== p.sport) return false;
  if (m.dport !== undefined && (m.dportMax === undefined ? m.dport !== p.dport : p.dport < m.dport || p.dport > m.dportMax)) return false;
  if (m.mark && ((p.mark & m.mark.mask) >>> 0) !== m.mark.value) return false;
  if (m.ctstate && !m.ctstate.includes(p.ct)) return false;
  if (m.notCtDnat && p.ctDnat) return false;
  if (m.macSrc !== undefined && m.macSrc !== p.ethSrc) return false;
  if (m.src || m.dst || m.notSrc || m.notDst) {
    const c = cidrs(m);
    if (c.src && !cidrContains(c.src, p.src)) return false;
    if (c.dst && !cidrContains(c.dst, p.dst)) return false;
    if (c.notSrc && cidrContains(c.notSrc, p.src)) return false;
    if (c.notDst && cidrContains(c.notDst, p.dst)) return false;
  }
  if (m.srcSet !== undefined && !inSet(ns, m.srcSet, p.src)) return false;
  if (m.dstSet !== undefined && !inSet(ns, m.dstSet, p.dst)) return false;
  return true;
}

const sets = new WeakMap<string[], Set<number>>();
function inSet(ns: RtNamespace, name: string, ip: number): boolean {
  const members = ns.data.netfilter.ipsets?.[name];
  if (!members) return false;
  let s = sets.get(members);
  if (!s) sets.set(members, (s = new Set(members.map(parseIp))));
  return s.has(ip);
}

export function ruleText(chain: string, r: Rule): string {
  const m = r.match;
  const parts: string[] = [`-A ${chain}`];
  if (m.physdevIn) parts.push(`-m physdev --physdev-in ${m.physdevIn}`);
  if (m.physdevOut) parts.push(`-m physdev --physdev-out ${m.physdevOut}`);
  if (m.physdevIsBridged) parts.push('--physdev-is-bridged');
  if (m.src) parts.push(`-s ${m.src}`);
  if (m.dst) parts.push(`-d ${m.dst}`);
  if (m.inIface) parts.push(`-i ${m.inIface}`);
  if (m.outIface) parts.push(`-o ${m.outIface}`);
  if (m.notOutIface) parts.push(`! -o ${m.notOutIface}`);
  if (m.proto) parts.push(`-p ${m.proto}`);
  if (m.sport !== undefined) parts.push(`--sport ${m.sport}`);
  if (m.dport !== undefined) parts.push(`--dport ${m.dport}${m.dportMax !== undefined ? `:${m.dportMax}` : ''}`);
  if (m.mark) parts.push(`-m mark --mark 0x${m.mark.value.toString(16)}/0x${m.mark.mask.toString(16)}`);
  if (m.ctstate) parts.push(`-m state --state ${m.ctstate.join(',')}`);
  if (m.notCtDnat) parts.push('-m conntrack ! --ctstate DNAT');
  if (m.macSrc) parts.push(`-m mac --mac-source ${m.macSrc}`);
  if (m.srcSet) parts.push(`-m set --match-set ${m.srcSet} src`);
  if (m.dstSet) parts.push(`-m set --match-set ${m.dstSet} dst`);
  const t = r.target;
  switch (t.type) {
    case 'jump': parts.push(`-j ${t.chain}`); break;
    case 'REDIRECT': parts.push(`-j REDIRECT --to-ports ${t.toPort}`); break;
    case 'SNAT': parts.push(`-j SNAT --to-source ${t.toSource}`); break;
    case 'DNAT': parts.push(`-j DNAT --to-destination ${t.toDestination}`); break;
    case 'MARK': parts.push(`-j MARK --set-xmark 0x${t.value.toString(16)}/0x${t.mask.toString(16)}`); break;
    default: parts.push(`-j ${t.type}`);
  }
  return parts.join(' ');
}
