/**
 * Distributed (DVR) routers (deploy-ovs-ha-dvr.rst, "Network traffic flow"; the devices, rules and
 * flows follow neutron/agent/l3/dvr_local_router.py, dvr_edge_router.py, dvr_fip_ns.py and
 * ovs_dvr_neutron_agent.py, where the page says less): router1 is distributed, compute1 and
 * compute2 run the L3 agent in dvr mode and network1 in dvr_snat mode. Where a packet is routed is
 * data: every host has the router's qr- devices, and policy rules, permanent ARP entries and the
 * OVS agent's DVR tables decide the rest.
 */
import {
  dvrEastWestStaysOffNetworkNode, inject, loadTopology, mainPath, simulate,
  type Hop, type Namespace, type Simulation, type Trace,
} from 'netspec';

const FILE = 'examples/dvr-router.yaml';
const sim = simulate(loadTopology(FILE));
const router1 = sim.cloud.routers[0];
const qrouter1 = `qrouter-${router1.id}`;
const snat1 = `snat-${router1.id}`;
const provider1 = sim.cloud.networks.find((n) => n.name === 'provider1')!;
const fip1 = `fip-${provider1.id}`;

function namespaceOn(s: Simulation, host: string, name: string): Namespace | undefined {
  return s.dataplane.hosts.find((h) => h.name === host)!.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === name);
}
/** The hosts whose router1 qrouter the packet went through. */
const routedOn = (t: Trace) => mainPath(t.root).filter((h) => h.device === qrouter1).map((h) => h.host);
const hopOf = (t: Trace, device: string, host: string): Hop => mainPath(t.root).find((h) => h.device === device && h.host === host)!;
/** The flows a hop matched, as `table:note`. */
const flowsOf = (h: Hop) => h.steps.flatMap((s) => (s.t === 'flow' ? [`${s.flow.table}:${s.flow.note ?? ''}`] : []));
const dvrMac = (host: string) => sim.cloud.hosts.find((h) => h.name === host)!.dvr_mac!;
const qrOf = (subnet: string) => sim.cloud.ports.find((p) => router1.interfaces.includes(p.id) && p.fixed_ips[0].subnet_id === sim.cloud.subnets.find((s) => s.name === subnet)!.id)!;

describe('what the agents build for a distributed router', () => {
  // @id 13c48162-0812-56df-a2bd-b8756275041b
  it('router1 has a qrouter on each compute node and on network1, with the same qr- IPs and MACs everywhere', () => {
    const hosts = ['network1', 'compute1', 'compute2'];
    const qr = (host: string) => namespaceOn(sim, host, qrouter1)!.interfaces.filter((i) => i.name.startsWith('qr-')).map((i) => [i.name, i.mac, i.addresses]);
    for (const host of hosts) expect(qr(host)).toEqual(qr('network1'));
    expect(qr('compute1').map(([, , a]) => a)).toEqual([['192.168.1.1/24'], ['192.168.2.1/24']]);
    expect(sim.cloud.ports.filter((p) => router1.interfaces.includes(p.id)).map((p) => p.device_owner)).toEqual(['network:router_interface_distributed', 'network:router_interface_distributed']);
    expect(namespaceOn(sim, 'controller', qrouter1)).toBeUndefined();
  });

  // @id e0620a9a-b7fb-52b5-b2af-637140857798
  it('the snat namespace is on network1 alone: an sg- per subnet with its own address, and the qg- with the gateway address', () => {
    for (const host of ['compute1', 'compute2']) expect(namespaceOn(sim, host, snat1)).toBeUndefined();
    const snat = namespaceOn(sim, 'network1', snat1)!;
    const sg = sim.cloud.ports.filter((p) => p.device_owner === 'network:router_centralized_snat');
    expect(sg.map((p) => p['binding:host_id'])).toEqual(['network1', 'network1']);
    expect(snat.interfaces.map((i) => [i.name.slice(0, 3), i.addresses])).toEqual([
      ['sg-', [`${sg[0].fixed_ips[0].ip_address}/24`]], ['sg-', [`${sg[1].fixed_ips[0].ip_address}/24`]], ['qg-', ['203.0.113.101/24']],
    ]);
    expect(snat.routes).toContainEqual(expect.objectContaining({ destination: 'default', via: '203.0.113.1' }));
    // No qg- in any qrouter: the distributed part has no gateway of its own.
    for (const host of ['network1', 'compute1', 'compute2']) expect(namespaceOn(sim, host, qrouter1)!.interfaces.some((i) => i.name.startsWith('qg-'))).toBe(false);
  });

  // @id f9013b8a-006a-5e58-a0de-a446dd066b15
  it('the qrouter knows every port of its subnets by permanent ARP entries, and sends what it cannot route to the subnet’s sg- by a policy rule', () => {
    const ns = namespaceOn(sim, 'compute2', qrouter1)!;
    const vm3 = sim.cloud.ports.find((p) => p.fixed_ips.some((f) => f.ip_address === '192.168.2.13'))!;
    expect(ns.neighbours).toContainEqual({ ip: '192.168.2.13', mac: vm3.mac_address, dev: `qr-${qrOf('selfservice2-v4').id.slice(0, 11)}` });
    const sg1 = sim.cloud.ports.find((p) => p.device_owner === 'network:router_centralized_snat' && p.network_id === qrOf('selfservice1-v4').network_id)!;
    expect(ns.neighbours).toContainEqual(expect.objectContaining({ ip: sg1.fixed_ips[0].ip_address, mac: sg1.mac_address }));
    // _get_snat_idx: the numeric value of the gateway address; the rule comes after the main table.
    const idx = 192 * 2 ** 24 + 168 * 2 ** 16 + 1 * 2 ** 8 + 1;
    expect(ns.rules).toContainEqual({ priority: idx, from: '192.168.1.1/24', table: idx });
    expect(ns.routes).toContainEqual(expect.objectContaining({ destination: 'default', via: sg1.fixed_ips[0].ip_address, table: idx }));
  });

  // @id 3d4cac3e-37fa-57bc-b011-003fc4458e42
  it('compute1, which has vm1’s floating IP, has fip-<provider1> with an fg- doing proxy ARP and the rfp-/fpr- pair; the floating IP is on no interface', () => {
    const fip = namespaceOn(sim, 'compute1', fip1)!;
    expect(namespaceOn(sim, 'compute2', fip1)).toBeUndefined();
    const fg = fip.interfaces.find((i) => i.name.startsWith('fg-'))!;
    expect(fg.proxyArp).toBe(true);
    expect(sim.cloud.ports.find((p) => p.device_owner === 'network:floatingip_agent_gateway')!['binding:host_id']).toBe('compute1');
    const rfp = namespaceOn(sim, 'compute1', qrouter1)!.interfaces.find((i) => i.name.startsWith('rfp-'))!;
    const fpr = fip.interfaces.find((i) => i.name.startsWith('fpr-'))!;
    expect([rfp.addresses, fpr.addresses]).toEqual([['169.254.64.0/31'], ['169.254.64.1/31']]);
    expect(fip.routes).toContainEqual(expect.objectContaining({ destination: '203.0.113.10/32', via: '169.254.64.0', dev: fpr.name }));
    const everywhere = sim.dataplane.hosts.flatMap((h) => h.devices.flatMap((d) => (d.kind === 'namespace' ? d.interfaces.flatMap((i) => i.addresses) : [])));
    expect(everywhere.filter((a) => a.startsWith('203.0.113.10/'))).toEqual([]);
  });

  // @id 14660747-926c-5755-bdef-2da474a403a1
  it('each host with distributed routing has its own DVR MAC under fa:16:3f', () => {
    const macs = ['network1', 'compute1', 'compute2'].map(dvrMac);
    expect(new Set(macs).size).toBe(3);
    for (const m of macs) expect(m).toMatch(/^fa:16:3f:/);
    expect(sim.cloud.hosts.find((h) => h.name === 'controller')!.dvr_mac).toBeUndefined();
  });
});

describe('east-west scenario 1: routed on the sender’s host', () => {
  // @id 665f1166-5c5d-52aa-b159-fbd4275cd33f
  it('same host: vm2 → vm4 (selfservice1 → selfservice2 on compute2) is routed by compute2’s router1 and never leaves compute2', () => {
    const t = sim.trace('vm2', 'vm4');
    expect(t).toTraverseInOrder(['vm2', 'br-int@compute2', { device: qrouter1, host: 'compute2' }, 'br-int@compute2', 'vm4']);
    expect(t).toBeDeliveredTo('vm4');
    expect(routedOn(t)).toEqual(['compute2']);
    expect(t).toNeverTraverse('br-tun@compute2');
    // The answer is routed by the same host's router1.
    expect(mainPath(t.reply!).filter((h) => h.device === qrouter1).map((h) => h.host)).toEqual(['compute2']);
  });

  // @id aafd9a5b-4bc1-54bf-9a4e-a1ed1dec862c
  it('different hosts: vm2 → vm3 is routed on compute2, crosses on selfservice2’s VNI with compute2’s DVR MAC as source, and compute1 puts the gateway MAC back', () => {
    const t = sim.trace('vm2', 'vm3');
    expect(t).toTraverseInOrder(['vm2', { device: qrouter1, host: 'compute2' }, 'br-tun@compute2', 'br-tun@compute1', 'br-int@compute1', 'vm3']);
    expect(t).toCrossTunnel({ vni: 102, from: 'compute2', to: 'compute1' });
    expect(t).toBeDeliveredTo('vm3');
    expect(routedOn(t)).toEqual(['compute2']);
    expect(t).toNeverTraverse({ host: 'network1' });
    // br-tun DVR_PROCESS (table 1) rewrites the source; compute1's br-tun passes it unlearned
    // (table 9) and its br-int's DVR_TO_SRC_MAC (table 1) restores the gateway's and outputs directly (table 60).
    const gw2 = qrOf('selfservice2-v4').mac_address;
    expect(flowsOf(hopOf(t, 'br-tun', 'compute2'))).toContain(`1:routed by the local qr-: source becomes DVR MAC ${dvrMac('compute2')}`);
    expect(flowsOf(hopOf(t, 'br-tun', 'compute1'))).toContain(`9:DVR MAC ${dvrMac('compute2')}: not learned`);
    const vm3Mac = sim.cloud.ports.find((p) => p.fixed_ips.some((f) => f.ip_address === '192.168.2.13'))!.mac_address;
    expect(flowsOf(hopOf(t, 'br-int', 'compute1'))).toEqual(expect.arrayContaining([
      `0:from DVR MAC ${dvrMac('compute2')}`, `1:routed to ${vm3Mac}: source back to gateway ${gw2}`, expect.stringMatching(/^60:straight to qvo/),
    ]));
    // The answer is routed on compute1, the receiver's host, and crosses back on selfservice1's VNI.
    expect(mainPath(t.reply!).filter((h) => h.device === qrouter1).map((h) => h.host)).toEqual(['compute1']);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
  });

  // @id a40995c3-3ed2-5fea-855d-ff5ce680c9da
  it('the qrouter reaches the destination without ARP: its permanent entry answers', () => {
    const t = sim.trace('vm2', 'vm3');
    const arp = hopOf(t, qrouter1, 'compute2').steps.find((s) => s.t === 'arp');
    expect(arp).toMatchObject({ ip: '192.168.2.13', permanent: true });
  });

  // @id 9e23fe60-acc9-5413-b8d1-ed3cc61e9c27
  it('an instance’s ARP for its gateway is answered by its own host’s qr- and dropped before any tunnel (br-tun table 22)', () => {
    const t = sim.trace('vm2', 'vm3');
    const ownQr = hopOf(t, 'vm2', 'compute2').steps.find((s) => s.t === 'arp');
    expect(ownQr).toMatchObject({ ip: '192.168.1.1', mac: qrOf('selfservice1-v4').mac_address });
    const drops = sim.dataplane.hosts.find((h) => h.name === 'compute2')!.devices.find((d) => d.kind === 'ovs' && d.name === 'br-tun');
    expect(drops?.kind === 'ovs' && drops.flows.filter((f) => f.table === 22 && f.priority === 3).map((f) => f.match.arpTpa)).toEqual(['192.168.1.1', '192.168.2.1']);
  });
});

describe('north-south scenario 1: an instance without a floating IP goes through snat- on network1', () => {
  // @id 4fc1fe47-2667-5504-a641-df27e2d613b9
  it('vm2 → internet: compute2’s router1 sends it by the snat rule to the sg- on network1, whose snat- SNATs it out of qg-; network1’s qrouter serves no purpose', () => {
    const t = sim.trace('vm2', 'internet');
    expect(t).toTraverseInOrder([
      'vm2', { device: qrouter1, host: 'compute2' }, 'br-tun@compute2', 'br-tun@network1', 'br-int@network1', { device: snat1, host: 'network1' }, 'br-ex@network1', 'upstream@fabric',
    ]);
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(routedOn(t)).toEqual(['compute2']);
    expect(t).toNeverTraverse({ device: qrouter1, host: 'network1' });
    const route = hopOf(t, qrouter1, 'compute2').steps.find((s) => s.t === 'route');
    expect(route?.t === 'route' && route.route).toMatchObject({ destination: 'default', table: 192 * 2 ** 24 + 168 * 2 ** 16 + 1 * 2 ** 8 + 1 });
  });
});

describe('north-south scenario 2: a floating IP is served on the instance’s compute node', () => {
  // @id 76e6d31e-d54a-5296-a534-18bb0d9c4626
  it('internet → vm1’s floating IP: fg- answers ARP for it, fip- routes it to rfp-, router1 on compute1 DNATs it; network1 never sees it', () => {
    const t = sim.trace('internet', 'vm1', { proto: 'tcp', dport: 22 });
    expect(t).toTraverseInOrder(['upstream@fabric', 'br-ex@compute1', 'br-int@compute1', { device: fip1, host: 'compute1' }, { device: qrouter1, host: 'compute1' }, 'vm1']);
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11:22' });
    expect(t).toBeDeliveredTo('vm1');
    expect(t).toNeverTraverse({ host: 'network1' });
  });

  // @id 2c67a8f6-1b6e-5ee0-809b-93a7e4f06ccd
  it('vm1 → internet: the floating IP rule sends it to rfp-, SNATed to 203.0.113.10, out of compute1’s fg-', () => {
    const t = sim.trace('vm1', 'internet');
    expect(t).toTraverseInOrder(['vm1', { device: qrouter1, host: 'compute1' }, { device: fip1, host: 'compute1' }, 'br-ex@compute1', 'upstream@fabric']);
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.10' });
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(t).toNeverTraverse({ host: 'network1' });
    const route = hopOf(t, qrouter1, 'compute1').steps.find((s) => s.t === 'route');
    expect(route?.t === 'route' && route.route).toMatchObject({ destination: 'default', table: 16 });
  });
});

describe('invariant dvrEastWestStaysOffNetworkNode', () => {
  // @id 6fd7bbb8-ffdb-5309-b004-716f8a237781
  it('holds on the example', () => {
    expect(sim).toSatisfy(dvrEastWestStaysOffNetworkNode);
    const result = dvrEastWestStaysOffNetworkNode.check(sim);
    expect([result.applicable, result.holds]).toEqual([true, true]);
  });

  // @id 798f9c1f-4631-5783-b1ca-f2dbc4fba4a4
  it('catches compute2’s router1 without its route to selfservice2: vm2 → vm3 then goes by the snat rule through network1', () => {
    const qr2 = `qr-${qrOf('selfservice2-v4').id.slice(0, 11)}`;
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'route-missing', host: 'compute2', namespace: qrouter1, destination: '192.168.2.0/24', dev: qr2 }));
    const t = broken.trace('vm2', 'vm3');
    expect(t).toTraverse({ device: snat1, host: 'network1' });
    expect(broken).not.toSatisfy(dvrEastWestStaysOffNetworkNode);
    const v = dvrEastWestStaysOffNetworkNode.check(broken).violations.find((x) => x.flow.startsWith('vm2 → vm3'));
    expect(v?.reason).toMatch(/^the request reached network1 \(/);
  });

  // @id 837f1ad5-4839-5b2a-a4d4-b3322e92904f
  it('catches compute1’s br-int without the DVR_TO_SRC_MAC flow for vm3: frames routed on compute2 are dropped there', () => {
    const vm3Mac = sim.cloud.ports.find((p) => p.fixed_ips.some((f) => f.ip_address === '192.168.2.13'))!.mac_address;
    const lvid = Number(Object.entries(sim.dataplane.endpoints.localVlans.compute1).find(([, net]) => net === qrOf('selfservice2-v4').network_id)![0]);
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'flow-missing', host: 'compute1', bridge: 'br-int', table: 1, match: { vlan: lvid, dlDst: vm3Mac } }));
    expect(broken.trace('vm2', 'vm3')).toBeDropped({ by: 'br-int@compute1' });
    const v = dvrEastWestStaysOffNetworkNode.check(broken).violations.find((x) => x.flow.startsWith('vm2 → vm3'));
    expect(v?.reason).toMatch(/^not delivered: dropped at br-int@compute1/);
  });

  // @id 34159085-a043-5053-9e24-e39ef7ab6521
  it('is not applicable where no router is distributed', () => {
    const legacy = simulate(loadTopology('examples/floating-ips.yaml'));
    const result = dvrEastWestStaysOffNetworkNode.check(legacy);
    expect([result.applicable, result.holds]).toEqual([false, true]);
  });
});
