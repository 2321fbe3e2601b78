import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import { cloud } from './cloud';
import { crossNetworkPair } from './crossNetworkPair';
import { flow } from './flow';
import { instance } from './instance';
import { sameNetworkPair } from './sameNetworkPair';
import { sample } from './__fixtures__/contract';

const ref = referenceCloud();
const sim = simulate(ref);
const text = (x: unknown) => fc.stringify(x);

describe('arb.flow', () => {
  it('draws every flow of the reference cloud, and only those, each traceable', () => {
    const seen = new Set(sample(flow(ref), 1, 400).map(text));
    const vms = ['vm1', 'vm2', 'vm3', 'vm4'];
    const all = vms.flatMap((a) => [...vms.filter((b) => b !== a), 'internet', 'dhcp', 'metadata'].map((b) => `${a} → ${b}`));
    expect([...seen].sort()).toEqual(all.sort());
    for (const f of sample(flow(sim), 2, 30)) expect(() => sim.trace(f.from, f.to)).not.toThrow();
  });

  it('is deterministic per seed, and shrinks to vm1 → vm2', () => {
    expect(sample(flow(ref), 5).map(text)).toEqual(sample(flow(ref), 5).map(text));
    const out = fc.check(fc.property(flow(ref), () => false), { seed: 4 });
    expect(text(out.counterexample?.[0])).toBe('vm1 → vm2');
  });

  it('keeps to the destinations asked for', () => {
    expect(new Set(sample(flow(ref, { to: ['dhcp', 'metadata'] }), 3, 100).map((f) => f.to))).toEqual(new Set(['dhcp', 'metadata']));
  });

  it('works inside a property over random clouds', () => {
    fc.assert(fc.property(cloud().chain((c) => fc.tuple(fc.constant(c), flow(c))), ([c, f]) => {
      const names = c.instances.map((i) => i.name);
      expect(names).toContain(f.from);
      expect([...names.filter((n) => n !== f.from), 'internet', 'dhcp', 'metadata']).toContain(f.to);
    }), { numRuns: 100, seed: 1 });
  });

  it('explains what it cannot do', () => {
    const lonely = { ...ref, instances: ref.instances.slice(0, 1) };
    expect(() => flow(lonely, { to: 'instance' })).toThrow('arb.flow: an instance destination needs at least two instances, and no other destination is allowed');
    expect(() => flow({ ...ref, instances: [] })).toThrow('arb.flow: the cloud has no instance (with an address) to send from');
    expect(() => flow({} as never)).toThrow('arb.flow: expects a Cloud or a Simulation');
  });
});

describe('arb.sameNetworkPair / arb.crossNetworkPair / arb.instance', () => {
  it('draws every same-subnet pair of the reference cloud, with the host constraint', () => {
    expect(new Set(sample(sameNetworkPair(ref), 1, 200).map(text))).toEqual(new Set(['vm1 → vm2', 'vm2 → vm1', 'vm3 → vm4', 'vm4 → vm3']));
    expect(() => sameNetworkPair(ref, { sameHost: true })).toThrow('arb.sameNetworkPair: no two instances share a subnet on one host in this cloud');
  });

  it('draws routed cross-network pairs, and none unrouted in the reference cloud', () => {
    const pairs = new Set(sample(crossNetworkPair(sim, { routed: true }), 1, 300).map(text));
    expect(pairs.size).toBe(8);
    expect(pairs).toContain('vm1 → vm3');
    expect(() => crossNetworkPair(ref, { routed: false })).toThrow('arb.crossNetworkPair: no two instances on different networks that no router joins in this cloud');
  });

  it('draws instances, filtered by network or host', () => {
    expect(new Set(sample(instance(ref, { network: 'selfservice2' }), 1, 50))).toEqual(new Set(['vm3', 'vm4']));
    expect(new Set(sample(instance(ref, { host: 'compute1' }), 1, 50))).toEqual(new Set(['vm1', 'vm3']));
    expect(() => instance(ref, { network: 'nope' })).toThrow('arb.instance: network "nope" is not in the cloud');
  });

  it('pairs satisfy their definition on random clouds', () => {
    const cases = cloud({ instances: { min: 2, max: 6 } });
    fc.assert(fc.property(cases, fc.nat(), (c, k) => {
      const info = (n: string) => {
        const port = c.ports.find((p) => p.id === c.instances.find((i) => i.name === n)!.ports[0])!;
        return { net: port.network_id, subnet: port.fixed_ips[0].subnet_id };
      };
      let same: { from: string; to: string }[];
      try { same = sample(sameNetworkPair(c), k, 5); } catch { same = []; }
      for (const p of same) expect(info(p.from)).toEqual(info(p.to));
      let cross: { from: string; to: string }[];
      try { cross = sample(crossNetworkPair(c), k, 5); } catch { cross = []; }
      for (const p of cross) expect(info(p.from).net).not.toBe(info(p.to).net);
    }), { numRuns: 100, seed: 2 });
  });
});
