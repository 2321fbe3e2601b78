import type { Netfilter, Rule, RuleMatch, RuleTarget, TableName } from '../dataplane/types';
import { isCidr, isIpv4 } from '../net/ipv4';
import { LineError } from './issues';

/**
 * `iptables-save [-c]` as the engine's netfilter state: tables, chains with their policies, and
 * the rules whose every match and target the engine evaluates. A rule with anything else is left
 * out with the reason; a rule without a target only counts packets and has no effect.
 */
export interface ParsedNetfilter {
  netfilter: Netfilter;
  rejected: { line: number; text: string; reason: string }[];
}

const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];
const CTSTATES = new Set(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED']);

export function parseIptablesSave(text: string): ParsedNetfilter {
  const nf: Netfilter = { tables: {} };
  const policies: Record<string, 'ACCEPT' | 'DROP'> = {};
  const rejected: ParsedNetfilter['rejected'] = [];
  let table: Record<string, Rule[]> | null = null;
  let tableName = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const reject = (reason: string) => rejected.push({ line: i + 1, text: line, reason });
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      tableName = line.slice(1);
      if (!TABLES.includes(tableName as TableName)) { table = null; reject(`table ${tableName}: not one the engine walks`); return; }
      table = (nf.tables[tableName as TableName] ??= {});
      return;
    }
    if (line === 'COMMIT') { table = null; return; }
    if (!table) { if (TABLES.includes(tableName as TableName)) reject('outside any table'); return; }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/);
      table[name] ??= [];
      if (policy === 'ACCEPT' || policy === 'DROP') policies[`${tableName}:${name}`] = policy;
      else if (policy !== '-') reject(`chain ${name}: policy ${policy} is not ACCEPT or DROP`);
      return;
    }
    try {
      const parsed = parseRule(line);
      if (!parsed) return;
      (table[parsed.chain] ??= []).push(parsed.rule);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      reject(e.message);
    }
  });
  if (Object.keys(policies).length) nf.policies = policies;
  return { netfilter: nf, rejected };
}

/** Words as the shell would split them: iptables-save quotes comments ("…", with \" inside). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '', quoted = false, inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') { quoted = true; inWord = true; }
    else if (/\s/.test(c)) { if (inWord) words.push(cur); cur = ''; inWord = false; }
    else { cur += c; inWord = true; }
  }
  if (quoted) throw new LineError('an unterminated quote');
  if (inWord) words.push(cur);
  return words;
}

function parseRule(line: string): { chain: string; rule: Rule } | null {
  const w = shellWords(line.replace(/^\[\d+:\d+\]\s*/, ''));
  if (w[0] !== '-A' || !w[1]) throw new LineError('not a rule (-A CHAIN …)');
  const chain = w[1];
  const match: RuleMatch = {};
  let target: RuleTarget | undefined;
  let comment: string | undefined;
  let negate = false;
  const value = (i: number, what: string) => {
    const v = w[i];
    if (v === undefined) throw new LineError(`${what} without a value`);
    return v;
  };
  const noNegation = (opt: string) => { if (negate) throw new LineError(`! ${opt}: a negation the engine does not evaluate`); };
  for (let i = 2; i < w.length; i++) {
    const opt = w[i];
    if (opt === '!') { negate = true; continue; }
    switch (opt) {
      case '-s': case '-d': {
        const a = cidr(value(++i, opt), opt);
        if (opt === '-s') { if (negate) match.notSrc = a; else match.src = a; } else if (negate) match.notDst = a; else match.dst = a;
        break;
      }
      case '-i': noNegation(opt); match.inIface = value(++i, opt); break;
      case '-o': if (negate) match.notOutIface = value(++i, opt); else match.outIface = value(++i, opt); break;
      case '-p': {
        noNegation(opt);
        const p = value(++i, opt);
        if (p !== 'tcp' && p !== 'udp' && p !== 'icmp') throw new LineError(`-p ${p}: a protocol the engine does not walk`);
        match.proto = p;
        break;
      }
      case '-m': {
        const mod = value(++i, opt);
        if (!['tcp', 'udp', 'icmp', 'mark', 'state', 'conntrack', 'physdev', 'mac', 'set', 'comment'].includes(mod)) {
          throw new LineError(`-m ${mod}: a match module the engine does not evaluate`);
        }
        break;
      }
      case '--sport': noNegation(opt); match.sport = port(value(++i, opt), opt); break;
      case '--dport': {
        noNegation(opt);
        const [min, max] = value(++i, opt).split(':');
        match.dport = port(min, opt);
        if (max !== undefined) match.dportMax = port(max, opt);
        break;
      }
      case '--mark': {
        const m = mark(value(++i, opt));
        if (negate) match.notMark = m; else match.mark = m;
        break;
      }
      case '--state': case '--ctstate': {
        const states = value(++i, opt).split(',');
        if (states.length === 1 && states[0] === 'DNAT') {
          if (negate) match.notCtDnat = true; else match.ctDnat = true;
          break;
        }
        noNegation(opt);
        for (const s of states) if (!CTSTATES.has(s)) throw new LineError(`${opt} ${s}: a state the engine does not track`);
        match.ctstate = states as RuleMatch['ctstate'];
        break;
      }
      case '--physdev-in': noNegation(opt); match.physdevIn = value(++i, opt); break;
      case '--physdev-out': noNegation(opt); match.physdevOut = value(++i, opt); break;
      case '--physdev-is-bridged': noNegation(opt); match.physdevIsBridged = true; break;
      case '--mac-source': noNegation(opt); match.macSrc = value(++i, opt).toLowerCase(); break;
      case '--match-set': {
        noNegation(opt);
        const name = value(++i, opt);
        const dir = value(++i, opt);
        if (dir === 'src') match.srcSet = name;
        else if (dir === 'dst') match.dstSet = name;
        else throw new LineError(`--match-set ${name} ${dir}: only one direction, src or dst`);
        break;
      }
      case '--comment': comment = value(++i, opt); break;
      case '-j': {
        target = parseTarget(value(++i, opt), w.slice(i + 1));
        i = w.length;
        break;
      }
      default:
        throw new LineError(`${negate ? '! ' : ''}${opt}: an option the engine does not evaluate`);
    }
    negate = false;
  }
  if (!target) return null;
  const rule: Rule = { match, target };
  if (comment !== undefined) rule.comment = comment;
  return { chain, rule };
}

function parseTarget(name: string, rest: string[]): RuleTarget {
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    if (!rest[i].startsWith('--')) throw new LineError(`-j ${name}: unexpected ${rest[i]}`);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) opts.set(rest[i], '');
    else opts.set(rest[i], rest[++i]);
  }
  const only = (...allowed: string[]) => {
    for (const k of opts.keys()) if (!allowed.includes(k)) throw new LineError(`-j ${name} ${k}: an option the engine does not model`);
  };
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN': only(); return { type: name };
    case 'REDIRECT': only('--to-ports'); return { type: 'REDIRECT', toPort: port(opts.get('--to-ports') ?? '', '--to-ports') };
    case 'SNAT': only('--to-source', '--random-fully', '--random'); return { type: 'SNAT', toSource: single(opts.get('--to-source'), '--to-source') };
    case 'DNAT': only('--to-destination'); return { type: 'DNAT', toDestination: single(opts.get('--to-destination'), '--to-destination') };
    case 'MARK': {
      only('--set-xmark', '--set-mark');
      const m = mark(opts.get('--set-xmark') ?? opts.get('--set-mark') ?? '');
      return { type: 'MARK', value: m.value, mask: m.mask };
    }
    case 'CT': if (opts.has('--notrack') && opts.size === 1) return { type: 'NOTRACK' }; throw new LineError('-j CT without --notrack: not modelled');
    case 'NOTRACK': only(); return { type: 'NOTRACK' };
    case 'LOG': case 'REJECT': case 'MASQUERADE': case 'CHECKSUM': case 'TCPMSS': case 'CONNMARK':
      throw new LineError(`-j ${name}: a target the engine does not model`);
    default:
      if (rest.length) throw new LineError(`-j ${name}: a chain with options`);
      return { type: 'jump', chain: name };
  }
}

function single(v: string | undefined, what: string): string {
  if (!v || !isIpv4(v)) throw new LineError(`${what} ${v ?? ''}: not a single IPv4 address`);
  return v;
}

function cidr(text: string, what: string): string {
  if (!isIpv4(text) && !isCidr(text)) throw new LineError(`${what} ${text}: not an IPv4 address or CIDR`);
  return text;
}

function port(text: string, what: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new LineError(`${what} ${text}: not a port number`);
  return n;
}

function mark(text: string): { value: number; mask: number } {
  const [v, m] = text.split('/');
  const num = (s: string) => (/^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^\d+$/.test(s) ? Number(s) : NaN);
  const value = num(v), mask = m === undefined ? 0xffffffff : num(m);
  if (Number.isNaN(value) || Number.isNaN(mask)) throw new LineError(`mark ${text}: not value/mask`);
  return { value, mask };
}

// ------------------------------------------------------------------------------------ render

/** The state as `iptables-save -c` prints it (the inverse of parseIptablesSave). */
export function renderIptablesSave(nf: Netfilter): string {
  const out: string[] = ['# Generated by iptables-save v1.8.9 (nf_tables)'];
  for (const t of TABLES) {
    const chains = nf.tables[t];
    if (!chains) continue;
    out.push(`*${t}`);
    for (const name of Object.keys(chains)) out.push(`:${name} ${nf.policies?.[`${t}:${name}`] ?? (BUILTIN.has(name) ? 'ACCEPT' : '-')} [0:0]`);
    for (const [name, rules] of Object.entries(chains)) for (const r of rules) out.push(`[0:0] -A ${name} ${renderRule(r)}`);
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export function renderRule(r: Rule): string {
  const m = r.match;
  const p: string[] = [];
  const addr = (a: string) => (a.includes('/') ? a : `${a}/32`);
  if (m.src) p.push('-s', addr(m.src));
  if (m.notSrc) p.push('!', '-s', addr(m.notSrc));
  if (m.dst) p.push('-d', addr(m.dst));
  if (m.notDst) p.push('!', '-d', addr(m.notDst));
  if (m.inIface) p.push('-i', m.inIface);
  if (m.outIface) p.push('-o', m.outIface);
  if (m.notOutIface) p.push('!', '-o', m.notOutIface);
  if (m.proto) p.push('-p', m.proto);
  if (m.sport !== undefined || m.dport !== undefined) p.push('-m', m.proto ?? 'tcp');
  if (m.sport !== undefined) p.push('--sport', String(m.sport));
  if (m.dport !== undefined) p.push('--dport', m.dportMax !== undefined ? `${m.dport}:${m.dportMax}` : String(m.dport));
  const hex = (x: { value: number; mask: number }) => `0x${x.value.toString(16)}/0x${x.mask.toString(16)}`;
  if (m.mark) p.push('-m', 'mark', '--mark', hex(m.mark));
  if (m.notMark) p.push('-m', 'mark', '!', '--mark', hex(m.notMark));
  if (m.ctstate) p.push('-m', 'state', '--state', m.ctstate.join(','));
  if (m.ctDnat) p.push('-m', 'conntrack', '--ctstate', 'DNAT');
  if (m.notCtDnat) p.push('-m', 'conntrack', '!', '--ctstate', 'DNAT');
  if (m.physdevIn || m.physdevOut || m.physdevIsBridged) {
    p.push('-m', 'physdev');
    if (m.physdevIn) p.push('--physdev-in', m.physdevIn);
    if (m.physdevOut) p.push('--physdev-out', m.physdevOut);
    if (m.physdevIsBridged) p.push('--physdev-is-bridged');
  }
  if (m.macSrc) p.push('-m', 'mac', '--mac-source', m.macSrc.toUpperCase());
  if (m.srcSet) p.push('-m', 'set', '--match-set', m.srcSet, 'src');
  if (m.dstSet) p.push('-m', 'set', '--match-set', m.dstSet, 'dst');
  if (r.comment !== undefined) p.push('-m', 'comment', '--comment', `"${r.comment.replace(/["\\]/g, (c) => `\\${c}`)}"`);
  p.push('-j', ...renderTarget(r.target));
  return p.join(' ');
}

function renderTarget(t: RuleTarget): string[] {
  switch (t.type) {
    case 'ACCEPT': case 'DROP': case 'RETURN': return [t.type];
    case 'jump': return [t.chain];
    case 'REDIRECT': return ['REDIRECT', '--to-ports', String(t.toPort)];
    case 'SNAT': return ['SNAT', '--to-source', t.toSource];
    case 'DNAT': return ['DNAT', '--to-destination', t.toDestination];
    case 'MARK': return ['MARK', '--set-xmark', `0x${t.value.toString(16)}/0x${t.mask.toString(16)}`];
    case 'NOTRACK': return ['CT', '--notrack'];
  }
}
