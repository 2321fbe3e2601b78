/**
 * A flood over N hosts costs what N hosts cost: its trace records one copy per tunnel on the
 * sender's br-tun and the same few hops per host it reaches, and what the ARP memo keeps of one
 * sender's floods and exchanges grows with N, not N² (each of the N exchanges of a flood keeps
 * the flood's places by reference, not a copy of them). Counted, never timed.
 */
import { describe, expect, test } from '@jest/globals';
import { traceFlow } from '../flows';
import { normalizeCloud } from '../model/normalize';
import { realize } from '../realize';
import { oneNetworkCloudSpec } from '../testing/one-network-cloud';
import type { Branch, Hop } from '../trace/types';
import { arpMemoStats } from './arp';
import { runtimeOf } from './runtime';

const SIZES = [4, 8, 16] as const;

function hopsOf(b: Branch | undefined): Hop[] {
  return b ? [...b.hops, ...b.forks.flatMap(hopsOf)] : [];
}

interface Figures {
  hosts: number;
  hops: number;
  copies: number;
  /** Copies of the sender's br-tun flood hop: one per tunnel to a host of the network. */
  tunnelCopies: number;
  /** The most places one exchange keeps of its own. */
  largestExchangePlaces: number;
  exchanges: number;
}

function measure(hosts: number): Figures {
  const dp = realize(normalizeCloud(oneNetworkCloudSpec(hosts), 'one-network'));
  const t = traceFlow(dp, 'vm1', 'dhcp');
  expect(t.disposition.kind).toBe('answered');
  const hops = [...hopsOf(t.root), ...hopsOf(t.reply)];
  const brTun = hops.find((h) => h.host === 'compute1' && h.device === 'br-tun' && h.copies);
  // Requests only: vm1 asks who-has for every other instance, one flood shared by all of them.
  // Unrecorded, as the check traces: recorded exchanges are walked per target.
  for (let k = 2; k <= hosts; k++) traceFlow(dp, 'vm1', `vm${k}`, { replies: false, arpExchanges: false });
  return {
    hosts,
    hops: hops.length,
    copies: hops.reduce((n, h) => n + (h.copies?.length ?? 0), 0),
    tunnelCopies: brTun?.copies?.length ?? 0,
    largestExchangePlaces: arpMemoStats(runtimeOf(dp)).largestExchangePlaces,
    exchanges: arpMemoStats(runtimeOf(dp)).exchanges,
  };
}

describe('a flood over N hosts', () => {
  const [a, b, c] = SIZES.map(measure);

  test('the sender floods one copy per tunnel: to each other compute host and the network node', () => {
    for (const f of [a, b, c]) expect(f.tunnelCopies).toBe(f.hosts);
  });

  test('every extra host adds the same number of hops and of recorded copies', () => {
    expect(a.hops).toBeGreaterThan(0);
    expect((c.hops - b.hops) / (c.hosts - b.hosts)).toBe((b.hops - a.hops) / (b.hosts - a.hosts));
    expect((c.copies - b.copies) / (c.hosts - b.hosts)).toBe((b.copies - a.copies) / (b.hosts - a.hosts));
  });

  test('an exchange keeps no more places of its own however many hosts its shared flood reached', () => {
    // vm1's who-has reaches every host; each of its N-1 exchanges shares that flood's places and
    // keeps only where its own is-at went (a copy of the flood's would grow with N).
    expect(a.exchanges).toBeGreaterThanOrEqual(a.hosts - 1);
    expect(a.largestExchangePlaces).toBeGreaterThan(0);
    expect(b.largestExchangePlaces).toBe(a.largestExchangePlaces);
    expect(c.largestExchangePlaces).toBe(a.largestExchangePlaces);
  });
});
