import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectUsageError, runCli } from '../testing/cli';

const REFERENCE = 'examples/captured/reference';
const ZED = 'examples/captured/zed';
const work = mkdtempSync(path.join(tmpdir(), 'netspec-captured-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('netspec import --captured', () => {
  it('says what each node holds and that every line was understood', async () => {
    const r = await runCli('import', '--captured', REFERENCE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('captured 4 nodes of cloud reference:');
    expect(r.out).toContain('  network1: 3 bridges (33 flows), 4 namespaces, 0 instances');
    expect(r.out).toContain('every line understood');
  });

  it('lists each line of a real Zed capture it left out, by file and line, and writes the plane as JSON', async () => {
    const out = path.join(work, 'zed.json');
    const r = await runCli('import', '--captured', ZED, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n\d+ lines not understood \(left out of the data plane\):\n/);
    expect(r.out).toContain('  rp-node1/netns/qrouter-97da8507-fab7-493f-94ab-ea281481c97d/iptables-save.txt:24: -m connmark: a match module the engine does not evaluate');
    expect(r.out).toContain('  rp-node1/ovs/flows/br-int.txt:7: load:0x5->NXM_NX_REG5[]: registers and metadata are not modelled by the engine');
    const dp = JSON.parse(readFileSync(out, 'utf8')) as { endpoints: { instances: { name: string; ip: string }[] } };
    expect(dp.endpoints.instances.map((i) => `${i.name} ${i.ip}`).sort()).toEqual(['a 10.94.1.94', 'b 10.94.1.197', 'c 10.94.2.43']);
  });

  it('reads nodes packed by netspec-capture.sh --tar beside unpacked ones', async () => {
    const dir = path.join(work, 'tarballs');
    cpSync(REFERENCE, dir, { recursive: true });
    for (const host of ['compute1', 'network1']) {
      execFileSync('tar', ['-czf', `${host}.tar.gz`, host], { cwd: dir });
      rmSync(path.join(dir, host), { recursive: true });
    }
    const r = await runCli('trace', '--captured', dir, '--from', 'vm1', '--to', 'vm3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('network1  qrouter-');
    cpSync(path.join(REFERENCE, 'compute1'), path.join(dir, 'compute1'), { recursive: true });
    expectUsageError(await runCli('import', '--captured', dir), 'compute1 is there both as compute1.tar.gz and as a directory');
  });

  it('refuses a directory with no node in it, naming it', async () => {
    expectUsageError(await runCli('import', '--captured', work), work, 'no node directory');
    expectUsageError(await runCli('import', '--captured', REFERENCE, '--openstack', REFERENCE), 'not both');
  });
});

describe('netspec trace --captured and check --captured', () => {
  it('traces on the captured state', async () => {
    const r = await runCli('trace', '--captured', REFERENCE, '--from', 'vm1', '--to', 'vm3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('delivered to vm3 (vm3@compute1)');
  });

  it('checks every invariant on it, and fails where a capture was broken', async () => {
    const results = path.join(work, 'results');
    expect((await runCli('check', '--captured', REFERENCE, '--results', results, '--only', 'tunnelIdMatchesNetwork,dhcpAnsweredByOwnQdhcp')).code).toBe(0);
    const broken = path.join(work, 'broken');
    cpSync(REFERENCE, broken, { recursive: true });
    rmSync(path.join(broken, 'network1/neutron/dhcp'), { recursive: true });
    const r = await runCli('check', '--captured', broken, '--results', results, '--only', 'dhcpAnsweredByOwnQdhcp');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/dhcpAnsweredByOwnQdhcp .*VIOLATED/);
  });

  it('needs the logical cloud to check against', async () => {
    const bare = path.join(work, 'bare');
    cpSync(REFERENCE, bare, { recursive: true });
    rmSync(path.join(bare, 'openstack'), { recursive: true });
    expectUsageError(await runCli('check', '--captured', bare, '--results', path.join(work, 'r2')), 'no logical cloud', '--topology');
  });
});
