/**
 * drift on the committed captures: the reference capture against the reference cloud shows no
 * drift; a copy edited by hand shows exactly the edits, and a local VLAN renumbered
 * consistently (as a real agent numbers them in its own order) is no drift.
 */
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arb } from '../arbitraries';
import { readCaptured, writeCapture } from '../captured';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import { drift, type DriftItem } from '.';

const REFERENCE = path.join(__dirname, '..', '..', 'examples', 'captured', 'reference');
const work = mkdtempSync(path.join(tmpdir(), 'netspec-drift-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const NET1 = '32f848da-d790-5a4a-912e-bd91a9d56119';
const ROUTER_NS = 'qrouter-b57de879-e553-5fde-91a2-b479bec0ca15';

function copy(name: string): { dir: string; edit: (file: string, change: (text: string) => string) => void } {
  const dir = path.join(work, name);
  cpSync(REFERENCE, dir, { recursive: true });
  return {
    dir,
    edit: (file, change) => {
      const f = path.join(dir, file);
      const before = readFileSync(f, 'utf8');
      const after = change(before);
      expect(after).not.toBe(before); // the edit must take
      writeFileSync(f, after);
    },
  };
}

const short = (i: DriftItem) => [i.node, i.kind, i.where, i.status, i.item, ...(i.fields ?? []).map((f) => `${f.field}: ${f.expected} → ${f.actual}`)].join(' | ');

test('the reference capture has no drift from the reference cloud, and every kind of state was compared', () => {
  const cloud = referenceCloud();
  const report = drift(cloud, readCaptured(REFERENCE, { cloud }));
  expect(report.items.map(short)).toEqual([]);
  expect(report.nodes).toEqual(['compute1', 'compute2', 'controller', 'network1']);
  for (const kind of ['namespace', 'instance', 'device', 'bridge', 'ovs-port', 'flow', 'iptables', 'iptables-policy', 'route', 'dhcp-host', 'dhcp-option', 'dhcp-range', 'listener'] as const) {
    expect([kind, report.compared[kind] ?? 0]).toEqual([kind, expect.any(Number)]);
    expect(report.compared[kind]).toBeGreaterThan(0);
  }
  expect(report.notCompared.map((n) => n.what)).toContain('the fabric: physical segments, the upstream router and the internet host (netspec\'s model of what lies beyond the nodes)');
});

test('a hand-edited capture shows exactly the edits; a consistently renumbered local VLAN is none', () => {
  const c = copy('edited');
  // A flood flow of net1 deleted on network1's br-tun.
  c.edit('network1/ovs/flows/br-tun.txt', (t) => t.split('\n').filter((l) => !/table=22, .*priority=1,dl_vlan=1 /.test(l)).join('\n'));
  // vm1's port on compute1 tagged with net2's local VLAN.
  c.edit('compute1/ovs/ports.json', (t) => t.replace('"qvo5742ee20-b2",1]', '"qvo5742ee20-b2",2]'));
  c.edit('compute1/ovs/show.txt', (t) => t.replace(/(Port qvo5742ee20-b2\n\s+tag: )1/, '$12'));
  // compute2's local VLANs 1 and 2 swapped everywhere: tags and flows.
  const swap = (t: string) => t.replace(/(dl_vlan=|mod_vlan_vid:|tag: |",)([12])\b/g, (_, k: string, v: string) => `${k}${v === '1' ? '2' : '1'}`);
  for (const f of ['compute2/ovs/ports.json', 'compute2/ovs/show.txt', 'compute2/ovs/flows/br-tun.txt']) c.edit(f, swap);
  // A rule added to the router's INPUT chain.
  c.edit(`network1/netns/${ROUTER_NS}/iptables-save.txt`, (t) => t.replace('[0:0] -A neutron-l3-agent-INPUT -p tcp', '[0:0] -A neutron-l3-agent-INPUT -s 10.9.9.9/32 -j ACCEPT\n[0:0] -A neutron-l3-agent-INPUT -p tcp'));
  // vm1's dnsmasq entry given another address.
  c.edit(`network1/neutron/dhcp/${NET1}/host`, (t) => t.replace('fa:16:3e:57:42:ee,host-192-168-1-11,192.168.1.11', 'fa:16:3e:57:42:ee,host-192-168-1-11,192.168.1.99'));

  const cloud = referenceCloud();
  const captured = readCaptured(c.dir, { cloud });
  // The swap took: compute2's numbers now mean the other network (which raw numbers would call drift).
  const realized = realize(cloud).endpoints.localVlans.compute2;
  expect(captured.dataplane.endpoints.localVlans.compute2).toEqual({ 1: realized[2], 2: realized[1] });
  const report = drift(cloud, captured);
  expect(report.items.map(short)).toEqual([
    'compute1 | ovs-port | br-int | differs | qvo5742ee20-b2 | tag: [vlan selfservice1] → [vlan selfservice2]',
    'network1 | flow | br-tun | missing | table=22 priority=1,dl_vlan=[vlan selfservice1] actions=strip_vlan,set_field:0x65->tun_id,output:vxlan→10.0.1.31,output:vxlan→10.0.1.32',
    `network1 | iptables | ${ROUTER_NS} filter neutron-l3-agent-INPUT | extra | -A neutron-l3-agent-INPUT -s 10.9.9.9/32 -j ACCEPT`,
    `network1 | dhcp-host | qdhcp-${NET1} | differs | fa:16:3e:57:42:ee | ip: 192.168.1.11 → 192.168.1.99`,
  ]);
});

test('the same rules of a chain in another order differ by their order', () => {
  const c = copy('reordered');
  c.edit(`network1/netns/${ROUTER_NS}/iptables-save.txt`, (t) => {
    const lines = t.split('\n');
    const i = lines.findIndex((l) => l.startsWith('[0:0] -A neutron-l3-agent-INPUT'));
    [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
    return lines.join('\n');
  });
  const cloud = referenceCloud();
  const items = drift(cloud, readCaptured(c.dir, { cloud })).items;
  expect(items.map((i) => [i.kind, i.status, i.item, i.fields?.map((f) => f.field)])).toEqual([
    ['iptables', 'differs', '-A neutron-l3-agent-INPUT: the same 2 rules in another order', ['order']],
  ]);
});

test('state a node did not capture is not compared, and said so', () => {
  const c = copy('partial');
  rmSync(path.join(c.dir, 'compute1', 'root', 'iptables-save.txt'));
  rmSync(path.join(c.dir, 'network1', 'netns', ROUTER_NS, 'ss.txt'));
  const cloud = referenceCloud();
  const report = drift(cloud, readCaptured(c.dir, { cloud }));
  expect(report.items.map(short)).toEqual([]);
  expect(report.notCompared).toEqual(expect.arrayContaining([
    { node: 'compute1', what: 'root: iptables rules and ipsets (iptables-save not captured)', count: 1 },
    { node: 'network1', what: `${ROUTER_NS}: listening sockets (ss not captured)`, count: 1 },
  ]));
});

test('the real Zed capture against its own Neutron dump: what netspec would build differently (item 5 fixes them)', () => {
  const captured = readCaptured(path.join(__dirname, '..', '..', 'examples', 'captured', 'zed'));
  const report = drift(captured.cloud!, captured);
  const kinds = new Set(report.items.map((i) => i.kind));
  expect([...kinds].sort()).toEqual(['bridge', 'dhcp-host', 'dhcp-option', 'flow', 'iptables', 'iptables-policy', 'namespace']);
  // Findings, each a difference between realize and Neutron 21's agents:
  expect(report.items.map(short)).toEqual(expect.arrayContaining([
    // dnsmasq's hosts file names hosts with the DNS domain,
    'rp-node1 | dhcp-host | qdhcp-6f5fa1f5-6cde-4f6d-b751-2440e31e50dd | differs | fa:16:3e:7a:37:4f | hostname: host-10-94-1-94 → host-10-94-1-94.openstacklocal',
    // Zed's br-int has no packet-rate-limit table (58): table 0 goes to 59,
    'rp-node1 | flow | br-int | extra | table=0 priority=0 actions=resubmit(,59)',
    // and the unused bridge mapping's bridge exists.
    'rp-node1 | bridge |  | extra | br-phy',
  ]));
  // What the capture did not hold is not drift: the root namespaces were not captured.
  expect(report.items.filter((i) => i.where === 'root')).toEqual([]);
  expect(report.notCompared).toEqual(expect.arrayContaining([{ node: 'rp-node2', what: 'root: devices (ip link/addr not captured)', count: 1 }]));
});

test('a generated cloud\'s own plane, written as a capture and read back, has no drift from it (but for policy-routing tables)', () => {
  let run = 0;
  const seen = new Set<string>();
  fc.assert(fc.property(arb.cloud({ computeHosts: { max: 3 }, instances: { max: 4 }, trunk: true }), (cloud) => {
    const dir = path.join(work, `generated-${run++}`);
    writeCapture(dir, realize(cloud), cloud);
    const report = drift(cloud, readCaptured(dir, { cloud }));
    // The capture layout has no `ip rule` and writes every route in the main table: a DVR router's
    // routes in its own tables come back in main (a gap of the capture, which drift shows).
    const moved = new Set(report.items.filter((i) => i.kind === 'route' && i.status === 'missing' && / table \d+$/.test(i.item))
      .map((i) => `${i.where} ${i.item.replace(/ table \d+$/, '')}`));
    const tableRoute = (i: DriftItem) => i.kind === 'route' && (i.status === 'missing' ? / table \d+$/.test(i.item) : i.status === 'extra' && moved.has(`${i.where} ${i.item.replace(/ \(#\d+\)$/, '')}`));
    expect(report.items.filter((i) => !tableRoute(i)).map(short)).toEqual([]);
    if (report.items.length) seen.add('policy-routing gap');
    if (cloud.routers.some((r) => r.ha)) seen.add('ha');
    if (cloud.routers.some((r) => r.distributed)) seen.add('dvr');
    if (cloud.trunks.length) seen.add('trunk');
    if (cloud.options.firewall_driver === 'openvswitch') seen.add('openvswitch firewall');
    rmSync(dir, { recursive: true, force: true });
  }), { numRuns: 30, seed: 15 });
  expect([...seen].sort()).toEqual(['dvr', 'ha', 'openvswitch firewall', 'policy-routing gap', 'trunk']);
});

test('the public API gives the report the command prints', async () => {
  const api = await import('..');
  const cloud = api.loadTopology('examples/reference-cloud.yaml');
  const report = api.drift(cloud, api.readCaptured(REFERENCE, { cloud }));
  expect(api.driftToJson(report)).toMatchObject({ schemaVersion: api.DRIFT_JSON_SCHEMA_VERSION, drift: false, items: [] });
  expect(api.renderDrift(report)).toMatch(/^no drift in cloud reference: \d+ items compared on 4 nodes\n/);
});
