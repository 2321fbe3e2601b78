import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../testing/cli';

/** `netspec check --intents FILE` and `--invariants MODULE`: what the user intends, in the same table and report. */
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const INTENTS = path.join(EXAMPLES, 'intents.yaml');
let root: string;
let noInterface: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netspec-intents-'));
  noInterface = path.join(root, 'no-interface.yaml');
  const reference = readFileSync(path.join(EXAMPLES, 'reference-cloud.yaml'), 'utf8');
  writeFileSync(noInterface, reference.replace('$schema: ../src/model/topology.schema.json\n', '').replace('      - subnet: selfservice2-v4\n', ''));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = runCli;

describe('netspec check --intents', () => {
  it('adds one row per intent; all hold on the reference cloud', async () => {
    const r = await run('check', '--intents', INTENTS, '--only', 'sameNetworkNeverRouted', '--results', path.join(root, 'ok'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/selfservice1 reaches selfservice2 through router1 +4 +4 +0 .* holds/);
    expect(r.out).toMatch(/6 invariants: 6 hold, 0 violated/);
  });

  it('fails when a router interface is removed, and the report holds the counterexample', async () => {
    const results = path.join(root, 'broken');
    const r = await run('check', '--topology', noInterface, '--intents', INTENTS, '--results', results, '--report', '--out', path.join(root, 'html'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ selfservice1 reaches selfservice2 through router1: vm1 → vm3 icmp: left the cloud at upstream@fabric');
    const tests = readdirSync(results).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(results, f), 'utf8')) as { name: string; status: string; attachments: { name: string }[] });
    const failed = tests.find((t) => t.name === 'selfservice1 reaches selfservice2 through router1')!;
    expect(failed.status).toBe('failed');
    expect(failed.attachments.map((a) => a.name)).toContain('vm1 → vm3 icmp (path).svg');
    expect(readdirSync(path.join(root, 'html'))).toContain('index.html');
  }, 60_000);

  it('rejects an intent naming nothing in the cloud, and a malformed file, with file, path and rule', async () => {
    const typo = path.join(root, 'typo.yaml');
    writeFileSync(typo, 'intents:\n  - { from: vm1, to: { network: selfservce2 }, expect: reachable }\n');
    const r = await run('check', '--intents', typo, '--results', path.join(root, 'typo'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`netspec check: invalid intents\n${typo}: intents[0].to: no network named "selfservce2" (the cloud has: selfservice1, selfservice2, provider1) [unknown-reference]`);
    const bad = path.join(root, 'bad.yaml');
    writeFileSync(bad, 'intents:\n  - { from: vm1, to: vm2, expect: sometimes }\n');
    expect((await run('check', '--intents', bad)).err).toBe(`netspec check: invalid intents\n${bad}: intents[0].expect: must be "reachable" or "unreachable" [enum]`);
  });
});

describe('netspec check --invariants', () => {
  it('checks the invariants a module exports, beside the built-in ones', async () => {
    const mod = path.join(root, 'my-invariants.js');
    // A state invariant written by hand, as a compiled user module would export it.
    writeFileSync(mod, `
      const states = (sim) => [{ label: 'at most two routers', verdict: () => (sim.cloud.routers.length <= 2 ? null : { reason: 'too many routers' }) },
                               { label: 'every host is named', verdict: () => (sim.cloud.hosts.every((h) => h.name) ? null : { reason: 'a host has no name' }) }];
      const inv = { name: 'smallRouterCount', description: 'at most two routers', states, check() { throw new Error('not used'); } };
      module.exports = { inv, all: [inv], unrelated: 42 };
    `);
    const r = await run('check', '--invariants', mod, '--only', 'sameNetworkNeverRouted', '--results', path.join(root, 'own'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/smallRouterCount +2 +2 +0 .* holds/);
    expect(r.out).toMatch(/2 invariants: 2 hold/);
  });

  it('refuses a module without invariants', async () => {
    const mod = path.join(root, 'empty.js');
    writeFileSync(mod, 'module.exports = { answer: 42 };');
    const r = await run('check', '--invariants', mod);
    expect(r.code).toBe(2);
    expect(r.err).toContain('exports no invariant');
  });
});
