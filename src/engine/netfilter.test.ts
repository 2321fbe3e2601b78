import { describe, expect, it } from '@jest/globals';
import type { Netfilter, Rule, RuleMatch } from '../dataplane/types';
import { referenceCloud } from '../model/reference';
import { parseIp } from '../net/ipv4';
import { realize } from '../realize';
import { namespace } from '../testing/dataplane-helpers';
import { namespaceOf } from './index';
import { runChain, ruleText, type NfContext } from './netfilter';
import { ipPacket, type Packet } from './packet';
import { runtimeOf } from './runtime';

const BASE = realize(referenceCloud());

/** A real runtime namespace (vm1's) whose netfilter is replaced by `nf`. */
function nsWith(nf: Netfilter) {
  const dp = structuredClone(BASE);
  namespace(dp, 'compute1', 'vm1').netfilter = nf;
  return namespaceOf(runtimeOf(dp), 'compute1', 'vm1');
}

const pkt = (fields: Partial<Packet> = {}): Packet => ipPacket({
  src: parseIp('192.168.1.11'), dst: parseIp('192.168.1.12'), proto: 'tcp', sport: 33000, dport: 80, ...fields,
});
const rule = (match: RuleMatch, target: Rule['target'], comment?: string): Rule => (comment ? { match, target, comment } : { match, target });
const ACCEPT = { type: 'ACCEPT' } as const;
const DROP = { type: 'DROP' } as const;
const RETURN = { type: 'RETURN' } as const;
const jump = (chain: string) => ({ type: 'jump', chain }) as const;

/** Runs filter FORWARD with `rules` and returns the verdict and deciding rule's comment. */
function forward(rules: Record<string, Rule[]>, p: Packet, ctx: NfContext = {}, extra: Partial<Netfilter> = {}) {
  const r = runChain(nsWith({ tables: { filter: rules }, ...extra }), 'filter', 'FORWARD', p, ctx);
  return { verdict: r.verdict, by: r.rule?.comment, chain: r.chain, result: r };
}

describe('runChain: chains, jumps and RETURN', () => {
  it('first matching terminal rule wins, in order', () => {
    const rules = { FORWARD: [rule({ proto: 'udp' }, DROP, 'udp'), rule({ proto: 'tcp' }, ACCEPT, 'tcp'), rule({}, DROP, 'rest')] };
    expect(forward(rules, pkt())).toMatchObject({ verdict: 'ACCEPT', by: 'tcp', chain: 'FORWARD' });
    expect(forward(rules, pkt({ proto: 'udp' }))).toMatchObject({ verdict: 'DROP', by: 'udp' });
    expect(forward(rules, pkt({ proto: 'icmp' }))).toMatchObject({ verdict: 'DROP', by: 'rest' });
  });

  it('a jump walks the user chain; RETURN resumes the caller after the jump', () => {
    const rules = {
      FORWARD: [rule({}, jump('sg')), rule({ dport: 80 }, DROP, 'after the jump')],
      sg: [rule({ dport: 80 }, RETURN, 'return'), rule({}, ACCEPT, 'in sg')],
    };
    expect(forward(rules, pkt({ dport: 80 }))).toMatchObject({ verdict: 'DROP', by: 'after the jump', chain: 'FORWARD' });
    expect(forward(rules, pkt({ dport: 22 }))).toMatchObject({ verdict: 'ACCEPT', by: 'in sg', chain: 'sg' });
  });

  it('falling off the end of a user chain returns to the caller, nested jumps too', () => {
    const rules = {
      FORWARD: [rule({}, jump('a')), rule({}, ACCEPT, 'back in FORWARD')],
      a: [rule({}, jump('b'))],
      b: [rule({ proto: 'udp' }, DROP, 'udp in b')],
    };
    expect(forward(rules, pkt())).toMatchObject({ verdict: 'ACCEPT', by: 'back in FORWARD' });
    expect(forward(rules, pkt({ proto: 'udp' }))).toMatchObject({ verdict: 'DROP', by: 'udp in b', chain: 'b' });
  });

  it('a jump to a chain that does not exist is skipped', () => {
    expect(forward({ FORWARD: [rule({}, jump('missing')), rule({}, DROP, 'next')] }, pkt())).toMatchObject({ verdict: 'DROP', by: 'next' });
  });
});

describe('runChain: built-in chain policy', () => {
  it('applies the policy when no rule decides, and reports no rule', () => {
    const r = forward({ FORWARD: [rule({ proto: 'udp' }, ACCEPT)] }, pkt(), {}, { policies: { 'filter:FORWARD': 'DROP' } });
    expect(r.verdict).toBe('DROP');
    expect(r.result.rule).toBeUndefined();
  });

  it('RETURN in the built-in chain itself applies the policy', () => {
    const rules = { FORWARD: [rule({}, RETURN), rule({}, ACCEPT, 'never reached')] };
    expect(forward(rules, pkt(), {}, { policies: { 'filter:FORWARD': 'DROP' } }).verdict).toBe('DROP');
  });

  it('defaults to ACCEPT, also for a chain or table that is absent', () => {
    expect(forward({}, pkt()).verdict).toBe('ACCEPT');
    expect(runChain(nsWith({ tables: {} }), 'nat', 'PREROUTING', pkt(), {}).verdict).toBe('ACCEPT');
  });

  it('a policy is per table and chain', () => {
    const ns = nsWith({ tables: { filter: { INPUT: [], FORWARD: [] } }, policies: { 'filter:INPUT': 'DROP' } });
    expect(runChain(ns, 'filter', 'INPUT', pkt(), {}).verdict).toBe('DROP');
    expect(runChain(ns, 'filter', 'FORWARD', pkt(), {}).verdict).toBe('ACCEPT');
  });
});

describe('runChain: matches', () => {
  it('-i qr-+ is a prefix wildcard; -i without + is exact; no input interface never matches', () => {
    const rules = { FORWARD: [rule({ inIface: 'qr-+' }, DROP, 'qr-+'), rule({ inIface: 'qg-1' }, DROP, 'qg-1')] };
    expect(forward(rules, pkt(), { inIface: 'qr-eacd7d7e-9a' }).by).toBe('qr-+');
    expect(forward(rules, pkt(), { inIface: 'qg-1' }).by).toBe('qg-1');
    expect(forward(rules, pkt(), { inIface: 'qg-12' }).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt(), { inIface: 'qrx' }).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt(), {}).verdict).toBe('ACCEPT');
  });

  it('! -o negates the output interface match', () => {
    const rules = { FORWARD: [rule({ notOutIface: 'qg-1' }, DROP, 'not to qg-1')] };
    expect(forward(rules, pkt(), { outIface: 'qr-1' }).verdict).toBe('DROP');
    expect(forward(rules, pkt(), { outIface: 'qg-1' }).verdict).toBe('ACCEPT');
  });

  it('physdev-in/out and --physdev-is-bridged', () => {
    const rules = {
      FORWARD: [
        rule({ physdevOut: 'tapA', physdevIsBridged: true }, DROP, 'to tapA'),
        rule({ physdevIn: 'tapA', physdevIsBridged: true }, DROP, 'from tapA'),
      ],
    };
    expect(forward(rules, pkt(), { physdevIn: 'qvbA', physdevOut: 'tapA', bridged: true }).by).toBe('to tapA');
    expect(forward(rules, pkt(), { physdevIn: 'tapA', physdevOut: 'qvbA', bridged: true }).by).toBe('from tapA');
    expect(forward(rules, pkt(), { physdevIn: 'tapA', physdevOut: 'qvbA', bridged: false }).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt(), { physdevIn: 'tapB', physdevOut: 'qvbB', bridged: true }).verdict).toBe('ACCEPT');
  });

  it('--ctstate matches any of its states', () => {
    const rules = { FORWARD: [rule({ ctstate: ['RELATED', 'ESTABLISHED'] }, ACCEPT, 'known'), rule({}, DROP, 'new')] };
    expect(forward(rules, pkt({ ct: 'ESTABLISHED' })).by).toBe('known');
    expect(forward(rules, pkt({ ct: 'NEW' })).by).toBe('new');
  });

  it('! --ctstate DNAT skips DNATed connections', () => {
    const rules = { FORWARD: [rule({ notCtDnat: true }, DROP, 'not dnat')] };
    expect(forward(rules, pkt({ ctDnat: false })).verdict).toBe('DROP');
    expect(forward(rules, pkt({ ctDnat: true })).verdict).toBe('ACCEPT');
  });

  it('--ctstate DNAT takes DNATed connections only', () => {
    const rules = { FORWARD: [rule({ ctDnat: true }, DROP, 'dnat')] };
    expect(forward(rules, pkt({ ctDnat: true })).verdict).toBe('DROP');
    expect(forward(rules, pkt({ ctDnat: false })).verdict).toBe('ACCEPT');
  });

  it('! --mark skips packets carrying the mark under its mask', () => {
    const rules = { FORWARD: [rule({ notMark: { value: 0x2, mask: 0xffff } }, DROP, 'unmarked')] };
    expect(forward(rules, pkt({ mark: 0x2 })).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt({ mark: 0x10002 })).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt({ mark: 0x1 })).verdict).toBe('DROP');
  });

  it('-s/-d CIDRs and their negations', () => {
    const rules = {
      FORWARD: [
        rule({ src: '10.0.0.0/8' }, DROP, 'from 10/8'),
        rule({ notDst: '192.168.0.0/16' }, DROP, 'leaving 192.168/16'),
        rule({ dst: '192.168.1.12/32' }, ACCEPT, 'to vm2'),
      ],
    };
    expect(forward(rules, pkt({ src: parseIp('10.1.2.3') })).by).toBe('from 10/8');
    expect(forward(rules, pkt({ dst: parseIp('8.8.8.8') })).by).toBe('leaving 192.168/16');
    expect(forward(rules, pkt()).by).toBe('to vm2');
    expect(forward(rules, pkt({ dst: parseIp('192.168.1.13') })).result.rule).toBeUndefined();
  });

  it('--dport min:max is an inclusive range; --dport alone is exact', () => {
    const rules = { FORWARD: [rule({ proto: 'tcp', dport: 8000, dportMax: 8080 }, ACCEPT, 'range'), rule({ proto: 'tcp', dport: 22 }, ACCEPT, 'ssh'), rule({}, DROP, 'rest')] };
    for (const port of [8000, 8042, 8080]) expect(forward(rules, pkt({ dport: port })).by).toBe('range');
    for (const port of [7999, 8081, 23]) expect(forward(rules, pkt({ dport: port })).by).toBe('rest');
    expect(forward(rules, pkt({ dport: 22 })).by).toBe('ssh');
    expect(forward(rules, pkt({ proto: 'udp', dport: 8042 })).by).toBe('rest');
  });

  it('-m mac --mac-source', () => {
    const rules = { FORWARD: [rule({ macSrc: 'fa:16:3e:57:42:ee' }, RETURN), rule({}, DROP, 'spoofed')] };
    expect(forward(rules, pkt({ ethSrc: 'fa:16:3e:57:42:ee' }), {}, { policies: { 'filter:FORWARD': 'ACCEPT' } }).verdict).toBe('ACCEPT');
    expect(forward(rules, pkt({ ethSrc: 'fa:16:3e:00:00:01' })).by).toBe('spoofed');
  });

  it('-m set --match-set NAME src/dst looks the address up in the ipset; an unknown set never matches', () => {
    const ipsets = { NIPv4web: ['192.168.1.11', '192.168.1.20'] };
    const rules = {
      FORWARD: [
        rule({ srcSet: 'NIPv4web' }, ACCEPT, 'from web'),
        rule({ dstSet: 'NIPv4web' }, ACCEPT, 'to web'),
        rule({ srcSet: 'NIPv4nope' }, ACCEPT, 'unknown set'),
        rule({}, DROP, 'rest'),
      ],
    };
    expect(forward(rules, pkt(), {}, { ipsets }).by).toBe('from web');
    expect(forward(rules, pkt({ src: parseIp('192.168.1.99'), dst: parseIp('192.168.1.20') }), {}, { ipsets }).by).toBe('to web');
    expect(forward(rules, pkt({ src: parseIp('192.168.1.99') }), {}, { ipsets }).by).toBe('rest');
  });
});

describe('runChain: marks and NAT targets', () => {
  it('MARK is not terminal: it sets the mark (value/mask) and the walk continues to a mark match', () => {
    const nf: Netfilter = {
      tables: {
        mangle: { PREROUTING: [rule({ dport: 80 }, { type: 'MARK', value: 0x1, mask: 0xffff }, 'mark')] },
        filter: { INPUT: [rule({ mark: { value: 0x1, mask: 0xffff } }, ACCEPT, 'marked'), rule({ dport: 9697 }, DROP, 'unmarked')] },
      },
    };
    const ns = nsWith(nf);
    const p = pkt({ dport: 80, mark: 0xabcd0000 });
    const mangle = runChain(ns, 'mangle', 'PREROUTING', p, {});
    expect(mangle.verdict).toBe('ACCEPT');
    expect(mangle.rule).toBeUndefined(); // the policy decided: MARK did not end the chain
    expect(mangle.marks.map((m) => m.rule.comment)).toEqual(['mark']);
    expect(p.mark).toBe(0xabcd0001); // bits outside the mask are kept
    p.dport = 9697;
    expect(runChain(ns, 'filter', 'INPUT', p, {}).rule?.comment).toBe('marked');
    expect(runChain(ns, 'filter', 'INPUT', pkt({ dport: 9697 }), {}).rule?.comment).toBe('unmarked');
  });

  it('--mark value/mask compares only the masked bits', () => {
    const rules = { FORWARD: [rule({ mark: { value: 0x1, mask: 0xffff } }, DROP, 'marked')] };
    expect(forward(rules, pkt({ mark: 0x50001 })).verdict).toBe('DROP');
    expect(forward(rules, pkt({ mark: 0x2 })).verdict).toBe('ACCEPT');
  });

  it('REDIRECT, DNAT and SNAT end the chain and are handed back as `nat` for the caller to apply', () => {
    const redirect = rule({ dst: '169.254.169.254/32', inIface: 'qr-+', proto: 'tcp', dport: 80 }, { type: 'REDIRECT', toPort: 9697 }, 'metadata');
    const ns = nsWith({ tables: { nat: { PREROUTING: [rule({}, jump('l3')), rule({}, { type: 'DNAT', toDestination: '10.0.0.1' })], l3: [redirect] } } });
    const p = pkt({ dst: parseIp('169.254.169.254') });
    const r = runChain(ns, 'nat', 'PREROUTING', p, { inIface: 'qr-eacd7d7e-9a' });
    expect(r.verdict).toBe('ACCEPT');
    expect(r.nat).toBe(redirect);
    expect(r.chain).toBe('l3');
    expect(p.dst).toBe(parseIp('169.254.169.254')); // runChain itself rewrites nothing
    const other = runChain(ns, 'nat', 'PREROUTING', pkt(), { inIface: 'qr-eacd7d7e-9a' });
    expect(other.nat?.target).toEqual({ type: 'DNAT', toDestination: '10.0.0.1' });
    const snat = runChain(nsWith({ tables: { nat: { POSTROUTING: [rule({ outIface: 'qg-1' }, { type: 'SNAT', toSource: '203.0.113.101' })] } } }), 'nat', 'POSTROUTING', pkt(), { outIface: 'qg-1' });
    expect(snat.nat?.target).toEqual({ type: 'SNAT', toSource: '203.0.113.101' });
  });

  it('ACCEPT and DROP never carry a nat', () => {
    expect(forward({ FORWARD: [rule({}, ACCEPT)] }, pkt()).result.nat).toBeUndefined();
  });
});

describe('ruleText', () => {
  it('prints rules as iptables-save would', () => {
    expect(ruleText('neutron-l3-agent-PREROUTING', rule({ dst: '169.254.169.254/32', inIface: 'qr-+', proto: 'tcp', dport: 80 }, { type: 'REDIRECT', toPort: 9697 })))
      .toBe('-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp --dport 80 -j REDIRECT --to-ports 9697');
    expect(ruleText('X', rule({ mark: { value: 1, mask: 0xffff } }, ACCEPT))).toBe('-A X -m mark --mark 0x1/0xffff -j ACCEPT');
    expect(ruleText('X', rule({ proto: 'tcp', dport: 8000, dportMax: 8080 }, jump('Y')))).toBe('-A X -p tcp -m multiport --dports 8000:8080 -j Y');
  });
});
