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
/** Shared empty list: most chain walks set no mark, so they allocate none. */
const NO_MARKS: { rule: Rule; chain: string }[] = [];

/**
 * Walks a built-in chain and the chains it jumps to, iptables-style: first matching terminal
 * target wins, RETURN pops to the caller, falling off a built-in chain applies its policy.
 */
export function runChain(ns: RtNamespace, table: TableName, chain: string, pkt: Packet, ctx: NfContext): NfResult {
  const chains = ns.data.netfilter.tables[table];
  const policies = ns.data.netfilter.policies;
  const res: NfResult = { verdict: policies ? policies[`${table}:${chain}`] ?? 'ACCEPT' : 'ACCEPT', marks: NO_MARKS };
  if (!chains?.[chain]) return res;
  const stack: Frame[] = [frame(chain, chains[chain], ctx)];
  let jumps = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    const n = top.order ? top.order.length : top.rules.length;
    if (top.i >= n) { stack.pop(); continue; }
    const rule = top.rules[top.order ? top.order[top.i++] : top.i++];
    if (!matches(ns, rule.match, pkt, ctx)) continue;
    const t = rule.target;
    switch (t.type) {
      case 'jump': {
        const target = chains[t.chain];
        if (target && jumps++ < MAX_JUMPS) stack.push(frame(t.chain, target, ctx));
        continue;
      }
      case 'RETURN': stack.pop(); continue;
      case 'MARK':
        if (res.marks === NO_MARKS) res.marks = [];
        res.marks.push({ rule, chain: top.name });
        pkt.mark = ((pkt.mark & ~t.mask) | t.value) >>> 0;
        continue;
      case 'ACCEPT': res.verdict = 'ACCEPT'; res.rule = rule; res.chain = top.name; return res;
      case 'DROP': res.verdict = 'DROP'; res.rule = rule; res.chain = top.name; return res;
      default: res.verdict = 'ACCEPT'; res.rule = rule; res.chain = top.name; res.nat = rule; return res;
    }
  }
  return res;
}

interface Frame {
  name: string;
  rules: Rule[];
  /** The rules that can match this packet's bridge ports, in chain order (null: all of them). */
  order: number[] | null;
  i: number;
}

/**
 * Security-group chains hold two rules per port, keyed on the port's tap (physdev). A chain is
 * indexed by those names once, so a packet only tries the rules of its own ports plus the rest,
 * still in chain order — the same first match as a linear walk.
 */
interface ChainIndex {
  byIn: Map<string, number[]>;
  byOut: Map<string, number[]>;
  rest: number[];
  merged: Map<string, number[]>;
}

const INDEX_FROM = 8;
const chainIndexes = new WeakMap<Rule[], ChainIndex | null>();

function frame(name: string, rules: Rule[], ctx: NfContext): Frame {
  let idx = chainIndexes.get(rules);
  if (idx === undefined) chainIndexes.set(rules, (idx = indexChain(rules)));
  if (!idx) return { name, rules, order: null, i: 0 };
  const key = `${ctx.physdevIn ?? ''}\u0000${ctx.physdevOut ?? ''}`;
  let order = idx.merged.get(key);
  if (!order) {
    order = [...(ctx.physdevIn ? idx.byIn.get(ctx.physdevIn) ?? [] : []), ...(ctx.physdevOut ? idx.byOut.get(ctx.physdevOut) ?? [] : []), ...idx.rest]
      .sort((a, b) => a - b);
    idx.merged.set(key, order);
  }
  return { name, rules, order, i: 0 };
}

function indexChain(rules: Rule[]): ChainIndex | null {
  if (rules.length < INDEX_FROM) return null;
  const idx: ChainIndex = { byIn: new Map(), byOut: new Map(), rest: [], merged: new Map() };
  rules.forEach((r, i) => {
    const [map, key] = r.match.physdevIn !== undefined ? [idx.byIn, r.match.physdevIn] : r.match.physdevOut !== undefined ? [idx.byOut, r.match.physdevOut] : [null, ''];
    if (!map) { idx.rest.push(i); return; }
    const list = map.get(key);
    if (list) list.push(i); else map.set(key, [i]);
  });
  return idx.rest.length === rules.length ? null : idx;
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
