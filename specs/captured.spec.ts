/**
 * Captured data planes: what netspec-capture.sh saved on each node, parsed into the plane the
 * engine walks. netspec's own plane written in the capture layout and read back traces as the
 * plane does; a capture with one flow deleted or one iptables DROP added turns a trace red; and
 * what the parsers do not understand is listed line by line, never dropped unseen.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  dhcpAnsweredByOwnQdhcp, metadataReachesProxy, readCaptured, referenceCloud, renderTrace, sameNetworkNeverRouted, simulate, simulateCaptured,
  writeCapture, realize, qdhcp,
} from 'netspec';

const FIXTURE = 'examples/captured/reference';
const work = mkdtempSync(path.join(tmpdir(), 'netspec-captured-spec-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the committed reference capture to break. */
function copyOfFixture(name: string): string {
  const dir = path.join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('netspec\'s own data plane, written as a capture and read back', () => {
  const cloud = referenceCloud();
  const dir = path.join(work, 'round-trip');
  writeCapture(dir, realize(cloud), cloud);
  const captured = readCaptured(dir, { cloud });
  const real = simulate(cloud);
  const read = simulate(cloud, captured.dataplane);

  // @id 0bcfe9b2-5945-533d-9fa7-1ebbc25ab1e4
  it('is understood line by line', () => {
    expect(captured.notUnderstood).toEqual([]);
    expect(captured.nodes).toEqual(['compute1', 'compute2', 'controller', 'network1']);
  });

  // @id bbf1709c-7989-5108-8c89-8e1da002b9ea
  it('traces every flow between instances, to the internet, DHCP and metadata as the plane itself does', () => {
    const names = cloud.instances.map((i) => i.name);
    let compared = 0;
    for (const from of names) for (const to of [...names.filter((n) => n !== from), 'internet', 'dhcp', 'metadata']) {
      expect(renderTrace(read.trace(from, to), 'minimal')).toBe(renderTrace(real.trace(from, to), 'minimal'));
      compared++;
    }
    expect(compared).toBe(24);
  });
});

describe('the committed reference capture (examples/captured/reference)', () => {
  const sim = simulateCaptured(FIXTURE);

  // @id 308837d6-e279-5ecc-a5a4-c99952762a79
  it('delivers vm1 → vm3 through router1 on the network node, as the real state says', () => {
    const t = sim.trace('vm1', 'vm3');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).toTraverseInOrder(['vm1', 'router1', 'vm3']);
  });

  // @id d60419ed-2875-5e1e-97cc-7bda2a0da226
  it('holds the invariants it is judged by against the cloud of its Neutron dump', () => {
    expect(sim).toSatisfy(sameNetworkNeverRouted);
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
    expect(sim).toSatisfy(metadataReachesProxy);
  });
});

describe('a broken capture turns a trace red', () => {
  // @id d28cb8d6-842a-5ca8-a553-c1f87eca915b
  it('a deleted flow: br-tun on compute1 no longer maps VNI 102 to its local VLAN, so vm3 never gets vm1\'s packet', () => {
    const dir = copyOfFixture('deleted-flow');
    const file = path.join(dir, 'compute1/ovs/flows/br-tun.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    const victim = lines.filter((l) => /table=4, .*tun_id=0x66 /.test(l));
    expect(victim).toHaveLength(1);
    writeFileSync(file, lines.filter((l) => !victim.includes(l)).join('\n'));
    const before = simulateCaptured(FIXTURE).trace('vm1', 'vm3');
    const after = simulateCaptured(dir).trace('vm1', 'vm3');
    expect(before).toBeDeliveredTo('vm3');
    expect(after).toBeDropped();
    expect(readCaptured(dir).notUnderstood).toEqual([]);
  });

  // @id b3952ff6-2e8b-5dbc-8d8c-2f5ad6ab5083
  it('an iptables DROP at the head of compute2\'s FORWARD chain drops what reaches vm2 through its hybrid firewall', () => {
    const dir = copyOfFixture('iptables-drop');
    const file = path.join(dir, 'compute2/root/iptables-save.txt');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('[0:0] -A FORWARD ');
    expect(at).toBeGreaterThan(0);
    writeFileSync(file, `${text.slice(0, at)}[0:0] -A FORWARD -j DROP\n${text.slice(at)}`);
    expect(simulateCaptured(FIXTURE).trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
    expect(simulateCaptured(dir).trace('vm1', 'vm2')).toBeDropped();
  });
});

describe('what the parsers do not understand is listed, exactly', () => {
  // @id 57951894-7852-5ecd-9371-d5ecdb4bb4b2
  it('lists each line left out with its file, line and reason, and keeps the lines around it', () => {
    const dir = copyOfFixture('not-understood');
    const flows = path.join(dir, 'network1/ovs/flows/br-int.txt');
    writeFileSync(flows, `${readFileSync(flows, 'utf8')} cookie=0x0, table=60, priority=100,reg5=0x2 actions=NORMAL\n cookie=0x0, table=0, priority=7,ipv6 actions=drop\n`);
    const ipt = path.join(dir, 'compute1/root/iptables-save.txt');
    writeFileSync(ipt, readFileSync(ipt, 'utf8').replace('COMMIT', '[0:0] -A INPUT -p tcp -m limit --limit 5/min -j LOG\nCOMMIT'));
    const n = readFileSync(flows, 'utf8').trimEnd().split('\n').length;
    const iptLine = readFileSync(ipt, 'utf8').split('\n').findIndex((l) => l.includes('-j LOG')) + 1;
    const captured = readCaptured(dir);
    expect(captured.notUnderstood).toEqual([
      { file: 'compute1/root/iptables-save.txt', line: iptLine, text: '[0:0] -A INPUT -p tcp -m limit --limit 5/min -j LOG', reason: '-m limit: a match module the engine does not evaluate' },
      { file: 'network1/ovs/flows/br-int.txt', line: n - 1, text: 'cookie=0x0, table=60, priority=100,reg5=0x2 actions=NORMAL', reason: 'reg5=0x2: registers and metadata are not modelled by the engine' },
      { file: 'network1/ovs/flows/br-int.txt', line: n, text: 'cookie=0x0, table=0, priority=7,ipv6 actions=drop', reason: 'ipv6: an IPv6 flow (the engine walks IPv4 only)' },
    ]);
    expect(simulate(captured.cloud!, captured.dataplane).trace('vm1', 'vm3')).toBeDeliveredTo('vm3');
  });
});

describe('a real Zed capture (examples/captured/zed)', () => {
  const sim = simulateCaptured('examples/captured/zed');

  // @id 7f996004-f3c0-56b5-b289-b2bddb531493
  it('finds the instances behind their tap devices, with the MACs and addresses dnsmasq serves', () => {
    expect(sim.dataplane.endpoints.instances.map((i) => [i.name, i.host, i.mac, i.ip]).sort()).toEqual([
      ['a', 'rp-node1', 'fa:16:3e:7a:37:4f', '10.94.1.94'], ['b', 'rp-node2', 'fa:16:3e:37:25:a3', '10.94.1.197'], ['c', 'rp-node2', 'fa:16:3e:ba:96:ef', '10.94.2.43'],
    ]);
  });

  // @id ce55e30e-73bf-5d22-953b-8623c7b01e64
  it('answers a\'s DHCP request from the real dnsmasq hosts file, with its real address', () => {
    const t = sim.trace('a', 'dhcp');
    expect(t).toBeAnsweredBy(qdhcp('net1'));
    expect(renderTrace(t, 'minimal')).toContain('DHCPOFFER 10.94.1.94 to fa:16:3e:7a:37:4f');
  });

  // @id c1bca9f7-b4c0-55ec-a958-9e203f02a24c
  it('says which lines of the real state it left out: the firewall\'s register flows, IPv6, connmark', () => {
    const reasons = new Set(sim.captured.notUnderstood.map((i) => i.reason.replace(/^.*?: /, '')));
    expect(reasons).toContain('registers and metadata are not modelled by the engine');
    expect(reasons).toContain('an IPv6 flow (the engine walks IPv4 only)');
    expect(reasons).toContain('a match module the engine does not evaluate');
    expect(sim.captured.notUnderstood.filter((i) => i.file.endsWith('br-tun.txt'))).toEqual([]);
  });
});
