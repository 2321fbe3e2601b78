import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../testing/cli';

/** `netspec check --workers N` and `--shard I/N`: one check split over threads, or over CI jobs. */
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
let root: string;
/** Options that make the reference cloud fail: a user's invariant claiming vm4 unreachable (it is reachable). */
let failing: string[];
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netspec-shards-'));
  const mod = path.join(root, 'vm4-unreachable.js');
  writeFileSync(mod, `
    const judge = () => ({
      applies: (a, b) => typeof b !== 'string' && b.instance.name === 'vm4',
      verdict: (t) => (t.disposition.kind === 'delivered' ? { reason: 'vm4 must be unreachable' } : null),
    });
    const inv = { name: 'vm4Unreachable', description: 'no instance reaches vm4', judge, check() { throw new Error('not used'); } };
    module.exports = { inv };
  `);
  failing = ['--topology', path.join(EXAMPLES, 'reference-cloud.yaml'), '--invariants', mod];
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Json = { holds: boolean; shard?: { index: number; count: number }; invariants: { name: string; status: string; flows: number; violations: { flow: string }[] }[] };
const json = (out: string) => JSON.parse(out) as Json;
// A violated invariant stops at its first counterexample, so only the others count every flow.
const statuses = (j: Json) => j.invariants.map((i) => [i.name, i.status, i.status === 'violated' ? 'stopped early' : i.flows]);
let runs = 0;
const results = () => path.join(root, `r${runs++}`);

describe('netspec check --workers', () => {
  it('says on two worker threads what it says on one, on a healthy and on a broken cloud', async () => {
    for (const topology of [[], failing]) {
      const one = await runCli('check', ...topology, '--json', '--results', results());
      const two = await runCli('check', ...topology, '--json', '--workers', '2', '--results', results());
      expect(two.err).toBe('');
      expect(two.code).toBe(one.code);
      expect(statuses(json(two.out))).toEqual(statuses(json(one.out)));
    }
    const violated = await runCli('check', ...failing, '--workers', '2', '--results', results());
    expect(violated.code).toBe(1);
    expect(violated.out).toMatch(/✗ vm4Unreachable: vm\d → vm4: vm4 must be unreachable/);
  }, 120_000);
});

describe('netspec check --shard', () => {
  it('checks a share of the flows; the shares add up to the whole check, and a broken share fails its job', async () => {
    const whole = json((await runCli('check', ...failing, '--json', '--results', results())).out);
    const dirs = [results(), results()];
    const shares = await Promise.all([1, 2].map((i) => runCli('check', ...failing, '--json', '--shard', `${i}/2`, '--results', dirs[i - 1])));
    const parts = shares.map((s) => json(s.out));
    expect(parts.map((p) => p.shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    whole.invariants.forEach((inv, k) => {
      if (inv.status !== 'violated') expect(parts[0].invariants[k].flows + parts[1].invariants[k].flows).toBe(inv.flows);
      // Violated as a whole ⇔ violated in some share.
      expect(inv.status === 'violated').toBe(parts.some((p) => p.invariants[k].status === 'violated'));
    });
    expect(shares.some((s) => s.code === 1)).toBe(true);
    // Each share's Allure results name their share, so merged results keep both apart.
    const names = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('-result.json')).map((f) => (JSON.parse(readFileSync(path.join(d, f), 'utf8')) as { name: string }).name));
    expect(names).toContain('sameNetworkNeverRouted (shard 1/2)');
    expect(names).toContain('sameNetworkNeverRouted (shard 2/2)');
    const report = await runCli('report', '--results', dirs[0], '--results', dirs[1], '--out', path.join(root, 'html'));
    expect(report.code).toBe(0);
    expect(readdirSync(path.join(root, 'html'))).toContain('index.html');
  }, 120_000);

  it('rejects a share or a thread count that means nothing, naming the option', async () => {
    for (const [option, value, message] of [
      ['--shard', '3/2', '--shard "3/2": expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/4'],
      ['--shard', '0/2', '--shard "0/2": expected I/N'],
      ['--shard', 'half', '--shard "half": expected I/N'],
      ['--workers', '0', '--workers "0": expected a whole number from 1 to 64'],
      ['--workers', '1.5', '--workers "1.5": expected a whole number'],
    ]) {
      const r = await runCli('check', option, value);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`netspec check: ${message}`);
    }
  });
});
