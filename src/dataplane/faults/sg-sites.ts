/**
 * Fault kinds of the security-group features beyond rules: allowed address pairs in the
 * anti-spoofing state, the conntrack exemption of stateless groups (iptables_hybrid; the
 * openvswitch firewall ignores `stateful`), and the conjunctive flows the openvswitch firewall
 * builds for remote groups (openvswitch_firewall/firewall.py, rules.py; neutron-facts §6).
 */
import { BRIDGE, PREFIX } from '../names';
import { tableNamed } from '../tables';
import type { Dataplane, Flow, Rule } from '../types';
import { FaultError } from './errors';
import { bridgeAt, bridgesOf, instanceTapsOf, namespaceAt, namespacesOf, sameMatch } from './places';
import type { FlowMatch } from '../types';

export type SecurityGroupFault =
  /**
   * An allowed address pair is missing from a port's anti-spoofing state: its RETURN in the
   * port's `neutron-openvswi-s…` chain (iptables_hybrid), or its IP and ARP flows in br-int
   * table 71 (openvswitch). The guest may no longer send from the pair's address.
   */
  | { kind: 'address-pair-missing'; host: string; tap: string; address: string }
  /**
   * iptables_hybrid: a stateless port's `raw PREROUTING … -j CT --notrack` rules are missing (it
   * is tracked as a stateful port is), or a stateful port got them (its answers are never
   * ESTABLISHED).
   */
  | { kind: 'sg-notrack'; host: string; tap: string; mode: 'missing' | 'extra' }
  /** openvswitch firewall: one flow of a remote group's conjunction is missing (a member's clause, a rule's clause, or the `conj_id` flow that accepts). */
  | { kind: 'conjunction-flow-missing'; host: string; table: number; priority: number; match: FlowMatch; conjunction: number };

export type SecurityGroupFaultKind = SecurityGroupFault['kind'];
export const SECURITY_GROUP_FAULT_KINDS = ['address-pair-missing', 'sg-notrack', 'conjunction-flow-missing'] as const satisfies readonly SecurityGroupFaultKind[];

const SPOOF_CHAIN = 'neutron-openvswi-s';
const bare = (cidr: string) => (cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr);
const spoofChainOf = (tap: string) => `${SPOOF_CHAIN}${tap.slice(PREFIX.tap.length, PREFIX.tap.length + 10)}`;
const statelessComment = (tap: string) => `Make ${tap.slice(PREFIX.tap.length)} stateless`;

function rootOf(dp: Dataplane, host: string) {
  return namespacesOf(dp).find((x) => x.host === host && x.ns.name === 'root')?.ns;
}

/** Addresses other than the port's own that its anti-spoofing admits (the allowed address pairs), by driver. */
function pairAddresses(dp: Dataplane, host: string, tap: string, own: string): string[] {
  const chain = rootOf(dp, host)?.netfilter.tables.filter?.[spoofChainOf(tap)] ?? [];
  const hybrid = chain.flatMap((r) => (r.target.type === 'RETURN' && r.match.src ? [bare(r.match.src)] : []));
  const br = bridgesOf(dp, BRIDGE.integration).find((b) => b.host === host)?.br;
  const native = (br?.flows ?? []).filter((f) => f.table === tableNamed(br!, 'BASE_EGRESS') && f.match.inPort === tap)
    .flatMap((f) => [f.match.nwSrc, f.match.arpSpa].filter((a): a is string => a !== undefined).map(bare));
  return [...new Set([...hybrid, ...native])].filter((a) => a !== own);
}

function conjunctionOf(f: Flow): number | undefined {
  if (f.match.conjId !== undefined) return f.match.conjId;
  const a = f.actions.find((x) => x.type === 'conjunction');
  return a?.type === 'conjunction' ? a.id : undefined;
}

const isNotrack = (r: Rule) => r.target.type === 'NOTRACK';

type Sites = { [K in SecurityGroupFaultKind]: (dp: Dataplane) => Extract<SecurityGroupFault, { kind: K }>[] };

export const SECURITY_GROUP_SITES: Sites = {
  'address-pair-missing': (dp) => instanceTapsOf(dp).flatMap(({ host, tap, ip }) => pairAddresses(dp, host, tap, ip)
    .map((address) => ({ kind: 'address-pair-missing' as const, host, tap, address }))),

  // Only where iptables filters the port (it has an egress chain): the openvswitch firewall ignores `stateful`.
  'sg-notrack': (dp) => instanceTapsOf(dp).flatMap(({ host, tap }) => {
    const root = rootOf(dp, host);
    if (!Object.keys(root?.netfilter.tables.filter ?? {}).some((c) => c === `neutron-openvswi-o${tap.slice(3, 13)}`)) return [];
    const stateless = (root?.netfilter.tables.raw?.PREROUTING ?? []).some((r) => isNotrack(r) && r.comment === statelessComment(tap));
    return [{ kind: 'sg-notrack' as const, host, tap, mode: stateless ? 'missing' as const : 'extra' as const }];
  }),

  'conjunction-flow-missing': (dp) => bridgesOf(dp, BRIDGE.integration).flatMap(({ host, br }) => br.flows.flatMap((f) => {
    const conjunction = conjunctionOf(f);
    return conjunction === undefined ? [] : [{ kind: 'conjunction-flow-missing' as const, host, table: f.table, priority: f.priority, match: { ...f.match }, conjunction }];
  })),
};

export function applySecurityGroupFault(dp: Dataplane, f: SecurityGroupFault): void {
  switch (f.kind) {
    case 'address-pair-missing': {
      const root = namespaceAt(dp, f.host, 'root');
      const chains = root.netfilter.tables.filter ?? {};
      const name = spoofChainOf(f.tap);
      let removed = 0;
      if (chains[name]) {
        const kept = chains[name].filter((r) => !(r.target.type === 'RETURN' && r.match.src && bare(r.match.src) === f.address));
        removed += chains[name].length - kept.length;
        chains[name] = kept;
      }
      const br = dp.hosts.find((h) => h.name === f.host)?.devices.find((d) => d.kind === 'ovs' && d.name === BRIDGE.integration);
      if (br?.kind === 'ovs') {
        const kept = br.flows.filter((x) => !(x.table === tableNamed(br, 'BASE_EGRESS') && x.match.inPort === f.tap
          && [x.match.nwSrc, x.match.arpSpa].some((a) => a !== undefined && bare(a) === f.address)));
        removed += br.flows.length - kept.length;
        br.flows = kept;
      }
      if (!removed) throw new FaultError(`the anti-spoofing state of ${f.tap}@${f.host} admits no ${f.address}`);
      return;
    }
    case 'sg-notrack': {
      const root = namespaceAt(dp, f.host, 'root');
      const raw = (root.netfilter.tables.raw ??= {});
      const chain = (raw.PREROUTING ??= []);
      const comment = statelessComment(f.tap);
      const mine = chain.filter((r) => isNotrack(r) && r.comment === comment);
      if (f.mode === 'missing') {
        if (!mine.length) throw new FaultError(`${f.tap}@${f.host} is not exempt from conntrack`);
        raw.PREROUTING = chain.filter((r) => !mine.includes(r));
        return;
      }
      if (mine.length) throw new FaultError(`${f.tap}@${f.host} is already exempt from conntrack`);
      const qvb = PREFIX.vethBridgeSide + f.tap.slice(PREFIX.tap.length);
      const target = { type: 'NOTRACK' } as const;
      chain.push({ match: { physdevIn: qvb }, target, comment }, { match: { inIface: qvb }, target, comment }, { match: { physdevIn: f.tap }, target, comment });
      return;
    }
    case 'conjunction-flow-missing': {
      const br = bridgeAt(dp, f.host, BRIDGE.integration);
      const i = br.flows.findIndex((x) => x.table === f.table && x.priority === f.priority && sameMatch(x.match, f.match) && conjunctionOf(x) === f.conjunction);
      if (i < 0) throw new FaultError(`br-int@${f.host} has no flow of conjunction ${f.conjunction} in table ${f.table} matching ${JSON.stringify(f.match)}`);
      br.flows.splice(i, 1);
      return;
    }
  }
}

export function describeSecurityGroupFault(f: SecurityGroupFault): string {
  switch (f.kind) {
    case 'address-pair-missing': return `address-pair-missing ${f.address} of ${f.tap}@${f.host}`;
    case 'sg-notrack': return `sg-notrack ${f.mode === 'missing' ? 'missing for stateless' : 'extra on stateful'} ${f.tap}@${f.host}`;
    case 'conjunction-flow-missing': return `conjunction-flow-missing br-int@${f.host} table=${f.table} conjunction ${f.conjunction} ${Object.entries(f.match).map(([k, v]) => `${k}=${String(v)}`).join(',')}`;
  }
}
