import type { Netfilter, Rule, RuleMatch, TableName } from '../dataplane/types';
import { parseCidr, parseIp, type Cidr } from '../net/ipv4';
import type { Packet } from './packet';
import { icmpCodeOf, icmpTypeOf } from './packet';

/**
 * A namespace's netfilter compiled for walking, lazily: a chain is compiled the first time a packet
 * enters it. Rules become one fixed-shape object each (a bit per present match, jump targets
 * resolved), so matching reads the same hidden class every time instead of a dozen differently
 * shaped `RuleMatch` literals. Every check keeps the meaning and order of a plain rule walk.
 */
export interface CompiledNetfilter {
  data: Netfilter;
  raw: CTable | null;
  mangle: CTable | null;
  nat: CTable | null;
  filter: CTable | null;
  /** ipsets by name, shared by the rules that name them; members are parsed on first use. */
  sets: Map<string, IpSetRef>;
}

interface CTable {
  nf: CompiledNetfilter;
  /** The table's chains as written (undefined when the table is absent). */
  src: Record<string, Rule[]> | undefined;
  /** Chains by name, compiled or not; null for a name the table does not define. */
  chains: Map<string, CChain | null>;
  /** Built-in chain entry points with their policy. */
  entries: Map<string, ChainEntry>;
}

export interface ChainEntry {
  chain: CChain | null;
  policy: 'ACCEPT' | 'DROP';
  /** The result of walking a chain the table does not have: the policy alone, shared (read-only). */
  empty: Readonly<NfResult> | null;
}

/** What a chain walk decided; see `runChain`. */
export interface NfResult {
  verdict: 'ACCEPT' | 'DROP';
  /** The rule that decided, and its chain; none when the built-in chain's policy decided. */
  rule?: Rule;
  chain?: string;
  /**
   * The jump that entered the deciding rule's chain (none in a built-in chain): its comment says
   * on whose behalf the chain ran, e.g. which port's security groups found no rule.
   */
  via?: Rule;
  /** A terminal NAT target (REDIRECT/SNAT/DNAT) for the caller to apply. */
  nat?: Rule;
  /**
   * The last RETURN rule that matched on the way: the rule that let the packet out of the chain
   * that would otherwise have dropped it (a security-group rule, or the ESTABLISHED shortcut).
   */
  returned?: Rule;
  /** MARK rules that matched on the way (non-terminal). */
  marks: { rule: Rule; chain: string }[];
}

/** Shared empty list: most chain walks set no mark, so they allocate none. */
export const NO_MARKS: { rule: Rule; chain: string }[] = [];

export interface CChain {
  name: string;
  table: CTable;
  src: Rule[];
  /** Compiled on first entry. */
  rules: CRule[] | null;
  /** Rule positions by the bridge ports a packet passes (see `order`); null: walk them all. */
  index: ChainIndex | null;
}

/** Rule targets, as small numbers. */
export const T_JUMP = 0, T_RETURN = 1, T_MARK = 2, T_ACCEPT = 3, T_DROP = 4, T_NAT = 5;

/** One bit per match a rule has. */
const PHYSDEV_OUT = 1 << 0, PHYSDEV_IN = 1 << 1, BRIDGED = 1 << 2, IN_IFACE = 1 << 3, OUT_IFACE = 1 << 4, NOT_OUT_IFACE = 1 << 5,
  PROTO = 1 << 6, SPORT = 1 << 7, DPORT = 1 << 8, MARK = 1 << 9, CTSTATE = 1 << 10, NOT_CT_DNAT = 1 << 11, MAC_SRC = 1 << 12,
  CIDR = 1 << 13, SRC_SET = 1 << 14, DST_SET = 1 << 15, NOT_MARK = 1 << 16, CT_DNAT = 1 << 17,
  NOT_IN_IFACE = 1 << 18, ICMP = 1 << 19;

/** An interface pattern: `qr-+` is a prefix wildcard as in iptables. */
export interface IfacePattern {
  text: string;
  prefix: string | null;
}

export interface IpSetRef {
  members: string[] | undefined;
  set: ParsedSet | null;
}

/** A `hash:net` set: exact addresses, and the CIDR members (an allowed address pair may be a network). */
interface ParsedSet {
  hosts: Set<number>;
  nets: Cidr[];
}

export interface CRule {
  rule: Rule;
  target: number;
  /** Jump: the target chain (null when the table has no such chain); MARK: value and mask. */
  jump: CChain | null;
  markValue: number;
  markMask: number;
  /** Which checks the rule has (one bit each); the fields below are only read when their bit is set. */
  flags: number;
  physdevOut: string | undefined;
  physdevIn: string | undefined;
  inIface: IfacePattern | null;
  outIface: IfacePattern | null;
  notInIface: IfacePattern | null;
  notOutIface: IfacePattern | null;
  proto: string | undefined;
  sport: number | undefined;
  dport: number | undefined;
  dportMax: number | undefined;
  /** `--icmp-type`: -1 when the rule gives no code. */
  icmpType: number;
  icmpCode: number;
  matchMarkValue: number;
  matchMarkMask: number;
  notMarkValue: number;
  notMarkMask: number;
  ctstate: string[] | null;
  ctNew: boolean;
  ctEstablished: boolean;
  macSrc: string | undefined;
  /** Parsed addresses; `cidrError` when one does not parse: the check then throws, as parsing would. */
  src: Cidr | null;
  dst: Cidr | null;
  notSrc: Cidr | null;
  notDst: Cidr | null;
  cidrError: boolean;
  srcSet: IpSetRef | null;
  dstSet: IpSetRef | null;
}

export function compileNetfilter(data: Netfilter): CompiledNetfilter {
  return { data, raw: null, mangle: null, nat: null, filter: null, sets: new Map() };
}

/** The built-in chain a walk starts from, and the policy that applies when it falls off the end. */
export function chainEntry(nf: CompiledNetfilter, table: TableName, chain: string): ChainEntry {
  const t = tableOf(nf, table);
  let e = t.entries.get(chain);
  if (!e) {
    const policies = nf.data.policies;
    const policy = policies ? policies[`${table}:${chain}`] ?? 'ACCEPT' : 'ACCEPT';
    const c = t.src?.[chain] ? chainOf(t, chain) : null;
    const empty = c ? null : Object.freeze({ verdict: policy, rule: undefined, chain: undefined, nat: undefined, marks: NO_MARKS });
    e = { chain: c, policy, empty };
    t.entries.set(chain, e);
  }
  return e;
}

function tableOf(nf: CompiledNetfilter, table: TableName): CTable {
  const t = nf[table];
  if (t) return t;
  return (nf[table] = { nf, src: nf.data.tables[table], chains: new Map(), entries: new Map() });
}

function chainOf(t: CTable, name: string): CChain | null {
  let c = t.chains.get(name);
  if (c === undefined) {
    const src = t.src?.[name];
    c = src ? { name, table: t, src, rules: null, index: null } : null;
    t.chains.set(name, c);
  }
  return c;
}

/** Compiles a chain's rules the first time a packet enters it. */
export function compileChain(c: CChain): CRule[] {
  const rules = c.src.map((r) => compileRule(c.table.nf, c.table, r));
  c.index = indexChain(c.src);
  c.rules = rules;
  return rules;
}

function ifacePattern(text: string): IfacePattern {
  return { text, prefix: text.endsWith('+') ? text.slice(0, -1) : null };
}

function ipSet(nf: CompiledNetfilter, name: string): IpSetRef {
  let s = nf.sets.get(name);
  if (!s) nf.sets.set(name, (s = { members: nf.data.ipsets?.[name], set: null }));
  return s;
}

function compileRule(nf: CompiledNetfilter, table: CTable, rule: Rule): CRule {
  const m = rule.match;
  const t = rule.target;
  let flags = 0;
  if (m.physdevOut !== undefined) flags |= PHYSDEV_OUT;
  if (m.physdevIn !== undefined) flags |= PHYSDEV_IN;
  if (m.physdevIsBridged) flags |= BRIDGED;
  if (m.inIface !== undefined) flags |= IN_IFACE;
  if (m.outIface !== undefined) flags |= OUT_IFACE;
  if (m.notOutIface !== undefined) flags |= NOT_OUT_IFACE;
  if (m.notInIface !== undefined) flags |= NOT_IN_IFACE;
  if (m.proto !== undefined) flags |= PROTO;
  if (m.sport !== undefined) flags |= SPORT;
  if (m.dport !== undefined) flags |= DPORT;
  if (m.icmpType !== undefined) flags |= ICMP;
  if (m.mark) flags |= MARK;
  if (m.ctstate) flags |= CTSTATE;
  if (m.notCtDnat) flags |= NOT_CT_DNAT;
  if (m.notMark) flags |= NOT_MARK;
  if (m.ctDnat) flags |= CT_DNAT;
  if (m.macSrc !== undefined) flags |= MAC_SRC;
  if (m.src || m.dst || m.notSrc || m.notDst) flags |= CIDR;
  if (m.srcSet !== undefined) flags |= SRC_SET;
  if (m.dstSet !== undefined) flags |= DST_SET;
  const c: CRule = {
    rule,
    target: targetOf(t),
    jump: t.type === 'jump' ? chainOf(table, t.chain) : null,
    markValue: t.type === 'MARK' ? t.value : 0,
    markMask: t.type === 'MARK' ? t.mask : 0,
    flags,
    physdevOut: m.physdevOut,
    physdevIn: m.physdevIn,
    inIface: m.inIface !== undefined ? ifacePattern(m.inIface) : null,
    outIface: m.outIface !== undefined ? ifacePattern(m.outIface) : null,
    notInIface: m.notInIface !== undefined ? ifacePattern(m.notInIface) : null,
    notOutIface: m.notOutIface !== undefined ? ifacePattern(m.notOutIface) : null,
    proto: m.proto,
    sport: m.sport,
    dport: m.dport,
    dportMax: m.dportMax,
    icmpType: m.icmpType ?? -1,
    icmpCode: m.icmpCode ?? -1,
    matchMarkValue: m.mark ? m.mark.value : 0,
    matchMarkMask: m.mark ? m.mark.mask : 0,
    notMarkValue: m.notMark ? m.notMark.value : 0,
    notMarkMask: m.notMark ? m.notMark.mask : 0,
    ctstate: m.ctstate ?? null,
    ctNew: !!m.ctstate?.includes('NEW'),
    ctEstablished: !!m.ctstate?.includes('ESTABLISHED'),
    macSrc: m.macSrc,
    src: null, dst: null, notSrc: null, notDst: null, cidrError: false,
    srcSet: m.srcSet !== undefined ? ipSet(nf, m.srcSet) : null,
    dstSet: m.dstSet !== undefined ? ipSet(nf, m.dstSet) : null,
  };
  if (flags & CIDR) {
    try {
      parseCidrs(c, m);
    } catch {
      c.cidrError = true;
    }
  }
  return c;
}

function targetOf(t: Rule['target']): number {
  switch (t.type) {
    case 'jump': return T_JUMP;
    case 'RETURN': return T_RETURN;
    case 'MARK': return T_MARK;
    case 'ACCEPT': return T_ACCEPT;
    case 'DROP': return T_DROP;
    default: return T_NAT;
  }
}

/** Interfaces and bridge ports a packet is passing, as netfilter's matches see them. */
export interface NfContext {
  inIface?: string;
  outIface?: string;
  physdevIn?: string;
  physdevOut?: string;
  bridged?: boolean;
}

function ifaceMatches(pattern: IfacePattern, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.prefix !== null ? name.startsWith(pattern.prefix) : pattern.text === name;
}

/** Whether a compiled rule matches: the checks of `RuleMatch`, in its order, skipping absent ones. */
export function matches(r: CRule, p: Packet, ctx: NfContext): boolean {
  const f = r.flags;
  if (f === 0) return true;
  if (f & PHYSDEV_OUT && r.physdevOut !== ctx.physdevOut) return false;
  if (f & PHYSDEV_IN && r.physdevIn !== ctx.physdevIn) return false;
  if (f & BRIDGED && !ctx.bridged) return false;
  if (f & IN_IFACE && !ifaceMatches(r.inIface!, ctx.inIface)) return false;
  if (f & OUT_IFACE && !ifaceMatches(r.outIface!, ctx.outIface)) return false;
  if (f & NOT_OUT_IFACE && ifaceMatches(r.notOutIface!, ctx.outIface)) return false;
  if (f & NOT_IN_IFACE && ifaceMatches(r.notInIface!, ctx.inIface)) return false;
  if (f & PROTO && r.proto !== p.proto) return false;
  if (f & SPORT && r.sport !== p.sport) return false;
  if (f & DPORT && (r.dportMax === undefined ? r.dport !== p.dport : p.dport < r.dport! || p.dport > r.dportMax)) return false;
  if (f & ICMP && (r.icmpType !== icmpTypeOf(p) || (r.icmpCode >= 0 && r.icmpCode !== icmpCodeOf(p)))) return false;
  if (f & MARK && ((p.mark & r.matchMarkMask) >>> 0) !== r.matchMarkValue) return false;
  if (f & CTSTATE && !(p.ct === 'NEW' ? r.ctNew : p.ct === 'ESTABLISHED' ? r.ctEstablished : r.ctstate!.includes(p.ct))) return false;
  if (f & NOT_CT_DNAT && p.ctDnat) return false;
  if (f & NOT_MARK && ((p.mark & r.notMarkMask) >>> 0) === r.notMarkValue) return false;
  if (f & CT_DNAT && !p.ctDnat) return false;
  if (f & MAC_SRC && r.macSrc !== p.ethSrc) return false;
  if (f & CIDR) {
    if (r.cidrError) parseCidrs(r, r.rule.match); // throws, as parsing on the walk would
    if (r.src && ((p.src & r.src.mask) >>> 0) !== r.src.network) return false;
    if (r.dst && ((p.dst & r.dst.mask) >>> 0) !== r.dst.network) return false;
    if (r.notSrc && ((p.src & r.notSrc.mask) >>> 0) === r.notSrc.network) return false;
    if (r.notDst && ((p.dst & r.notDst.mask) >>> 0) === r.notDst.network) return false;
  }
  if (f & SRC_SET && !inIpSet(r.srcSet!, p.src)) return false;
  if (f & DST_SET && !inIpSet(r.dstSet!, p.dst)) return false;
  return true;
}

/** Parses the rule's address matches in the order a lazy walk would (so the same one throws). */
export function parseCidrs(c: CRule, m: RuleMatch): void {
  if (m.src) c.src = parseCidr(m.src);
  if (m.dst) c.dst = parseCidr(m.dst);
  if (m.notSrc) c.notSrc = parseCidr(m.notSrc);
  if (m.notDst) c.notDst = parseCidr(m.notDst);
}

/** Set membership; members are parsed on first use (a bad member throws there, every time). */
export function inIpSet(s: IpSetRef, ip: number): boolean {
  if (!s.members) return false;
  if (!s.set) s.set = parsedSet(s.members);
  if (s.set.hosts.has(ip)) return true;
  for (const n of s.set.nets) if (((ip & n.mask) >>> 0) === n.network) return true;
  return false;
}

/** Parsed member lists, shared by every namespace whose ipset is the same list (realize shares them). */
const parsedSets = new WeakMap<string[], ParsedSet>();

function parsedSet(members: string[]): ParsedSet {
  let set = parsedSets.get(members);
  if (!set) {
    set = { hosts: new Set(), nets: [] };
    for (const m of members) {
      if (!m.includes('/')) { set.hosts.add(parseIp(m)); continue; }
      const c = parseCidr(m);
      if (c.prefix === 32) set.hosts.add(c.network); else set.nets.push(c);
    }
    parsedSets.set(members, set);
  }
  return set;
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
  /** physdev-in → physdev-out → the merged positions, in chain order. */
  merged: Map<string, Map<string, number[]>>;
}

const INDEX_FROM = 8;

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

/** The positions of the rules that can match a packet passing these bridge ports, in chain order. */
export function order(idx: ChainIndex, physdevIn: string | undefined, physdevOut: string | undefined): number[] {
  const inKey = physdevIn ?? '';
  const outKey = physdevOut ?? '';
  let byOut = idx.merged.get(inKey);
  if (!byOut) idx.merged.set(inKey, (byOut = new Map()));
  let o = byOut.get(outKey);
  if (!o) {
    o = [...(physdevIn ? idx.byIn.get(physdevIn) ?? [] : []), ...(physdevOut ? idx.byOut.get(physdevOut) ?? [] : []), ...idx.rest]
      .sort((a, b) => a - b);
    byOut.set(outKey, o);
  }
  return o;
}
