import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectUsageError, runCli } from '../testing/cli';
import { DIFF_JSON_SCHEMA_VERSION } from '../whatif/render';

const ROOT = path.join(__dirname, '..', '..');
const BASE = path.join(ROOT, 'examples', 'reference-cloud.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'netspec-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference cloud with `edit` applied to its file's text. */
function variant(name: string, edit: (yaml: string) => string): string {
  const text = readFileSync(BASE, 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  const file = path.join(dir, name);
  writeFileSync(file, changed);
  return file;
}

const detached = variant('detached.yaml', (y) => y.replace('      - subnet: selfservice2-v4\n', ''));
const noDhcpAgent = variant('no-dhcp-agent.yaml', (y) => y.replace('    role: network                 # default agents: ovs, l3, dhcp, metadata\n', '    role: network\n    agents: [ovs, l3, metadata]\n'));
const moved = variant('moved.yaml', (y) => y.replace(/(- name: vm1\n\s+host: )compute1/, '$1compute2'));

describe('netspec diff', () => {
  it('exits 1 and prints each newly broken class with its walk before and after', async () => {
    const r = await runCli('diff', '--base', BASE, '--topology', detached);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([]);
    expect(r.out).toMatch(/^24 flows compared: 12 newly broken, 0 newly working, 0 rerouted \(/m);
    expect(r.out).toContain('\nnewly broken (12 flows):\n\n✗ vm1 → vm3\n  before:\n    vm1 → vm3: icmp 192.168.1.11 → 192.168.2.13\n');
    expect(r.out).toContain('  after (walked as vm1 → vm3, of the same class):');
    expect(r.out).not.toContain('\nrerouted (');
  });

  it('exits 1 on a change that only reroutes, and groups it so', async () => {
    const r = await runCli('diff', '--base', BASE, '--topology', moved);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/0 newly broken, 0 newly working, \d+ rerouted/);
    expect(r.out).toContain('~ vm1 → vm2');
  });

  it('makes the change to the running base: without the DHCP agent only DHCP breaks, guests keep their leases', async () => {
    const r = await runCli('diff', '--base', BASE, '--topology', noDhcpAgent, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.broken.flatMap((c: { flows: string[] }) => c.flows).sort()).toEqual(['vm1 → dhcp', 'vm2 → dhcp', 'vm3 → dhcp', 'vm4 → dhcp']);
    expect(j.working).toEqual([]);
    expect(j.rerouted).toEqual([]);
  });

  it('exits 0 when nothing changed', async () => {
    const r = await runCli('diff', '--base', BASE, '--topology', BASE);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').pop()).toBe('no flow changed its outcome or its path');
  });

  it('--json prints the versioned shape, the same bytes on every run', async () => {
    const a = await runCli('diff', '--base', BASE, '--topology', detached, '--json');
    const b = await runCli('diff', '--base', BASE, '--topology', detached, '--json');
    expect(a.code).toBe(1);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(j).toMatchObject({ schemaVersion: DIFF_JSON_SCHEMA_VERSION, flows: 24, changedFlows: 12, working: [], rerouted: [] });
    expect(j.broken[0].base.disposition.kind).toBe('delivered');
    expect(j.broken[0].changed.disposition.kind).toBe('exits');
    expect(readFileSync(path.join(ROOT, 'docs', 'diff-json.md'), 'utf8')).toContain(`"schemaVersion": ${DIFF_JSON_SCHEMA_VERSION}`);
  });

  it('usage and topology errors exit 2 with one clear line', async () => {
    expectUsageError(await runCli('diff', '--base', BASE), 'diff compares two clouds: give --base FILE and --topology FILE');
    expectUsageError(await runCli('diff', '--base', '', '--topology', BASE), '--base needs a file');
    expectUsageError(await runCli('diff', '--bse', BASE), '(did you mean "--base"?)');
    const missing = await runCli('diff', '--base', BASE, '--topology', path.join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.yaml');
    expect(missing.err).toContain('[file]');
  });

  it('--help prints the usage', async () => {
    const r = await runCli('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: netspec diff --base FILE --topology FILE \[--json\]/);
  });
});
