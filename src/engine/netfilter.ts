import type { Rule, TableName } from '../dataplane/types';
import {
  chainEntry, compileChain, compileNetfilter, matches, NO_MARKS, order, T_ACCEPT, T_DROP, T_JUMP, T_MARK, T_RETURN,
  type CChain, type NfContext, type NfResult,
} from './netfilter-compile';
import type { Packet } from './packet';
import type { RtNamespace } from './runtime';

export type { NfContext, NfResult } from './netfilter-compile';

const MAX_JUMPS = 64;

/**
 * The chain stack of the walk in progress, reused: a chain walk never starts another one, so one
 * set of frames serves every call without allocating. Frame k is a chain, the positions of the
 * rules to try (null: all, in order) and the next one.
 */
const frameChain: CChain[] = [];
const frameOrder: (number[] | null)[] = [];
const framePos: number[] = [];
const frameVia: (Rule | undefined)[] = [];

/**
 * Walks a built-in chain and the chains it jumps to, iptables-style: first matching terminal
 * target wins, RETURN pops to the caller, falling off a built-in chain applies its policy.
 */
export function runChain(ns: RtNamespace, table: TableName, chain: string, pkt: Packet, ctx: NfContext): NfResult {
  const nf = (ns.nf ??= compileNetfilter(ns.data.netfilter));
  const entry = chainEntry(nf, table, chain);
  if (!entry.chain) return entry.empty as NfResult;
  const res: NfResult = { verdict: entry.policy, rule: undefined, chain: undefined, nat: undefined, marks: NO_MARKS, returned: undefined };
  let sp = 0;
  enter(entry.chain, sp++, ctx, undefined);
  let jumps = 0;
  while (sp > 0) {
    const top = sp - 1;
    const c = frameChain[top];
    const positions = frameOrder[top];
    const rules = c.rules!;
    const n = positions ? positions.length : rules.length;
    const i = framePos[top];
    if (i >= n) { sp--; continue; }
    framePos[top] = i + 1;
    const r = rules[positions ? positions[i] : i];
    if (!matches(r, pkt, ctx)) continue;
    switch (r.target) {
      case T_JUMP:
        if (r.jump && jumps++ < MAX_JUMPS) enter(r.jump, sp++, ctx, r.rule);
        continue;
      case T_RETURN: res.returned = r.rule; sp--; continue;
      case T_MARK:
        if (res.marks === NO_MARKS) res.marks = [];
        res.marks.push({ rule: r.rule, chain: c.name });
        pkt.mark = ((pkt.mark & ~r.markMask) | r.markValue) >>> 0;
        continue;
      case T_ACCEPT: res.verdict = 'ACCEPT'; res.rule = r.rule; res.chain = c.name; res.via = frameVia[top]; return res;
      case T_DROP: res.verdict = 'DROP'; res.rule = r.rule; res.chain = c.name; res.via = frameVia[top]; return res;
      default: res.verdict = 'ACCEPT'; res.rule = r.rule; res.chain = c.name; res.nat = r.rule; return res;
    }
  }
  return res;
}

function enter(c: CChain, at: number, ctx: NfContext, via: Rule | undefined): void {
  if (!c.rules) compileChain(c);
  frameChain[at] = c;
  frameVia[at] = via;
  frameOrder[at] = c.index ? order(c.index, ctx.physdevIn, ctx.physdevOut) : null;
  framePos[at] = 0;
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
  if (m.notInIface) parts.push(`! -i ${m.notInIface}`);
  if (m.notOutIface) parts.push(`! -o ${m.notOutIface}`);
  if (m.proto) parts.push(`-p ${m.proto}`);
  if (m.sport !== undefined) parts.push(`--sport ${m.sport}`);
  if (m.dport !== undefined) {
    parts.push(m.dportMax !== undefined ? `-m multiport --dports ${m.dport}:${m.dportMax}` : `--dport ${m.dport}`);
  }
  if (m.icmpType !== undefined) parts.push(`--icmp-type ${m.icmpType}${m.icmpCode !== undefined ? `/${m.icmpCode}` : ''}`);
  if (m.mark) parts.push(`-m mark --mark 0x${m.mark.value.toString(16)}/0x${m.mark.mask.toString(16)}`);
  if (m.ctstate) parts.push(`-m state --state ${m.ctstate.join(',')}`);
  if (m.notMark) parts.push(`-m mark ! --mark 0x${m.notMark.value.toString(16)}/0x${m.notMark.mask.toString(16)}`);
  if (m.notCtDnat) parts.push('-m conntrack ! --ctstate DNAT');
  if (m.ctDnat) parts.push('-m conntrack --ctstate DNAT');
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
    case 'NOTRACK': parts.push('-j CT --notrack'); break;
    default: parts.push(`-j ${t.type}`);
  }
  return parts.join(' ');
}
