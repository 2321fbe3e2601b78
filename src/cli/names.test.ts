/**
 * Names reach the terminal as data: with a cloud whose every name is hostile (ESC sequences, CR,
 * bidi overrides, newlines, ...), what the CLI prints holds no raw control, bidi or
 * line-separator character, has the same lines as for ordinary names, and JSON output still
 * carries the names exactly.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../check/run';
import { renderCheckTable } from '../check/render';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { normalizeCloud } from '../model/normalize';
import { referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { RAW_UNSAFE, hostileCloudSpec } from '../testing/hostile-names';
import { printable } from '../util/printable';
import { runCli } from '../testing/cli';

const dir = mkdtempSync(join(tmpdir(), 'netspec-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { spec, names } = hostileCloudSpec(0);
const HOSTILE = join(dir, 'hostile.json');
const ORDINARY = join(dir, 'ordinary.json');
writeFileSync(HOSTILE, JSON.stringify(spec));
writeFileSync(ORDINARY, JSON.stringify(referenceCloudSpec));
const name = (ordinary: string) => names.get(ordinary)!;
// The other rotation of the catalogue, so every entry is on some printed path.
const rotated = hostileCloudSpec(16);
const ROTATED = join(dir, 'rotated.json');
writeFileSync(ROTATED, JSON.stringify(rotated.spec));
const clouds = [[HOSTILE, names], [ROTATED, rotated.names]] as const;

const run = runCli;

/** Every line of `text` is free of raw unsafe characters. */
function expectPrintable(text: string) {
  for (const line of text.split('\n')) expect(line).not.toMatch(RAW_UNSAFE);
}

describe('terminal output with hostile names', () => {
  it.each(['minimal', 'summary', 'detailed'])('trace --view %s: printable, with the lines it has for ordinary names', async (view) => {
    for (const [file, n] of clouds) {
      for (const [from, to] of [['vm1', 'vm3'], ['vm2', 'metadata']]) {
        const hostile = await run('trace', '--topology', file, '--from', n.get(from)!, '--to', n.get(to) ?? to, '--view', view);
        const ordinary = await run('trace', '--topology', ORDINARY, '--from', from, '--to', to, '--view', view);
        expect(hostile.code).toBe(0);
        expectPrintable(hostile.out);
        expect(hostile.out.split('\n')).toHaveLength(ordinary.out.split('\n').length);
        expect(hostile.out).toContain(printable(n.get(from)!));
      }
    }
  });

  it('trace --view json: the names exactly, as JSON', async () => {
    const r = await run('trace', '--topology', HOSTILE, '--from', name('vm1'), '--to', name('vm3'), '--view', 'json');
    expectPrintable(r.out);
    expect(JSON.parse(r.out).flow).toMatchObject({ from: name('vm1'), to: name('vm3') });
  });

  it('check: the table and every counterexample printable, a line per row', async () => {
    const r = await run('check', '--topology', HOSTILE, '--results', join(dir, 'results'));
    const ordinary = await run('check', '--topology', ORDINARY, '--results', join(dir, 'results-ordinary'));
    expect(r.code).toBe(0);
    expectPrintable(r.out);
    expect(r.out.split('\n')).toHaveLength(ordinary.out.split('\n').length);
    const json = await run('check', '--topology', HOSTILE, '--json', '--results', join(dir, 'results'));
    expectPrintable(json.out);
    expect(JSON.parse(json.out).cloud.name).toBe(spec.name);
  });

  it('check with violations: names in reasons and traces printable', () => {
    const sim = simulate(normalizeCloud(spec, 'hostile.json'));
    const host = sim.dataplane.hosts.find((h) => h.name === name('network1'))!;
    const qr = host.devices.find((d) => d.kind === 'namespace' && d.role === 'qrouter')!;
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'process-down', host: host.name, namespace: qr.name, process: 'haproxy' }));
    const report = runCheck(broken, builtinInvariants, { allViolations: true });
    expect(report.holds).toBe(false);
    const text = renderCheckTable(broken.cloud, report);
    expectPrintable(text);
    const violations = report.results.flatMap((x) => x.violations);
    // One "✗" line per violation, none split by a name.
    expect(text.split('\n').filter((l) => l.startsWith('✗ '))).toHaveLength(violations.length);
  });

  it('errors: one line per problem, printable', async () => {
    const bad = structuredClone(spec);
    bad.instances![0].host = `nowhere\u001b[2J\n\u202eoops`;
    bad.networks[0]['provider:segmentation_id'] = -1;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = await run('check', '--topology', file, '--results', join(dir, 'results'));
    expect(r.code).toBe(2);
    expectPrintable(r.err);
    expect(r.err.split('\n')).toHaveLength(3); // the heading and two problems
    expect(r.err).toContain('nowhere\\u001b[2J\\n\\u202eoops');
  });

  it('an unknown instance: printable', async () => {
    const r = await run('trace', '--topology', HOSTILE, '--from', 'vm\u001b]0;owned\u0007\u202e', '--to', name('vm3'));
    expect(r.code).toBe(2);
    expectPrintable(r.err);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
