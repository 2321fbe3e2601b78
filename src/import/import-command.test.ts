import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli/main';
import { IMPORT_USAGE } from '../cli/import-command';
import { API_DUMP, CLI_DUMP, dumpWith, tempDir } from './__fixtures__/dumps';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('netspec import', () => {
  it.each([['CLI', CLI_DUMP], ['API', API_DUMP]])('imports the %s dump, and `netspec check --topology` on the result holds', async (_, dump) => {
    const file = join(tempDir(), 'cloud.yaml');
    const r = await run('import', '--openstack', dump, '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`wrote ${file}: 4 hosts, 3 networks, 3 subnets, 1 router, 4 instances`);
    expect(r.out).toMatch(/^\d+ assumptions \(listed in its header\):$/m);
    expect(r.out.split('\n')[2]).toMatch(/^  - host controller: management 10\.0\.0\.201 is a placeholder/);
    // Its own results directory: the check replaces what it finds there, and the default is the test run's.
    const check = await run('check', '--topology', file, '--json', '--results', join(tempDir(), 'results'));
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ holds: true });
    const trace = await run('trace', '--topology', file, '--from', 'vm1', '--to', 'vm3');
    expect(trace.code).toBe(0);
    expect(trace.out).toContain('qrouter-b57de879-e553-5fde-91a2-b479bec0ca15 (router1)');
  });

  it('imports the Neutron-only dump of the real Zed cloud, and `netspec check --topology` on it holds without hand edits', async () => {
    const file = join(tempDir(), 'cloud.yaml');
    const r = await run('import', '--openstack', join(__dirname, '__fixtures__', 'zed-neutron-only'), '--out', file);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n')[0]).toBe(`wrote ${file}: 2 hosts, 2 networks, 2 subnets, 1 router, 3 instances`);
    const check = await run('check', '--topology', file, '--json', '--results', join(tempDir(), 'results'));
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ holds: true });
  });

  it('--name names the cloud', async () => {
    const file = join(tempDir(), 'cloud.yaml');
    expect((await run('import', '--openstack', API_DUMP, '--out', file, '--name', 'prod-east')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^name: prod-east$/m);
  });

  it('--help lists every file, the command that prints it and the API call', async () => {
    const r = await run('import', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toBe(IMPORT_USAGE);
    for (const s of [
      'networks.json', 'openstack network list --long -f json', 'network-<NET>.json', 'openstack network show -f json',
      'subnets.json', 'openstack subnet list --long -f json', 'routers.json', 'openstack router list --long -f json',
      'router-<ROUTER>.json', 'openstack router show -f json', 'ports.json', 'openstack port list --long -f json',
      'servers.json', 'openstack server list --long', 'hypervisors.json', 'openstack hypervisor list -f json',
      'agents.json', 'openstack network agent list -f json', 'agent-<ID>.json', 'services.json',
      'security_groups.json', 'security_group_rules.json', 'GET /v2.0/ports', 'GET /v2.1/os-hypervisors/detail',
    ]) expect(r.out).toContain(s);
  });

  it('is listed by `netspec --help`', async () => {
    expect((await run('--help')).out).toMatch(/^ {2}import +write a topology file from OpenStack/m);
  });

  it('on a problem: exit 2, every problem on stderr naming the file and the resource, --out not written', async () => {
    const dir = dumpWith(API_DUMP, (f) => {
      f['ports.json'].ports[6].network_id = '9c1e0b7a-0000-4000-8000-000000000000';
      f['servers.json'].servers[3]['OS-EXT-SRV-ATTR:host'] = null;
    });
    const outDir = tempDir();
    const file = join(outDir, 'cloud.yaml');
    const r = await run('import', '--openstack', dir, '--out', file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    expect(lines[0]).toBe(`netspec import: cannot import ${dir} (2 problems; ${file} not written)`);
    expect(lines[1]).toBe(`${join(dir, 'ports.json')}: port 5742ee20-b2e6-5646-91b8-b961255801b7 (vm1): network 9c1e0b7a-0000-4000-8000-000000000000 not found in networks.json [unknown-reference]`);
    expect(lines[2]).toMatch(/servers\.json: server 60937d35-\S+ \(vm4\): no host: .* \[missing-field\]$/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('on a problem, an existing --out file is left as it was', async () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['agents.json']; });
    const file = join(tempDir(), 'cloud.yaml');
    writeFileSync(file, 'previous: content\n');
    const r = await run('import', '--openstack', dir, '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'agents.json')}: (file): missing: save \`openstack network agent list -f json\``);
    expect(readFileSync(file, 'utf8')).toBe('previous: content\n');
  });

  it('a successful import replaces --out whole, leaving no temporary file', async () => {
    const outDir = tempDir();
    const file = join(outDir, 'cloud.yaml');
    writeFileSync(file, 'previous: content\n');
    expect((await run('import', '--openstack', API_DUMP, '--out', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server/);
    expect(readdirSync(outDir)).toEqual(['cloud.yaml']);
  });

  it('usage mistakes exit 2 with one line', async () => {
    const file = join(tempDir(), 'cloud.yaml');
    expect(await run('import', '--out', file)).toEqual({ code: 2, out: '', err: 'netspec import: import needs --openstack DIR (see netspec import --help)' });
    expect(await run('import', '--openstack', API_DUMP)).toEqual({ code: 2, out: '', err: 'netspec import: import needs --out FILE (see netspec import --help)' });
    const nowhere = join(tempDir(), 'no', 'such', 'dir', 'cloud.yaml');
    expect(await run('import', '--openstack', API_DUMP, '--out', nowhere)).toEqual({ code: 2, out: '', err: `netspec import: cannot write ${nowhere}: no such directory` });
    const r = await run('import', '--openstack', API_DUMP, '--out', file, '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--bogus'");
    expect(existsSync(file)).toBe(false);
  });

  it('a missing dump directory exits 2 naming it', async () => {
    const file = join(tempDir(), 'cloud.yaml');
    const r = await run('import', '--openstack', 'no/such/dump', '--out', file);
    expect(r).toEqual({ code: 2, out: '', err: `netspec import: cannot import no/such/dump (1 problem; ${file} not written)\nno/such/dump: (directory): no such directory: pass the directory holding the JSON files [file]` });
  });
});
