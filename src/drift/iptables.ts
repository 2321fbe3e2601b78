import type { Netfilter, Rule, TableName } from '../dataplane/types';
import { renderRule } from '../captured/iptables';
import { compareKeyed, compareMultiset, compareNames, type DriftSink, type Fields } from './compare';
import type { Namespace } from '../dataplane/types';

const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];
/** Built-in chains: without a policy set, ACCEPT. */
const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/**
 * A namespace's netfilter: per table and chain, the rules as a multiset (counters are not state;
 * comments are not meaning; chain names embedding port ids are compared as they are), and, when
 * the same rules stand in another order, the order, which iptables evaluates; each chain's
 * policy; the ipsets and their members. In the root namespace, chains realize does not build
 * belong to the node's other services and are not compared.
 */
export function compareNetfilter(sink: DriftSink, node: string, e: Namespace, a: Namespace, ipsets = true): void {
  const root = e.name === 'root';
  const policies = (nf: Netfilter, only?: Netfilter) => {
    const out = new Map<string, Fields>();
    for (const t of TABLES) for (const [chain, rules] of Object.entries(nf.tables[t] ?? {})) {
      if (only && !Object.hasOwn(only.tables[t] ?? {}, chain)) continue;
      const policy = nf.policies?.[`${t}:${chain}`] ?? (BUILTIN.has(chain) ? 'ACCEPT' : '-');
      // An empty chain that accepts is no state: iptables-save shows the built-in ones whether or not anyone wrote them.
      if (!rules.length && policy !== 'DROP') continue;
      out.set(`${t} ${chain}`, { policy });
    }
    return out;
  };
  const ePol = policies(e.netfilter), aPol = policies(a.netfilter, root ? e.netfilter : undefined);
  compareKeyed(sink, { node, kind: 'iptables-policy', where: e.name }, ePol, aPol);
  if (root) {
    const others = TABLES.reduce((n, t) => n + Object.keys(a.netfilter.tables[t] ?? {}).filter((c) => !Object.hasOwn(e.netfilter.tables[t] ?? {}, c)).length, 0);
    if (others) sink.skip(node, 'root namespace iptables chains realize does not build (other services\')', others);
  }
  for (const key of new Set([...ePol.keys(), ...aPol.keys()])) {
    const [t, chain] = key.split(' ') as [TableName, string];
    const er = e.netfilter.tables[t]?.[chain] ?? [], ar = a.netfilter.tables[t]?.[chain] ?? [];
    const place = { node, kind: 'iptables' as const, where: `${e.name} ${t} ${chain}` };
    const eKeys = er.map(ruleText(chain)), aKeys = ar.map(ruleText(chain));
    const before = sink.items.length;
    compareMultiset(sink, place, eKeys, aKeys);
    if (sink.items.length === before && eKeys.some((k, i) => k !== aKeys[i])) {
      sink.add(place, `-A ${chain}: the same ${er.length} rules in another order`, 'differs', [{ field: 'order', expected: eKeys.join(' | '), actual: aKeys.join(' | ') }]);
    }
  }
  if (!ipsets) { sink.skip(node, `${e.name}: ipsets (ipset list not captured)`); return; }
  const sets = (nf: Netfilter) => Object.entries(nf.ipsets ?? {});
  compareNames(sink, { node, kind: 'ipset', where: e.name }, sets(e.netfilter).map(([n]) => n), sets(a.netfilter).map(([n]) => n));
  const members = (nf: Netfilter, only: Netfilter) => sets(nf).filter(([n]) => Object.hasOwn(only.ipsets ?? {}, n)).flatMap(([n, m]) => m.map((x) => `${n} member ${x}`));
  compareNames(sink, { node, kind: 'ipset', where: e.name }, members(e.netfilter, a.netfilter), members(a.netfilter, e.netfilter));
}

/** A rule as iptables-save prints it, without its comment. */
function ruleText(chain: string): (r: Rule) => string {
  return (r) => {
    const { comment: _comment, ...rest } = r;
    void _comment;
    // Fields iptables-save's renderer does not print still tell two rules apart.
    const m = r.match;
    const more = [m.notInIface !== undefined ? `! -i ${m.notInIface}` : '', m.icmpType !== undefined ? `--icmp-type ${m.icmpType}${m.icmpCode !== undefined ? `/${m.icmpCode}` : ''}` : '']
      .filter(Boolean).map((x) => ` [${x}]`).join('');
    return `-A ${chain} ${renderRule(rest)}${more}`;
  };
}
