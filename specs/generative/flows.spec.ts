/**
 * Flows within random clouds, checked quietly and explained by the matchers when they fail (and
 * through @fast-check/jest's `test.prop`, which works with the arbitraries as well as `fc.assert`
 * does): same-subnet pairs are switched,
 * routed pairs cross their router, unrouted pairs never arrive, DHCP is answered at home, and a
 * trace's outcome does not depend on what was traced before it on the same data plane.
 */
import { test } from '@fast-check/jest';
import fc from 'fast-check';
import { qdhcp, realize, simulate, traceFlow, type Cloud } from 'netspec';
import { arb } from '../../src/arbitraries';
import { primarySubnet, routerJoining } from '../../src/model/queries';
import { decisivePath } from '../../src/assert/paths';
import { hopMatches } from '../../src/trace/location';
import type { Trace } from '../../src/trace/types';
import { assertProperty, expectQuietly } from './support';

const delivered = (t: Trace, to: string) => t.disposition.kind === 'delivered' && t.disposition.at.device === to;

const RUNS = 200;

/** A cloud with a flow drawn inside it (the flow depends on the cloud, so this one chain is unavoidable). */
const within = <T>(clouds: fc.Arbitrary<Cloud>, inside: (c: Cloud) => fc.Arbitrary<T>) =>
  clouds.chain((c) => fc.tuple(fc.constant(c), inside(c)));

describe('flows in random clouds', () => {
  // One network with one subnet and at least two instances: a same-subnet pair always exists.
  // @id b74a837d-9045-5f8e-91d2-707688b0ac43
  test.prop([within(arb.cloud({ networks: 1, subnetsPerNetwork: 1, instances: { min: 2 } }), (c) => arb.sameNetworkPair(c))], { numRuns: RUNS })(
    'same-subnet pairs are delivered without a qrouter',
    ([cloud, { from, to }]) => {
      const t = simulate(cloud).trace(from, to);
      expectQuietly(() => !decisivePath(t).some((h) => hopMatches('qrouter-*', h, t)), () => expect(t).toNeverTraverse('qrouter-*'));
      expectQuietly(() => delivered(t, to), () => expect(t).toBeDeliveredTo(to));
    },
  );

  // @id f5530b32-6b1c-518f-9986-f30f081f0f36
  it('routed pairs are delivered through their own router', () => {
    const clouds = arb.cloud({ networks: 2, subnetsPerNetwork: 1, routers: { min: 1 }, subnetGateway: true, instances: { min: 2 } });
    assertProperty(fc.property(clouds, fc.nat(), (cloud, k) => {
      let pair: { from: string; to: string };
      try { [pair] = fc.sample(arb.crossNetworkPair(cloud, { routed: true }), { seed: k, numRuns: 1 }); } catch { return fc.pre(false); }
      const [a, b] = [pair.from, pair.to].map((n) => primarySubnet(cloud, cloud.instances.find((i) => i.name === n)!)!.id);
      const t = simulate(cloud).trace(pair.from, pair.to);
      const router = routerJoining(cloud, a, b)!.name;
      expectQuietly(() => decisivePath(t).some((h) => hopMatches(router, h, t)), () => expect(t).toTraverse(router));
      expectQuietly(() => delivered(t, pair.to), () => expect(t).toBeDeliveredTo(pair.to));
    }), { numRuns: RUNS });
  });

  // @id 1240d1d8-c296-5dd4-a86a-f67f2e4553af
  it('unrouted pairs never arrive', () => {
    const has = (c: Cloud) => { try { arb.crossNetworkPair(c, { routed: false }); return true; } catch { return false; } };
    const clouds = arb.cloud({ networks: { min: 2 }, routers: 0, instances: { min: 2 } }).filter(has);
    assertProperty(fc.property(within(clouds, (c) => arb.crossNetworkPair(c, { routed: false })), ([cloud, { from, to }]) => {
      const t = simulate(cloud).trace(from, to);
      expectQuietly(() => !delivered(t, to), () => expect(t).not.toBeDeliveredTo(to));
    }), { numRuns: RUNS });
  });

  // @id f4b8b653-981d-511d-a67e-39f5a5a9426b
  it('DHCP is answered by the instance’s own network', () => {
    assertProperty(fc.property(within(arb.cloud(), (c) => arb.instance(c)), ([cloud, vm]) => {
      const port = cloud.ports.find((p) => p.id === cloud.instances.find((i) => i.name === vm)!.ports[0])!;
      const network = cloud.networks.find((n) => n.id === port.network_id)!.name;
      const t = simulate(cloud).trace(vm, 'dhcp');
      expectQuietly(() => t.disposition.kind === 'answered' && t.disposition.at.device === `qdhcp-${port.network_id}`, () => expect(t).toBeAnsweredBy(qdhcp(network)));
    }), { numRuns: RUNS });
  });

  // Invariants share one data plane (and its learned MACs, ARP caches and learned flows) between
  // traces; that is sound only if no outcome depends on what was traced before.
  // @id 0efffc52-144a-55bc-9364-13f810b09004
  it('a trace’s outcome does not depend on the traces before it', () => {
    const flows = within(arb.cloud(), (c) => fc.array(arb.flow(c), { minLength: 2, maxLength: 8 }));
    assertProperty(fc.property(flows, ([cloud, list]) => {
      // The same flows in opposite orders, each on its own fresh data plane.
      const forward = realize(cloud), backward = realize(cloud);
      const there = list.map((f) => traceFlow(forward, f.from, f.to).disposition);
      const back = [...list].reverse().map((f) => traceFlow(backward, f.from, f.to).disposition).reverse();
      list.forEach((f, i) => expect([`${f.from} → ${f.to}`, there[i]]).toEqual([`${f.from} → ${f.to}`, back[i]]));
    }), { numRuns: RUNS });
  });
});
