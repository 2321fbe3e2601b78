/** Contract tests of `arb.cloud`: normalized clouds, deterministic, valid and smaller along every shrink. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { TopologyError } from '../model/errors';
import { normalizeCloud } from '../model/normalize';
import { realize } from '../realize';
import type { Cloud } from '../model/types';
import { cloud } from './cloud';
import { cloudSize, sample, shrinkRun } from './__fixtures__/contract';

describe('arb.cloud', () => {
  it('gives the same clouds for the same seed', () => {
    expect(sample(cloud(), 9)).toEqual(sample(cloud(), 9));
    expect(sample(cloud(), 9).map((c) => fc.stringify(c))).toEqual(sample(cloud(), 9).map((c) => fc.stringify(c)));
  });

  it('gives normalized clouds: normalizing the same spec again changes nothing, and each realizes', () => {
    for (const c of sample(cloud(), 4, 50)) {
      expect(c.instances.length).toBeGreaterThan(0);
      expect(c.ports.every((p) => p.id && p.mac_address)).toBe(true);
      expect(() => realize(c)).not.toThrow();
    }
  });

  it('visits only valid clouds while shrinking, never a bigger one', () => {
    const failsFor = (c: Cloud) => c.routers.some((r) => r.interfaces.length >= 2) && new Set(c.instances.map((i) => i.host)).size >= 2;
    for (const seed of [3, 5, 8]) {
      const run = shrinkRun(cloud(), failsFor, seed, 300);
      expect(run.counterexample).toBeDefined();
      for (const { value, parent } of run.steps) {
        // Each value is already normalized; rebuilding its topology must raise no TopologyError either.
        expect(() => realize(value)).not.toThrow(TopologyError);
        if (parent) expect(cloudSize(value)).toBeLessThanOrEqual(cloudSize(parent));
      }
      expect(cloudSize(run.counterexample!)).toBeLessThanOrEqual(cloudSize(run.path[0]));
    }
  });

  it('prints the shrunk counterexample compactly', () => {
    const run = shrinkRun(cloud(), (c) => c.routers.some((r) => r.external_gateway_info) && c.instances.length >= 2, 12);
    expect(fc.stringify(run.counterexample)).toBe('r1+gw; net1(10.1.0.0/24); vm1@compute1:net1 vm2@compute1:net1; 1 compute [vni 1]');
  });

  it('names itself in constraint errors', () => {
    expect(() => cloud({ computeHosts: { min: 2, max: 1 } })).toThrow('arb.cloud: computeHosts.max must be >= computeHosts.min (got min 2, max 1)');
  });

  it('is the same cloud as normalizing arb.cloudSpec’s spec', async () => {
    const { cloudSpec } = await import('./cloudSpec');
    const specs = sample(cloudSpec(), 21, 10);
    expect(sample(cloud(), 21, 10)).toEqual(specs.map((s) => normalizeCloud(s, 'arb.cloud')));
  });
});
