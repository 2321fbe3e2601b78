/**
 * DHCP: a DISCOVER broadcast from an instance crosses the overlay to the network node, is answered
 * by dnsmasq in its own network's qdhcp namespace (static mode: only MACs in the hosts file get a
 * lease), and the OFFER is delivered back. The broadcast is a flood: where its copies go depends
 * on l2population.
 */
import {
  cloudBuilder, dhcpAnsweredByOwnQdhcp, everyInstanceReachesTheInternet, inject, leaves, mainPath, qdhcp, referenceCloud, referenceCloudSpec, simulate,
  type Namespace, type Simulation, type Trace,
} from 'netspec';

const sim = simulate(referenceCloud());
const ep = (name: string) => sim.dataplane.endpoints.instances.find((i) => i.name === name)!;
const netId = (s: Simulation, name: string) => s.dataplane.endpoints.networks.find((n) => n.name === name)!.id;
const qdhcpName = (s: Simulation, network: string) => `qdhcp-${netId(s, network)}`;

/** The hosts whose tunnel endpoint received a copy of the packet (every branch of a flood). */
function vtepsReached(t: Trace): string[] {
  const hosts = new Set<string>();
  for (const { path } of leaves(t.root)) {
    for (const h of path) if (h.steps.some((s) => s.t === 'tunnel' && s.op === 'decap')) hosts.add(h.host);
  }
  return [...hosts].sort();
}

describe('a DHCP DISCOVER from vm1 (selfservice1)', () => {
  const t = sim.trace('vm1', 'dhcp');

  // @id 2ae148ad-4089-59d5-b0e0-bc073514696e
  it('is answered by dnsmasq in qdhcp-<selfservice1> with an OFFER of vm1’s address', () => {
    expect(t).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t.disposition).toMatchObject({
      kind: 'answered', by: 'dnsmasq',
      at: { host: 'network1', device: qdhcpName(sim, 'selfservice1') },
      detail: `DHCPOFFER ${ep('vm1').ip} to ${ep('vm1').mac}`,
    });
  });

  // @id a6992708-5dad-5014-b1f7-a39cfaa22208
  it('travels br-int → br-tun on compute1, over VNI 101, br-tun → br-int → qdhcp on network1', () => {
    expect(t).toTraverseInOrder(['vm1', 'br-int@compute1', 'br-tun@compute1', 'br-tun@network1', 'br-int@network1', qdhcp('selfservice1')]);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'network1' });
  });

  // @id 490eca83-14a2-5e1b-ba00-3900a233643f
  it('gets its OFFER delivered back to vm1', () => {
    expect(t).toTraverseInOrder([qdhcp('selfservice1'), 'br-tun@network1', 'br-tun@compute1', 'vm1']);
    expect(mainPath(t.reply!).at(-1)).toMatchObject({ host: 'compute1', device: 'vm1' });
  });

  // @id ce795b44-9847-576c-9e08-1b844f91bb90
  it('is never answered by another network’s dnsmasq', () => {
    expect(t).not.toBeAnsweredBy(qdhcp('selfservice2'));
    expect(t).toNeverTraverse(qdhcp('selfservice2'));
  });
});

describe('DHCP REQUEST', () => {
  // @id a31a01ff-6b15-51cc-b89a-a25ae253f5fe
  it('is answered with an ACK from the same qdhcp namespace', () => {
    const t = sim.trace('vm1', 'dhcp', { dhcp: 'REQUEST' });
    expect(t).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(t.disposition.kind === 'answered' && t.disposition.detail).toBe(`DHCPACK ${ep('vm1').ip} to ${ep('vm1').mac}`);
  });
});

describe('one qdhcp namespace per network', () => {
  const network1 = sim.dataplane.hosts.find((h) => h.name === 'network1')!;
  const spaces = network1.devices.filter((d): d is Namespace => d.kind === 'namespace' && d.role === 'qdhcp');

  // @id dc734958-b922-5acd-ab0b-7b79b0b23284
  it('each network has its own qdhcp-<network id> running dnsmasq inside it', () => {
    expect(spaces.map((n) => n.name).sort()).toEqual(sim.dataplane.endpoints.networks.map((n) => `qdhcp-${n.id}`).sort());
    for (const ns of spaces) expect(ns.listeners.map((l) => `${l.process} ${l.proto}/${l.port}`)).toContain('dnsmasq udp/67');
  });

  // @id 3c0c1577-84ef-519c-bd04-6f2a1e9fb396
  it('each qdhcp tap hangs off br-int on its own network’s local VLAN', () => {
    const brInt = network1.devices.find((d) => d.name === 'br-int')!;
    for (const ns of spaces) {
      const tap = ns.interfaces[0].name;
      const tag = brInt.kind === 'ovs' ? brInt.ports.find((p) => p.name === tap)?.tag : undefined;
      expect(sim.dataplane.endpoints.localVlans.network1[tag!]).toBe(ns.name.slice('qdhcp-'.length));
    }
  });

  // @id 12b721a9-14d5-5eef-9427-47954a7af154
  it('vm3 (selfservice2) is answered by qdhcp-<selfservice2>, not selfservice1’s', () => {
    const t = sim.trace('vm3', 'dhcp');
    expect(t).toBeAnsweredBy(qdhcp('selfservice2'));
    expect(t).not.toBeAnsweredBy(qdhcp('selfservice1'));
    expect(t).toCrossTunnel({ vni: 102, from: 'compute1', to: 'network1' });
  });

  // @id 877e05ee-21f8-5da3-8b72-aaf049634330
  it('holds for every instance (dhcpAnsweredByOwnQdhcp)', () => {
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
  });
});

describe('a DISCOVER is a broadcast: it is flooded', () => {
  // compute3 hosts only a selfservice2 instance: it is a VTEP without selfservice1 ports.
  const withCompute3 = (l2pop: boolean) => simulate(cloudBuilder.from(referenceCloudSpec)
    .options({ l2_population: l2pop })
    .host({ name: 'compute3', role: 'compute', management: { ip: '10.0.0.33/24' }, overlay: { ip: '10.0.1.33/24' } })
    .instance({ name: 'vm11', host: 'compute3', network: 'selfservice2' })
    .build());

  // @id 53fd215b-1045-5ca7-a466-38e5ed33d9b5
  it('forks: one copy is answered, the others end elsewhere', () => {
    const ends = leaves(sim.trace('vm1', 'dhcp').root).map((l) => l.end.kind);
    expect(ends.length).toBeGreaterThan(1);
    expect(ends.filter((k) => k === 'answered')).toHaveLength(1);
  });

  // @id 63446b0e-260a-57ce-9696-c56fa27f2688
  it('with l2population, reaches only the VTEPs with ports on selfservice1', () => {
    const s = withCompute3(true);
    expect(vtepsReached(s.trace('vm1', 'dhcp'))).toEqual(['compute2', 'network1']);
    expect(s.trace('vm1', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice1'));
  });

  // @id 5770f517-9d0f-597d-867d-976958f3d2e3
  it('without l2population, reaches every VTEP (compute3 drops it in br-tun: no VNI 101 there)', () => {
    const s = withCompute3(false);
    const t = s.trace('vm1', 'dhcp');
    expect(vtepsReached(t)).toEqual(['compute2', 'compute3', 'network1']);
    const atCompute3 = leaves(t.root).find((l) => l.path.some((h) => h.host === 'compute3'))!;
    expect(atCompute3.end).toMatchObject({ kind: 'dropped', at: { host: 'compute3', device: 'br-tun' } });
    expect(t).toBeAnsweredBy(qdhcp('selfservice1'));
  });
});

describe('dnsmasq in static mode', () => {
  const dnsmasqHosts = () => {
    const ns = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name === qdhcpName(sim, 'selfservice1'));
    const l = ns?.kind === 'namespace' ? ns.listeners.find((x) => x.process === 'dnsmasq') : undefined;
    return l?.behaviour.kind === 'dhcp-server' ? l.behaviour.hosts : [];
  };

  // @id 643a6d7a-df4f-50f9-b41f-b62d650b2a07
  it('its hosts file maps each instance MAC on the network to its fixed IP', () => {
    expect(dnsmasqHosts()).toEqual(expect.arrayContaining([
      expect.objectContaining({ mac: ep('vm1').mac, ip: ep('vm1').ip }),
      expect.objectContaining({ mac: ep('vm2').mac, ip: ep('vm2').ip }),
    ]));
  });

  // @id b147c74c-b12a-5ac0-9cce-eeeaea9d0853
  it('gives no lease to an instance whose MAC is missing from the hosts file', () => {
    const broken = sim.withDataplane(inject(sim.dataplane, {
      kind: 'dhcp-host-missing', host: 'network1', namespace: qdhcpName(sim, 'selfservice1'), mac: ep('vm1').mac,
    }));
    const t = broken.trace('vm1', 'dhcp');
    expect(t).not.toBeAnsweredBy('dnsmasq');
    expect(t).toBeDropped({ by: qdhcp('selfservice1'), reason: `no host entry for ${ep('vm1').mac}` });
    expect(broken.trace('vm2', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(broken).not.toSatisfy(dhcpAnsweredByOwnQdhcp);
  });

  // @id a691cbcc-d790-5630-9c0e-e8adc2a0a58b
  it('answers nobody on its network when dnsmasq is down; other networks are unaffected', () => {
    const broken = sim.withDataplane(inject(sim.dataplane, {
      kind: 'process-down', host: 'network1', namespace: qdhcpName(sim, 'selfservice1'), process: 'dnsmasq',
    }));
    expect(broken.trace('vm1', 'dhcp')).toBeDropped({ by: qdhcp('selfservice1'), reason: 'dnsmasq is not running' });
    expect(broken.trace('vm2', 'dhcp')).not.toBeAnsweredBy('dnsmasq');
    expect(broken.trace('vm3', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice2'));
  });
});

describe('guests configure themselves from their DHCP answer', () => {
  const vm1 = (s: Simulation) => s.dataplane.hosts.find((h) => h.name === 'compute1')!.devices.find((d): d is Namespace => d.name === 'vm1')!;

  // @id 6f0f3c2e-5b7a-4c1e-9d2a-1a7e0c3b9d41
  it('vm1 takes address, mask, MTU, nameserver and option-121 routes from dnsmasq’s ACK', () => {
    const eth0 = vm1(sim).interfaces[0];
    expect(eth0).toMatchObject({ addresses: [`${ep('vm1').ip}/24`], mtu: 1450, dhcp: { state: 'bound', ip: ep('vm1').ip } });
    expect(vm1(sim).routes).toEqual(expect.arrayContaining([
      { destination: 'default', via: '192.168.1.1', dev: 'eth0', proto: 'dhcp' },
      { destination: '169.254.169.254/32', via: '192.168.1.1', dev: 'eth0', proto: 'dhcp' },
    ]));
  });

  // @id 0c8d2b6e-3f4a-4e59-8b1d-5e2f7a9c4d63
  it('a wrong default route in dnsmasq’s option 121 reaches the guest and cuts it off the internet', () => {
    const dp = structuredClone(sim.dataplane);
    const qdhcpNs = dp.hosts.find((h) => h.name === 'network1')!.devices.find((d): d is Namespace => d.name === qdhcpName(sim, 'selfservice1'))!;
    const dnsmasq = qdhcpNs.listeners.find((l) => l.process === 'dnsmasq')!;
    if (dnsmasq.behaviour.kind !== 'dhcp-server') throw new Error('dnsmasq is not a DHCP server');
    const route = dnsmasq.behaviour.options.find((o) => o.name === 'classless-static-route')!;
    route.value = route.value.replace('0.0.0.0/0,192.168.1.1', '0.0.0.0/0,192.168.1.250');
    const broken = sim.withDataplane(dp);
    expect(vm1(broken).routes).toContainEqual({ destination: 'default', via: '192.168.1.250', dev: 'eth0', proto: 'dhcp' });
    expect(broken.trace('vm1', 'internet')).toBeDropped();
    expect(broken).not.toSatisfy(everyInstanceReachesTheInternet);
  });

  // @id 9a4e1f7c-2d3b-4a6e-8c5f-3b7d9e1a2c84
  it('a guest whose DHCP fails has no address, and its traces say why', () => {
    const dp = inject(sim.dataplane, { kind: 'dhcp-host-missing', host: 'network1', namespace: qdhcpName(sim, 'selfservice1'), mac: ep('vm1').mac });
    const broken = sim.withDataplane(dp);
    expect(vm1(broken).interfaces[0]).toMatchObject({ addresses: [], dhcp: { state: 'failed' } });
    const t = broken.trace('vm1', 'vm2');
    expect(t.disposition.kind).toBe('no-route');
    expect(JSON.stringify(t.root)).toContain('eth0 has no address: its DHCP failed');
  });
});
