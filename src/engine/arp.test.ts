/**
 * ARP floods are walked once per sender and shared by every target, and each exchange keeps only
 * what its answer taught: a flood over N hosts costs memory linear in N, and tracing every flow
 * of a cloud does not keep a copy of a flood per pair. Measured structurally (entries, hops),
 * never by time.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { arb } from '../arbitraries';
import type { Dataplane } from '../dataplane/types';
import { inject } from '../dataplane/faults';
import { traceFlow } from '../flows';
import { normalizeCloud } from '../model/normalize';
import type { Cloud } from '../model/types';
import { realize } from '../realize';
import { oneNetworkCloudSpec } from '../testing/one-network-cloud';
import { traceToJson } from '../trace/json';
import type { Branch, Trace } from '../trace/types';
import { arpMemoStats } from './arp';
import { runtimeOf } from './runtime';

const DESTINATIONS = ['dhcp', 'metadata', 'internet'];

/**
 * Every flow of the cloud, traced in one fixed order on `dp`; by default as the check traces them,
 * without recording ARP exchanges (what shares floods between targets).
 */
function traceAll(cloud: Cloud, dp: Dataplane, arpExchanges = false): Trace[] {
  const names = cloud.instances.map((i) => i.name);
  const out: Trace[] = [];
  for (const from of names) for (const to of [...names.filter((n) => n !== from), ...DESTINATIONS]) out.push(traceFlow(dp, from, to, { arpExchanges }));
  return out;
}

/** A trace's JSON without the recorded ARP exchanges: what a trace that does not record them reads. */
function withoutExchanges(t: Trace): unknown {
  return JSON.parse(JSON.stringify(traceToJson(t), (k, v) => (k === 'exchange' ? undefined : v)));
}

/**
 * The same plane with one flow that matches an ARP target address in a table nothing resubmits
 * to: it changes no path, but the engine may no longer share a flood between targets.
 */
function withArpMatchingFlow(dp: Dataplane): Dataplane {
  const copy = structuredClone(dp);
  const br = copy.hosts.flatMap((h) => h.devices).find((d) => d.kind === 'ovs');
  if (br?.kind === 'ovs') br.flows.push({ table: 253, priority: 1, match: { ethType: 'arp', arpTpa: '192.0.2.1' }, actions: [{ type: 'drop' }] });
  return copy;
}

const arpSteps = (traces: Trace[]): number => {
  const count = (b: Branch | undefined): number => (b ? b.hops.reduce((n, h) => n + h.steps.filter((s) => s.t === 'arp').length, 0) + b.forks.reduce((n, f) => n + count(f), 0) : 0);
  return traces.reduce((n, t) => n + count(t.root) + count(t.reply), 0);
};

const oneNetwork = (hosts: number) => normalizeCloud(oneNetworkCloudSpec(hosts), 'one-network');

describe('ARP floods shared between targets', () => {
  test('every trace is the one walked with a flood per target, on random clouds with and without a fault', () => {
    const cases = arb.cloud({ computeHosts: { min: 1, max: 3 }, instances: { min: 2, max: 5 } }).chain((cloud) =>
      fc.tuple(fc.constant(cloud), fc.option(arb.fault(realize(cloud)), { nil: undefined })));
    fc.assert(fc.property(cases, ([cloud, fault]) => {
      const healthy = realize(cloud);
      const dp = fault ? inject(healthy, fault) : healthy;
      const perTarget = withArpMatchingFlow(dp);
      const shared = traceAll(cloud, dp);
      const walked = traceAll(cloud, perTarget);
      expect(shared.map((t) => JSON.parse(JSON.stringify(traceToJson(t))))).toEqual(walked.map((t) => JSON.parse(JSON.stringify(traceToJson(t)))));
      expect(arpMemoStats(runtimeOf(perTarget)).floods).toBe(0);
      // Recording the exchanges walks each per target: the walk and its outcome are the same.
      expect(traceAll(cloud, dp, true).map(withoutExchanges)).toEqual(shared.map(withoutExchanges));
      // Not vacuous: wherever a trace resolved a neighbour, the plane without the extra flow shared a
      // flood (unless its own flows match ARP targets: the ARP responder's, DVR's drop of ARP for the gateway).
      if (arpSteps(walked) > 0 && !cloud.options.arp_responder && !cloud.routers.some((r) => r.distributed)) expect(arpMemoStats(runtimeOf(dp)).floods).toBeGreaterThan(0);
    }), { numRuns: 60 });
  }, 120_000);

  test('one network over N hosts: one flood per sender, linear in N; each exchange keeps a constant share', () => {
    const figures = [4, 8, 16].map((n) => {
      const cloud = oneNetwork(n);
      const dp = realize(cloud);
      // Requests only: each answering vmK floods its own who-has for vm1 over all N hosts, which is
      // N floods of N hosts by nature; what is measured here is what one sender's flood costs.
      for (let k = 2; k <= n; k++) traceFlow(dp, 'vm1', `vm${k}`, { replies: false, arpExchanges: false });
      return { n, ...arpMemoStats(runtimeOf(dp)) };
    });
    for (const f of figures) {
      // vm1's flood, and at most one flood per underlay sender answering for a tunnel endpoint.
      expect(f.floods).toBeLessThanOrEqual(f.n + 1);
      expect(f.exchanges).toBeGreaterThanOrEqual(f.n - 1);
    }
    const [a, b, c] = figures;
    // What one exchange keeps of its own does not grow with the hosts the flood reached.
    expect(b.largestExchange).toBe(a.largestExchange);
    expect(c.largestExchange).toBe(a.largestExchange);
    // Everything remembered grows linearly: doubling the hosts at most doubles it (plus a constant).
    const total = (f: typeof a) => f.floodEntries + f.exchangeEntries;
    expect(total(c) - total(b)).toBeLessThanOrEqual(2 * (total(b) - total(a)));
    expect(total(c)).toBeLessThan(total(a) * 16 / 4 * 1.5);
  });

  test('a broadcast over N hosts is a trace of hops linear in N', () => {
    const hops = (b: Branch | undefined): number => (b ? b.hops.length + b.forks.reduce((n, f) => n + hops(f), 0) : 0);
    const [h4, h8, h16] = [4, 8, 16].map((n) => {
      const t = traceFlow(realize(oneNetwork(n)), 'vm1', 'dhcp');
      expect(t.disposition.kind).toBe('answered');
      return hops(t.root) + hops(t.reply);
    });
    // Every extra host adds the same number of hops.
    expect((h16 - h8) / 8).toBe((h8 - h4) / 4);
  });
});

describe('a trace depends on its own flow only', () => {
  test('its JSON is the same on a fresh data plane and after every other flow was traced', () => {
    const cloud = normalizeCloud(oneNetworkCloudSpec(3), 'three hosts');
    const flows = cloud.instances.flatMap((a) => [...cloud.instances.filter((b) => b !== a).map((b) => b.name), ...DESTINATIONS].map((to) => [a.name, to] as const));
    const warm = realize(cloud);
    traceAll(cloud, warm);
    traceAll(cloud, warm, true);
    let recorded = 0;
    for (const [from, to] of flows) {
      const fresh = traceToJson(traceFlow(realize(cloud), from, to));
      // Recorded ARP exchanges included (the default): where each who-has went and who answered.
      if (JSON.stringify(fresh).includes('"exchange"')) recorded++;
      expect(traceToJson(traceFlow(warm, from, to))).toEqual(fresh);
    }
    expect(recorded).toBeGreaterThan(0);
  });
});
