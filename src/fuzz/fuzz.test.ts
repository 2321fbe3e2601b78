/**
 * A fixed-seed share of `npm run fuzz`, in process: mutated topologies and dumps through the
 * public API never crash, and every rejection names file, path and rule in words. Then the
 * property behind it, with fast-check: a topology that validates realizes (simulate succeeds),
 * or validation says which field breaks which rule.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeCloud, simulate, TopologyError } from '../index';
import { badIssues, dumpCase, dumpSeeds, topologyCase, topologySeeds } from './cases';
import { mutate } from './mutate';
import { prng } from '../util/prng';

const SEED = 17;

describe('fuzz share (seed 17)', () => {
  const topo = topologySeeds();

  it('400 mutated topologies: no crash, every rejection names file, path and rule', () => {
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    for (let n = 0; n < 400; n++) {
      const o = topologyCase(topo, SEED, n);
      kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
      if (o.kind === 'crash') problems.push(`topology:${n} ${o.ops.join(',')}: ${o.error}`);
      if (o.kind === 'rejected' && o.bad.length) problems.push(`topology:${n} ${o.ops.join(',')}: ${o.bad.join('; ')}`);
    }
    expect(problems).toEqual([]);
    // The share exercises both sides: some mutations survive validation and are simulated.
    expect(kinds.get('accepted')).toBeGreaterThan(20);
    expect(kinds.get('rejected')).toBeGreaterThan(200);
  });

  it('30 mutated OpenStack dumps: no crash, every rejection names file, path and rule', () => {
    const dumps = dumpSeeds();
    const dir = mkdtempSync(join(tmpdir(), 'netspec-fuzz-'));
    const problems: string[] = [];
    try {
      for (let n = 0; n < 30; n++) {
        const o = dumpCase(dumps, SEED, n, join(dir, 'dump'));
        if (o.kind === 'crash') problems.push(`dump:${n} ${o.ops.join(',')}: ${o.error}`);
        if (o.kind === 'rejected' && o.bad.length) problems.push(`dump:${n} ${o.ops.join(',')}: ${o.bad.join('; ')}`);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
    expect(problems).toEqual([]);
  });

  it('cases the full run once crashed on are rejected, not crashes (replayed by seed and case)', () => {
    const dumps = dumpSeeds();
    const dir = mkdtempSync(join(tmpdir(), 'netspec-fuzz-'));
    try {
      // seed 1, dump 6763: a security-group rule whose protocol became a mapping with a `toString` key.
      const o = dumpCase(dumps, 1, 6763, join(dir, 'dump'));
      expect(o.kind).toBe('rejected');
      // A case that garbles a file and then mutates the same file once killed the worker.
      for (let n = 0; n < 10_000; n++) {
        const r = dumpCase(dumps, 1, n, join(dir, 'garbled'));
        if (r.ops.some((op) => op.startsWith('garbage ')) && r.ops.length > 1) { expect(r.kind).not.toBe('crash'); break; }
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('flags a rejection without a path or reading "undefined" (the check can fail)', () => {
    expect(badIssues([{ file: 'f', path: '', rule: 'r', message: 'm' }])).toHaveLength(1);
    expect(badIssues([{ file: 'f', path: 'p', rule: 'r', message: 'must be a string, not undefined' }])).toHaveLength(1);
    expect(badIssues([{ file: 'f', path: 'p', rule: 'r', message: 'must be a string, not missing (no value)' }])).toEqual([]);
  });
});

describe('validation knows what realize needs', () => {
  const { specs, strings } = topologySeeds();
  it('a mutated topology either realizes or is rejected naming field and rule', () => {
    fc.assert(fc.property(fc.nat(specs.length - 1), fc.integer(), (i, seed) => {
      const doc = structuredClone(specs[i]);
      mutate(prng(seed), doc, strings[i]);
      let cloud;
      try {
        cloud = normalizeCloud(doc as never, 'prop.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(TopologyError);
        const issues = (e as TopologyError).issues;
        expect(issues.length).toBeGreaterThan(0);
        expect(badIssues(issues)).toEqual([]);
        return;
      }
      expect(() => simulate(cloud)).not.toThrow();
    }), { seed: SEED, numRuns: 200 });
  });
});
