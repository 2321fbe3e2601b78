import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { describeFault, FAULT_KINDS, faultSites, inject } from '../dataplane/faults';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { cloud } from './cloud';
import { fault } from './fault';
import { sample } from './__fixtures__/contract';

const dp = realize(referenceCloud());

describe('arb.fault', () => {
  it('draws faults of every kind the data plane has a place for, each of them injectable', () => {
    const drawn = sample(fault(dp), 1, 500);
    expect(new Set(drawn.map((f) => f.kind))).toEqual(new Set(faultSites(dp).map((f) => f.kind)));
    for (const f of drawn) expect(() => inject(dp, f)).not.toThrow();
  });

  it('is deterministic per seed, prints compactly, and shrinks to the first place of the first kind', () => {
    expect(sample(fault(dp), 2).map((f) => fc.stringify(f))).toEqual(sample(fault(dp), 2).map((f) => fc.stringify(f)));
    const out = fc.check(fc.property(fault(dp), () => false), { seed: 1 });
    expect(out.counterexample?.[0]).toEqual(faultSites(dp)[0]);
    expect(fc.stringify(out.counterexample?.[0])).toBe(describeFault(faultSites(dp)[0]));
    expect(fc.stringify(out.counterexample?.[0])).toMatch(/^port-vlan qr-\S+@network1 → vlan \d+$/);
  });

  it('keeps to the kinds asked for, and says when there is no place for them', () => {
    expect(new Set(sample(fault(simulate(referenceCloud()), { kinds: ['stale-flood', 'process-down'] }), 3, 100).map((f) => f.kind)))
      .toEqual(new Set(['stale-flood', 'process-down']));
    expect(() => fault(dp, { kinds: 'ovs-sg-drop' })).toThrow('arb.fault: no place in this data plane for ovs-sg-drop');
    expect(() => fault(dp, { kinds: 'nope' as never })).toThrow(`arb.fault: kinds: "nope" is not one of ${FAULT_KINDS.map((k) => `"${k}"`).join(', ')}`);
  });

  it('injects cleanly at a random place of a random cloud', () => {
    fc.assert(fc.property(cloud().map(realize).chain((d) => fc.tuple(fc.constant(d), fault(d))), ([d, f]) => {
      const before = JSON.stringify(d);
      expect(JSON.stringify(inject(d, f))).not.toBe(before);
      expect(JSON.stringify(d)).toBe(before);
    }), { numRuns: 100, seed: 5 });
  });
});
