/**
 * What-if: which flows change when the cloud changes. Each change is made on a fork of the running
 * cloud (the base is never touched; guests keep their leases) and `diff` compares every flow the
 * check enumerates, by outcome and path. The expected flows are found from the base cloud's own
 * walks and state, never listed by hand.
 */
import {
  cloudBuilder, diff, fork, mainPath, referenceCloud, referenceCloudSpec, simulate,
  type Simulation, type Trace,
} from 'netspec';

const base = simulate(referenceCloud());
const names = (s: Simulation) => s.cloud.instances.map((i) => i.name);

/** Every flow `netspec check` enumerates: each instance to every other, to the internet, DHCP and metadata. */
function everyFlow(s: Simulation): [string, string][] {
  const vms = names(s);
  return vms.flatMap((a) => [...vms.filter((b) => b !== a), 'internet', 'dhcp', 'metadata'].map((b) => [a, b] as [string, string]));
}

/** Whether the path that decided a walk's outcome (request or answer) enters or leaves a device by `port`; a flood's other copies do not count. */
function passesPort(t: Trace, host: string, port: string): boolean {
  return [t.root, ...(t.reply ? [t.reply] : [])].some((b) => mainPath(b).some((h) => h.host === host && (h.in === port || h.out === port)));
}

describe('detaching router1 from selfservice2', () => {
  const changed = fork(base).detachInterface('router1', 'selfservice2');
  const d = diff(changed);
  // router1's interface on selfservice2: the qrouter's port holding the subnet's gateway address.
  const gateway = base.cloud.subnets.find((s) => s.name === 'selfservice2-v4')!.gateway_ip!;
  const qrouter = base.dataplane.hosts.find((h) => h.name === 'network1')!.devices
    .find((x) => x.kind === 'namespace' && x.role === 'qrouter')!;
  const qr = qrouter.kind === 'namespace' ? qrouter.interfaces.find((i) => i.addresses.some((a) => a.startsWith(`${gateway}/`)))!.name : '';
  const across = everyFlow(base).filter(([a, b]) => passesPort(base.trace(a, b), 'network1', qr)).map(([a, b]) => `${a} → ${b}`);

  // @id 83815694-8654-58eb-9b9c-9773a9e1c11e
  it('breaks exactly the flows that crossed that router interface, and nothing else', () => {
    expect(qr).toMatch(/^qr-/);
    expect(across.length).toBeGreaterThan(0);
    expect(d).toChangeOnly(across, { as: 'broken' });
    expect(d).not.toPreserveReachability();
  });

  // @id 5ca87c1a-0176-5b1d-b07e-1f60669b08e4
  it('leaves same-network and DHCP flows of selfservice2 as they were', () => {
    expect(across).not.toContain('vm3 → vm4');
    expect(across).not.toContain('vm3 → dhcp');
    expect(changed.simulate().trace('vm3', 'vm4')).toBeDeliveredTo('vm4');
  });

  // @id b019164e-7380-5e0b-aed9-bc8b45ecb14b
  it('keeps both walks of each broken flow: through the qr- before, short of it after', () => {
    const change = d.broken.find((c) => c.flows.includes('vm3 → vm1'))!;
    expect(change.base).toTraverse('router1');
    expect(change.base).toBeDeliveredTo('vm1');
    expect(change.changed).toBeDropped({ by: 'vm3', reason: 'ARP for 192.168.2.1' });
  });

  // @id 3a96b5aa-e3a6-551d-902d-08fea912f525
  it('never touches the base cloud', () => {
    expect(base.trace('vm3', 'vm1')).toBeDeliveredTo('vm1');
    expect(base.cloud.routers[0].interfaces).toHaveLength(2);
  });
});

describe('migrating vm1 to a third compute host', () => {
  const three = simulate(cloudBuilder.from(referenceCloudSpec)
    .host({ name: 'compute3', role: 'compute', management: { ip: '10.0.0.33/24' }, overlay: { ip: '10.0.1.33/24' } }).build());
  const d = diff(fork(three).migrate('vm1', 'compute3'));
  const ofVm1 = everyFlow(three).filter(([a, b]) => a === 'vm1' || b === 'vm1').map(([a, b]) => `${a} → ${b}`);

  // @id 87c8ffcc-b4d4-5f36-a1c6-2957c5efe157
  it('reroutes only vm1’s flows, and no outcome changes', () => {
    expect(d).toChangeOnly(ofVm1, { as: 'rerouted' });
    expect(d).toPreserveReachability();
  });

  // @id 0cd15955-5b92-55ab-8987-c35de4d836cb
  it('sends vm1 ↔ vm2 (selfservice1) through a different tunnel, with the same disposition', () => {
    for (const [from, to, near, far] of [['vm1', 'vm2', 'compute3', 'compute2'], ['vm2', 'vm1', 'compute2', 'compute3']]) {
      const change = d.rerouted.find((c) => c.flows.includes(`${from} → ${to}`))!;
      expect(change.changed!.disposition.kind).toBe(change.base!.disposition.kind);
      expect(change.changed).toBeDeliveredTo(to);
      const was = from === 'vm1' ? ['compute1', 'compute2'] : ['compute2', 'compute1'];
      expect(change.base).toCrossTunnel({ vni: 101, from: was[0], to: was[1] });
      expect(change.changed).toCrossTunnel({ vni: 101, from: near, to: far });
      expect(change.changed).not.toTraverse('*@compute1');
    }
  });
});

describe('the what-if matchers catch what a change was not meant to do', () => {
  const qdhcp = base.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((x) => x.name.startsWith('qdhcp-') && x.kind === 'namespace' && x.owner === 'selfservice1')!;
  const three = simulate(cloudBuilder.from(referenceCloudSpec)
    .host({ name: 'compute3', role: 'compute', management: { ip: '10.0.0.33/24' }, overlay: { ip: '10.0.1.33/24' } }).build());
  const ofVm1 = everyFlow(three).filter(([a, b]) => a === 'vm1' || b === 'vm1').map(([a, b]) => `${a} → ${b}`);

  // @id 3c9f175a-7c1a-50e7-8da0-6617456aaa87
  it('a migration that also lost selfservice1’s dnsmasq is no mere migration', () => {
    const d = diff(fork(three).migrate('vm1', 'compute3').inject({ kind: 'process-down', host: 'network1', namespace: qdhcp.name, process: 'dnsmasq' }));
    expect(() => expect(d).toChangeOnly(ofVm1, { as: 'rerouted' })).toThrow(/unlisted flow changed: \["vm2 → dhcp"\]/);
    expect(() => expect(d).toPreserveReachability()).toThrow(/✗ vm1 → dhcp\n {4}before:/);
  });
});

describe('stopping the only DHCP agent', () => {
  const dhcpHosts = base.cloud.hosts.filter((h) => h.agents.includes('dhcp'));
  const d = diff(fork(base).stopAgent('dhcp', dhcpHosts[0].name));
  const served = base.cloud.ports.filter((p) => p.device_owner === 'network:dhcp').map((p) => p.network_id);
  const clients = base.cloud.instances
    .filter((i) => served.includes(base.cloud.ports.find((p) => p.id === i.ports[0])!.network_id)).map((i) => `${i.name} → dhcp`);

  // @id e3a4e42e-e3e2-54ef-90fd-b1a59191ee76
  it('breaks DHCP for every instance of the networks it served, and nothing else', () => {
    expect(dhcpHosts).toHaveLength(1);
    expect(clients).toHaveLength(base.cloud.instances.length);
    expect(d).toChangeOnly(clients, { as: 'broken' });
  });

  // @id 2e7680b6-ded8-5ba1-a23d-8ca8344da5c1
  it('leaves running guests their leases: they still reach each other, the internet and metadata', () => {
    const after = d.changed;
    expect(after.trace('vm1', 'vm4')).toBeDeliveredTo('vm4');
    expect(after.trace('vm2', 'metadata')).toBeAnsweredBy('nova-metadata');
    expect(after.trace('vm1', 'dhcp')).toBeDropped();
  });
});
