import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectUsageError, runCli } from '../testing/cli';

const REFERENCE = 'examples/captured/reference';
const ZED = 'examples/captured/zed';
const TOPOLOGY = 'examples/reference-cloud.yaml';
const work = mkdtempSync(path.join(tmpdir(), 'netspec-drift-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('netspec drift', () => {
  it('exits 0 with no drift on the reference capture against the reference cloud', async () => {
    const r = await runCli('drift', '--captured', REFERENCE, '--topology', TOPOLOGY);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^no drift in cloud reference: \d+ items compared on 4 nodes\n\nnot compared:\n/);
  });

  it('against the cloud imported from DIR/openstack/, shows the management addresses the dump cannot say (placeholders)', async () => {
    const r = await runCli('drift', '--captured', REFERENCE, '--json');
    expect(r.code).toBe(1);
    const items = (JSON.parse(r.out) as { items: { node: string; item: string; fields?: { expected: string; actual: string }[] }[] }).items;
    expect(items.map((i) => `${i.node} ${i.item}${i.fields ? `: ${i.fields.map((f) => `${f.expected} → ${f.actual}`).join()}` : ''}`)).toEqual([
      'controller address 10.0.0.201/24',
      'network1 address 10.0.0.202/24',
      'network1 unix /var/lib/neutron/metadata_proxy: tcp 10.0.0.201:8775 → tcp 10.0.0.11:8775',
    ]);
  });

  it('exits 1 and lists each item by node and kind; --json and --out give the same report as JSON', async () => {
    const dir = path.join(work, 'edited');
    cpSync(REFERENCE, dir, { recursive: true });
    const f = path.join(dir, 'network1', 'ovs', 'flows', 'br-tun.txt');
    writeFileSync(f, readFileSync(f, 'utf8').replace('priority=1,dl_vlan=1 actions=strip_vlan', 'priority=1,dl_vlan=1 actions=drop,strip_vlan'));
    const r = await runCli('drift', '--captured', dir, '--topology', TOPOLOGY);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      expect.stringMatching(/^drift of cloud reference: 2 items differ \(\d+ items compared on 4 nodes\)$/),
      '',
      'network1',
      '  flow  br-tun',
      '    missing in capture  table=22 priority=1,dl_vlan=[vlan selfservice1] actions=strip_vlan,set_field:0x65->tun_id,output:vxlan→10.0.1.31,output:vxlan→10.0.1.32',
      '    only in capture     table=22 priority=1,dl_vlan=[vlan selfservice1] actions=drop,strip_vlan,set_field:0x65->tun_id,output:vxlan→10.0.1.31,output:vxlan→10.0.1.32',
    ]);
    const out = path.join(work, 'drift.json');
    const j = await runCli('drift', '--captured', dir, '--topology', TOPOLOGY, '--json', '--out', out);
    expect(j.code).toBe(1);
    const report = JSON.parse(j.out) as { drift: boolean; items: { node: string; kind: string; where: string; status: string }[] };
    expect(report.drift).toBe(true);
    expect(report.items.map((i) => `${i.node} ${i.kind} ${i.where} ${i.status}`)).toEqual(['network1 flow br-tun missing', 'network1 flow br-tun extra']);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
  });

  it('reports the real Zed capture\'s drift from its Neutron dump (exit 1), with what it could not compare', async () => {
    const r = await runCli('drift', '--captured', ZED);
    expect(r.code).toBe(1);
    expect(r.out).toContain('    differs             fa:16:3e:7a:37:4f: hostname host-10-94-1-94 → host-10-94-1-94.openstacklocal');
    expect(r.out).toContain('  - rp-node2: root: devices (ip link/addr not captured)');
  });

  it('exits 2 with one clear line on bad input', async () => {
    expectUsageError(await runCli('drift'), 'drift needs --captured DIR');
    expectUsageError(await runCli('drift', '--captured', path.join(work, 'nowhere')), 'nowhere: not a directory');
    expectUsageError(await runCli('drift', '--captured', ''), '--captured needs a directory');
    const bare = path.join(work, 'bare');
    cpSync(REFERENCE, bare, { recursive: true });
    rmSync(path.join(bare, 'openstack'), { recursive: true });
    expectUsageError(await runCli('drift', '--captured', bare), 'no cloud to compare with: give --topology FILE');
    const bad = path.join(work, 'bad.yaml');
    writeFileSync(bad, 'networks: 3\n');
    const r = await runCli('drift', '--captured', REFERENCE, '--topology', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.yaml');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect((await runCli('drift', '--help')).out).toContain('usage: netspec drift --captured DIR');
  });
});
