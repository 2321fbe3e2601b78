/**
 * `netspec scaffold` end to end: the spec it writes for the reference cloud type-checks, passes
 * under Jest, fails readably once a fault is injected, and survives a re-run after the cloud
 * changed with its hand-written tests intact. Jest and tsc run once, in child processes, over
 * every spec this file writes into a scratch directory (named *.child.ts, so that no other Jest
 * run that happens to start meanwhile picks them up).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  cloudBuilder, inject, referenceCloud, referenceCloudSpec, simulate, type Fault, type Namespace,
} from '../index';
import { childJest, REPO, run, scratchDir, type JestAssertion } from './__fixtures__/helpers';
import { findBlocks } from './generated-blocks';
import { checkIds } from './ids';
import { lintFiles } from './lint';
import { scaffoldSpec } from './scaffold';

const scratch = scratchDir('scaffold');
const spec = (name: string) => join(scratch.dir, name);
const read = (name: string) => readFileSync(spec(name), 'utf8');

const healthy = simulate(referenceCloud());
const qrouter = healthy.dataplane.hosts.find((h) => h.name === 'network1')!.devices
  .find((d): d is Namespace => d.kind === 'namespace' && d.role === 'qrouter' && d.owner === 'router1')!;
const FAULTS: Record<string, Fault> = {
  'redirect.child.ts': { kind: 'rule-missing', host: 'network1', namespace: qrouter.name, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT' },
  'qr.child.ts': { kind: 'interface-missing', host: 'network1', namespace: qrouter.name, iface: qrouter.interfaces.find((i) => i.addresses.includes('192.168.2.1/24'))!.name },
};

const HAPROXY_DOWN: Fault = { kind: 'process-down', host: 'network1', namespace: qrouter.name, process: 'haproxy' };

/** The reference cloud plus vm5 next to vm1, and selfservice3 (vm6) on router1. */
function changedCloudFile(): string {
  const s = cloudBuilder.from(referenceCloudSpec)
    .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1' })
    .network({ name: 'selfservice3', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 103 })
    .subnet({ name: 'selfservice3-v4', network: 'selfservice3', cidr: '192.168.3.0/24' })
    .instance({ name: 'vm6', host: 'compute2', network: 'selfservice3' })
    .spec();
  s.routers!.find((r) => r.name === 'router1')!.interfaces!.push({ subnet: 'selfservice3-v4' });
  const file = spec('changed-cloud.json');
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

const HAND_WRITTEN = {
  afterSetup: "\n// mine: a helper of my own, between generated blocks\nconst reach = (from: string, to: string) => sim.trace(from, to);\n",
  atEnd: "\ndescribe('mine', () => {\n  it('keeps vm1 and vm2 apart from the router', () => {\n    expect(reach('vm1', 'vm2')).toNeverTraverse('qrouter-*');\n  });\n});\n",
};

let results: Map<string, JestAssertion[]>;
let tsc: { status: number | null; output: string };
let updatedBefore: string;
let updateRun: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  expect((await run('scaffold', '--out', spec('reference.child.ts'))).code).toBe(0);
  for (const [name, fault] of Object.entries(FAULTS)) {
    writeFileSync(spec(name), scaffoldSpec(referenceCloud(), { outFile: spec(name), faults: [fault] }).text);
  }
  // Recorded from a broken data plane and run on it: what it records holds there.
  writeFileSync(spec('recorded-broken.child.ts'), scaffoldSpec(referenceCloud(), {
    outFile: spec('recorded-broken.child.ts'), dataplane: inject(healthy.dataplane, HAPROXY_DOWN), faults: [HAPROXY_DOWN],
  }).text);
  // updated.child.ts: scaffolded, edited by hand, then scaffolded again from a changed cloud.
  expect((await run('scaffold', '--out', spec('updated.child.ts'))).code).toBe(0);
  const original = read('updated.child.ts');
  const setupEnd = original.indexOf('// netspec:generated end setup\n') + '// netspec:generated end setup\n'.length;
  updatedBefore = original.slice(0, setupEnd) + HAND_WRITTEN.afterSetup + original.slice(setupEnd) + HAND_WRITTEN.atEnd;
  writeFileSync(spec('updated.child.ts'), updatedBefore);
  updateRun = await run('scaffold', '--topology', changedCloudFile(), '--out', spec('updated.child.ts'));

  writeFileSync(spec('tsconfig.json'), JSON.stringify({
    extends: relative(scratch.dir, join(REPO, 'tsconfig.json')).split('\\').join('/'),
    include: ['*.child.ts', relative(scratch.dir, join(REPO, 'matchers', 'types.ts')).split('\\').join('/')],
  }));
  const t = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', spec('tsconfig.json')], { encoding: 'utf8' });
  tsc = { status: t.status, output: t.stdout + t.stderr };
  results = childJest(scratch.dir);
}, 180_000);

afterAll(() => scratch.cleanup());

const failing = (file: string) => results.get(file)!.filter((a) => a.status === 'failed').map((a) => a.fullName).sort();
const message = (file: string, fullName: string) =>
  stripVTControlCharacters(results.get(file)!.find((a) => a.fullName === fullName)!.failureMessages.join('\n'));

describe('netspec scaffold on the reference cloud', () => {
  it('writes a describe per network and per router, a test per class of flow, and the invariants that apply', () => {
    const text = read('reference.child.ts');
    expect(findBlocks(text).map((b) => b.id)).toEqual([
      'setup', 'network:selfservice1', 'network:selfservice2', 'network:provider1', 'router:router1', 'invariants']);
    expect([...text.matchAll(/^\s*(?:describe|it)\((['"])(.*?)\1/gm)].map((m) => m[2])).toEqual([
      'network selfservice1',
      'same network, across hosts: vm1 (compute1) → vm2 (compute2)', 'DHCP from vm1', 'metadata from vm1',
      'network selfservice2',
      'same network, across hosts: vm3 (compute1) → vm4 (compute2)', 'DHCP from vm3', 'metadata from vm3',
      'router router1',
      'across router1: vm1 (selfservice1) → vm3 (selfservice2)', 'internet from vm1 (selfservice1)', 'internet from vm3 (selfservice2)',
      'cloud-wide invariants',
      'sameNetworkNeverRouted holds', 'dhcpAnsweredByOwnQdhcp holds', 'metadataReachesProxy holds', 'tunnelIdMatchesNetwork holds',
      'localVlanStaysInsideHost holds', 'routedTrafficCrossesOneQrouter holds', 'onlyOneGatewayPerRouter holds',
      'everyInstanceReachesTheInternet holds', 'routerPortsWired holds', 'framesStayOnTheirNetwork holds', 'securityGroupsOnPath holds',
      'l2popDecidesUnicast holds', 'broadcastReachesEveryHostOfItsNetwork holds', 'metadataProxyNotDirectlyReachable holds',
      'overlayComplete holds', 'strangersDroppedAtIngress holds', 'arpStaysOnItsNetwork holds', 'everyInstanceReachesItsGateway holds', 'dhcpGuestsGetTheirSubnetSettings holds',
    ]);
    expect(text).toContain('// same network, same host: no two instances of selfservice1 share a host');
    expect(text).toContain('// not applicable (no flows of their kind in this cloud): unroutedNetworksIsolated');
    expect(text).toMatch(/import \{[^}]*\bdhcpAnsweredByOwnQdhcp,[^}]*\} from .netspec./);
    expect(text).toContain("} from 'netspec';\n\nconst sim = simulate(referenceCloud());");
  });

  it('records the path as location patterns, with the outcome, NAT, tunnels and listeners', () => {
    const metadata = /it\('metadata from vm1'[\s\S]*?\n {2}\}\);/.exec(read('reference.child.ts'))![0];
    expect(metadata).toBe(`it('metadata from vm1', () => {
    const t = sim.trace('vm1', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(9697, { in: qrouter('router1') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controller' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'neutron-metadata-agent@network1', 'root@network1', 'management@fabric', 'root@controller',
      // the reply
      'root@controller', 'management@fabric', 'root@network1', qrouter('router1'), 'br-int@network1',
      'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1', 'br-tun@compute1',
      'br-int@compute1', 'qbr*@compute1', 'vm1@compute1',
    ]);
  });`);
  });

  it('type-checks', () => {
    expect(tsc).toEqual({ status: 0, output: '' });
  });

  it('passes on the reference cloud', () => {
    const all = results.get('reference.child.ts')!;
    expect(all).toHaveLength(28); // 9 flow classes + the 19 built-in invariants that apply (all but unroutedNetworksIsolated)
    expect(failing('reference.child.ts')).toEqual([]);
  });

  it('fails after the REDIRECT rule is removed from router1: the metadata tests, each showing the trace', () => {
    expect(failing('redirect.child.ts')).toEqual([
      'cloud-wide invariants metadataReachesProxy holds',
      'network selfservice1 metadata from vm1',
      'network selfservice2 metadata from vm3',
    ]);
    const m = message('redirect.child.ts', 'network selfservice1 metadata from vm1');
    // The matcher's message, with the trace drawn: it went through router1 and out to the internet.
    expect(m).toContain('expect(received).toBeAnsweredBy(expected)\n\nExpected the packet to be answered by:\n  "nova-api-metadata"\nReceived:');
    expect(m).toMatch(/vm1 → metadata: tcp 192\.168\.1\.11:\d+ → 169\.254\.169\.254:80\n/);
    expect(m).toMatch(new RegExp(`network1\\s+${qrouter.name} \\(router1\\) qr-\\S+ → qg-`));
    expect(m).toMatch(/upstream/);
    expect(message('redirect.child.ts', 'cloud-wide invariants metadataReachesProxy holds'))
      .toContain(`vm1 → metadata: "never reached the metadata proxy on port 9697 in ${qrouter.name}`);
  });

  it('fails after router1 loses its qr- on selfservice2: what crosses the router or starts on selfservice2', () => {
    const failed = failing('qr.child.ts');
    expect(failed).toEqual(expect.arrayContaining([
      'router router1 across router1: vm1 (selfservice1) → vm3 (selfservice2)',
      'router router1 internet from vm3 (selfservice2)',
      'network selfservice2 metadata from vm3',
      'cloud-wide invariants routedTrafficCrossesOneQrouter holds',
    ]));
    expect(failed.filter((n) => n.startsWith('network selfservice1'))).toEqual([]);
    expect(message('qr.child.ts', 'router router1 across router1: vm1 (selfservice1) → vm3 (selfservice2)'))
      .toMatch(/expect\(received\)\.toBeDeliveredTo\(expected\)\n\nExpected the packet to be delivered to:\n {2}"vm3"\nReceived:\n {2}vm1 → vm3: icmp/);
  });
});

describe('netspec scaffold on a broken cloud', () => {
  it('records what happens today: a drop as toBeDropped, a violated invariant as it.failing with its counterexample', () => {
    const text = read('recorded-broken.child.ts');
    expect(text).toContain("expect(t).toBeDropped({ by: qrouter('router1'), reason: 'haproxy is not running: nothing listens on tcp/9697 on 192.168.1.1' });");
    expect(text).toContain(`// Violated when scaffolded (vm1 → metadata: never reached the metadata proxy on port 9697 in ${qrouter.name}`);
    expect(text).toContain("it.failing('metadataReachesProxy holds', () => {");
  });

  it('and that spec passes on that cloud', () => {
    expect(results.get('recorded-broken.child.ts')).toHaveLength(28);
    expect(failing('recorded-broken.child.ts')).toEqual([]);
  });
});

describe('netspec scaffold again, after the cloud changed', () => {
  it('rewrites the generated blocks, adds the new network, and keeps hand-written code where it was', () => {
    expect(updateRun.code).toBe(0);
    expect(updateRun.err).toEqual([`updated ${relative(REPO, spec('updated.child.ts'))}: 3 blocks rewritten, 1 added, 0 removed, 3 unchanged`]);
    const text = read('updated.child.ts');
    expect(findBlocks(text).map((b) => b.id)).toEqual([
      'setup', 'network:selfservice1', 'network:selfservice2', 'network:provider1', 'network:selfservice3', 'router:router1', 'invariants']);
    expect(text).toContain(`${"// netspec:generated end setup\n"}${HAND_WRITTEN.afterSetup}`);
    expect(text.endsWith(`// netspec:generated end invariants\n${HAND_WRITTEN.atEnd}`)).toBe(true);
    expect(text).toContain("const sim = simulate(loadTopology(join(__dirname, 'changed-cloud.json')));");
    expect(text).toContain("it('same network, same host: vm1 → vm5 on compute1'");
    expect(text).toContain("it('across router1: vm3 (selfservice2) → vm6 (selfservice3)'");
  });

  it('keeps the ids of tests that are still there', () => {
    const id = (text: string, title: string) => new RegExp(`// @id (\\S+)\\n\\s*it\\('${title}'`).exec(text)![1];
    expect(id(read('updated.child.ts'), 'DHCP from vm1')).toBe(id(updatedBefore, 'DHCP from vm1'));
    expect(id(read('updated.child.ts'), 'metadataReachesProxy holds')).toBe(id(updatedBefore, 'metadataReachesProxy holds'));
  });

  it('passes on the changed cloud, hand-written tests included', () => {
    expect(failing('updated.child.ts')).toEqual([]);
    const names = results.get('updated.child.ts')!.map((a) => a.fullName);
    expect(names).toContain('mine keeps vm1 and vm2 apart from the router');
    expect(names).toContain('network selfservice1 same network, same host: vm1 → vm5 on compute1');
  });

  it('is up to date right after (scaffold --check exits 0), and out of date against another cloud (exit 1)', async () => {
    const again = await run('scaffold', '--topology', spec('changed-cloud.json'), '--out', spec('updated.child.ts'), '--check');
    expect(again.code).toBe(0);
    const other = await run('scaffold', '--out', spec('updated.child.ts'), '--check');
    expect(other.code).toBe(1);
    expect(other.err[0]).toContain('is out of date: setup changed, network:selfservice1 changed');
    expect(other.err[0]).toContain('network:selfservice3 is gone');
  });
});

describe('the other spec tools on scaffolded specs', () => {
  it('lint finds nothing; every generated test has a unique id, hand-written ones need ids --fix', () => {
    const files = ['reference.child.ts', 'updated.child.ts', 'redirect.child.ts', 'qr.child.ts', 'recorded-broken.child.ts'].map(spec);
    expect(lintFiles(files)).toEqual([]);
    expect(checkIds(files).problems.map((p) => `${p.kind} ${p.message}`)).toEqual([
      'missing test "mine › keeps vm1 and vm2 apart from the router" has no id']);
  });
});

describe('the scaffold command', () => {
  it('prints the spec without --out (no ids: they depend on where it is saved)', async () => {
    const r = await run('scaffold', '--topology', join(REPO, 'examples', 'reference-cloud.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`const sim = simulate(loadTopology(${JSON.stringify(join(REPO, 'examples', 'reference-cloud.yaml')).replace(/"/g, "'")}));`);
    expect(r.out).not.toContain('// @id');
  });

  it('usage errors exit 2 with one line', async () => {
    expect(await run('scaffold', '--check')).toEqual({ code: 2, out: '', err: ['netspec scaffold: --check needs --out FILE (the spec to compare)'] });
    const broken = spec('broken.ts');
    writeFileSync(broken, '// netspec:generated begin setup\n');
    const r = await run('scaffold', '--out', broken);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`netspec scaffold: ${broken}: line 1: block setup never ends (no "// netspec:generated end setup")`]);
    expect((await run('scaffold', '--topology', 'no/such/cloud.yaml')).code).toBe(2);
  });
});
