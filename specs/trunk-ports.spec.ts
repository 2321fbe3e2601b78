/**
 * Trunk ports (config-trunking.rst; the devices follow the OVS trunk driver,
 * neutron/services/trunk/drivers/openvswitch/agent/trunk_manager.py): vm1 boots on trunk1's parent
 * port. os-vif plugs its tap into the trunk bridge tbr-<trunk id>, a NORMAL switch on which the
 * tap carries every VLAN; the trunk manager patches tbr- to br-int with tpt-/tpi- for the parent
 * (tpt- an access port of VLAN 0, untagged) and spt-/spi- per subport (spt- an access port of the
 * subport's segmentation_id). The OVS agent wires tpi-/spi- as the ports' VIFs on their networks'
 * local VLANs. The guide's flows emerge from those tags: the parent's network untagged on eth0,
 * selfservice2 on eth0.100 and selfservice3 on eth0.200.
 *
 * The guide names no flow table: the driver does the VLAN work with access-port tags
 * (`vlan_mode=access, tag=<segmentation_id>` on spt-), not with push/pop flows, and so does this model.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  cloudBuilder, inject, loadTopology, mainPath, securityGroupsOnPath, simulate, trunkPortsKeepTheirVlans,
  type CloudSpec, type Dataplane, type Hop, type Namespace, type OvsBridge, type Simulation,
} from 'netspec';

const FILE = 'examples/trunk-ports.yaml';
const exampleSpec = parse(readFileSync(FILE, 'utf8')) as CloudSpec;
const sim = simulate(loadTopology(FILE));
const { cloud } = sim;
const trunk1 = cloud.trunks[0];
const parent = cloud.ports.find((p) => p.id === trunk1.port_id)!;
const [sub100, sub200] = trunk1.sub_ports.map((s) => cloud.ports.find((p) => p.id === s.port_id)!);
const TBR = `tbr-${trunk1.id}`.slice(0, 14);
const patch = (prefix: string, portId: string) => `${prefix}${portId}`.slice(0, 15);
const TAP = `tap${parent.id}`.slice(0, 14);
const net = (name: string) => cloud.networks.find((n) => n.name === name)!;

function bridge(dp: Dataplane, host: string, name: string): OvsBridge {
  return dp.hosts.find((h) => h.name === host)!.devices.find((d): d is OvsBridge => d.kind === 'ovs' && d.name === name)!;
}
function guest(dp: Dataplane, name: string): Namespace {
  return dp.hosts.flatMap((h) => h.devices).find((d): d is Namespace => d.kind === 'namespace' && d.name === name)!;
}
/** The local VLAN br-int gave a network on compute1 (what the OVS agent allocated). */
const lvid = (network: string) => Number(Object.entries(sim.dataplane.endpoints.localVlans.compute1).find(([, id]) => id === net(network).id)![0]);
/** Each hop as `device in→out [vlan in/out]` on compute1, where the trunk lives. */
const onCompute1 = (path: Hop[]) => path.filter((h) => h.host === 'compute1' && h.device !== 'root')
  .map((h) => `${h.device} ${h.in ?? ''}→${h.out ?? ''} [${h.inVlan}/${h.vlan}]`);
/** The hybrid driver's variant of the example: tap → qbr → qvb ~ qvo on tbr-. */
function hybrid(): Simulation {
  return simulate(cloudBuilder.from(exampleSpec).options({ firewall_driver: 'iptables_hybrid' }).build());
}

describe('the trunk bridge, its patch pairs and the guest’s VLAN devices', () => {
  // @id 506a18a9-dd0f-5818-a6e7-7ebc519a62dd
  it('tbr- holds vm1’s tap (every VLAN), tpt- untagged and one spt- per subport on its segmentation_id; br-int holds tpi-/spi- on their networks’ local VLANs', () => {
    const tbr = bridge(sim.dataplane, 'compute1', TBR);
    expect(tbr.ports.map((p) => [p.name, p.type, p.tag])).toEqual([
      [TAP, 'system', undefined],
      [patch('tpt-', parent.id), 'patch', 0],
      [patch('spt-', sub100.id), 'patch', 100],
      [patch('spt-', sub200.id), 'patch', 200],
    ]);
    expect(tbr.flows).toEqual([{ table: 0, priority: 0, match: {}, actions: [{ type: 'normal' }] }]);
    const brInt = bridge(sim.dataplane, 'compute1', 'br-int');
    const tagOf = (name: string) => brInt.ports.find((p) => p.name === name)?.tag;
    expect([tagOf(patch('tpi-', parent.id)), tagOf(patch('spi-', sub100.id)), tagOf(patch('spi-', sub200.id))])
      .toEqual([lvid('selfservice1'), lvid('selfservice2'), lvid('selfservice3')]);
    // The tap is on tbr-, not on br-int: only the patches reach br-int.
    expect(brInt.ports.some((p) => p.name === TAP)).toBe(false);
    for (const [a, b] of [['tpt-', 'tpi-'], ['spt-', 'spi-']] as const) {
      for (const id of a === 'tpt-' ? [parent.id] : [sub100.id, sub200.id]) {
        expect(sim.dataplane.links).toContainEqual({ kind: 'patch', a: { host: 'compute1', device: TBR, port: patch(a, id) }, b: { host: 'compute1', device: 'br-int', port: patch(b, id) } });
      }
    }
  });

  // @id 93407304-5d5c-51db-b7c0-7972c7ff7b4a
  it('the subports are trunk:subport ports bound to compute1; vm1 holds eth0.100 (DHCP on the VLAN) and eth0.200 (static) with the subports’ MACs', () => {
    for (const p of [sub100, sub200]) expect(p).toMatchObject({ device_owner: 'trunk:subport', device_id: trunk1.id, 'binding:host_id': 'compute1' });
    const vm1 = guest(sim.dataplane, 'vm1');
    expect(vm1.interfaces.map((i) => [i.name, i.link, i.vlan, i.mac, i.addresses])).toEqual([
      ['eth0', undefined, undefined, parent.mac_address, ['192.168.1.11/24']],
      ['eth0.100', 'eth0', 100, sub100.mac_address, ['192.168.2.21/24']],
      ['eth0.200', 'eth0', 200, sub200.mac_address, ['192.168.3.21/24']],
    ]);
    // eth0.100's lease came from selfservice2's dnsmasq, over VLAN 100.
    const dhcp2 = cloud.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === net('selfservice2').id)!;
    expect(vm1.interfaces[1].dhcp).toEqual({ state: 'bound', server: dhcp2.fixed_ips[0].ip_address, ip: '192.168.2.21' });
    expect(vm1.interfaces[2].dhcp).toBeUndefined();
  });
});

describe('parent untagged, subports by VLAN (config-trunking.rst)', () => {
  // @id 9d2fde43-0e6a-54b0-b0d0-b797eaa7d334
  it('vm1 → vm2 on the parent’s network leaves eth0 untagged: tap → tbr- → tpt- ~ tpi- → br-int on selfservice1’s VLAN → VNI 101', () => {
    const t = sim.trace('vm1', 'vm2');
    expect(t).toBeDeliveredTo('vm2');
    expect(onCompute1(mainPath(t.root)).slice(0, 3)).toEqual([
      'vm1 →eth0 [0/0]',
      `${TBR} ${TAP}→${patch('tpt-', parent.id)} [0/0]`,
      `br-int ${patch('tpi-', parent.id)}→patch-tun [0/${lvid('selfservice1')}]`,
    ]);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
  });

  // @id e84e49c8-9353-5d7b-894f-766fe6870cf6
  it('vm4 → vm1’s subport address: VNI 102 → br-int → spi- ~ spt- → tbr- tags it 100 → eth0.100; the answer leaves tagged 100 by the same patch', () => {
    const t = sim.trace('vm4', '192.168.2.21');
    expect(t).toBeDeliveredTo('vm1');
    expect(t).toNeverTraverse('qrouter-*');
    expect(onCompute1(mainPath(t.root))).toEqual([
      `br-tun vxlan-0a000120→patch-int [0/${lvid('selfservice2')}]`,
      `br-int patch-tun→${patch('spi-', sub100.id)} [${lvid('selfservice2')}/0]`,
      `${TBR} ${patch('spt-', sub100.id)}→${TAP} [0/100]`,
      'vm1 eth0→ [100/0]',
    ]);
    expect(onCompute1(mainPath(t.reply!)).slice(0, 3)).toEqual([
      'vm1 →eth0 [0/100]',
      `${TBR} ${TAP}→${patch('spt-', sub100.id)} [100/0]`,
      `br-int ${patch('spi-', sub100.id)}→patch-tun [0/${lvid('selfservice2')}]`,
    ]);
    expect(t.reply!).toBeDefined();
    expect(t).toCrossTunnel({ vni: 102, from: 'compute2', to: 'compute1' });
  });

  // @id 13920f84-f383-564d-9bd5-2cf1398627fa
  it('vm1 reaches vm5 on selfservice3, which no router joins, over VLAN 200 from 192.168.3.21; VNI 103 carries it', () => {
    const t = sim.trace('vm1', 'vm5');
    expect(t).toBeDeliveredTo('vm5');
    expect(t.flow.src).toBe('192.168.3.21');
    expect(onCompute1(mainPath(t.root)).slice(0, 3)).toEqual([
      'vm1 →eth0 [0/200]',
      `${TBR} ${TAP}→${patch('spt-', sub200.id)} [200/0]`,
      `br-int ${patch('spi-', sub200.id)}→patch-tun [0/${lvid('selfservice3')}]`,
    ]);
    expect(t).toCrossTunnel({ vni: 103, from: 'compute1', to: 'compute2' });
    expect(t).toTraverse('selfservice3');
    expect(t).toNeverTraverse('selfservice1');
  });

  // @id bba89e77-947c-5914-b96d-d913efea9d0d
  it('vm2 → 192.168.2.21 is routed by router1 onto selfservice2 and arrives on VLAN 100; vm1 answers on-link by eth0 from 192.168.2.21, which the parent’s anti-spoofing drops', () => {
    const t = sim.trace('vm2', '192.168.2.21');
    expect(t).toTraverseInOrder(['router1', 'br-tun@compute1', `${TBR}@compute1`, 'vm1']);
    const arrival = mainPath(t.root).filter((h) => h.host === 'compute1').slice(-2);
    expect(arrival.map((h) => [h.device, h.in, h.vlan])).toEqual([[TBR, patch('spt-', sub100.id), 100], ['vm1', 'eth0', 0]]);
    // A multi-homed guest routes its answer by destination: vm2 is on-link through the parent
    // (eth0, untagged), and the source is the subport's address, which the parent port does not own.
    expect(onCompute1(mainPath(t.reply!)).slice(0, 2)).toEqual(['vm1 →eth0 [0/0]', `${TBR} ${TAP}→${patch('tpt-', parent.id)} [0/0]`]);
    expect(t.disposition).toMatchObject({ kind: 'dropped', direction: 'reply', at: { host: 'compute1', device: 'br-int' } });
    expect(t).toBeDropped({ reason: 'anti-spoofing' });
  });

  // @id fabcb498-2e39-587d-a77a-76d28ab37c04
  it('a subport’s own security group judges its traffic on br-int at spi- (the openvswitch driver), while the parent’s group stays open', () => {
    const spec = cloudBuilder.from(exampleSpec).securityGroup({ name: 'closed', rules: [{ direction: 'egress' }] }).spec();
    spec.trunks![0].sub_ports![0].security_groups = ['closed'];
    const closed = simulate(cloudBuilder.from(spec).build());
    expect(closed.trace('vm4', '192.168.2.21')).toBeDropped({ reason: 'security group' });
    const drop = closed.trace('vm4', '192.168.2.21').disposition;
    expect(drop).toMatchObject({ at: { host: 'compute1', device: 'br-int' } });
    expect(closed.trace('vm2', 'vm1')).toBeDeliveredTo('vm1');
    expect(securityGroupsOnPath.check(closed).holds).toBe(true);
  });

  // @id 126602db-2999-5d42-8c65-d8d93e5b6ce9
  it('under iptables_hybrid qbr bridges a subport’s tagged frames unfiltered (the guide’s limitation), and securityGroupsOnPath says so', () => {
    const h = hybrid();
    const t = h.trace('vm4', '192.168.2.21');
    expect(t).toBeDeliveredTo('vm1');
    const qbr = mainPath(t.root).find((x) => x.host === 'compute1' && x.device.startsWith('qbr'))!;
    expect([qbr.inVlan, qbr.steps.some((s) => s.t === 'filter')]).toEqual([100, false]);
    expect(t).toTraverseInOrder([`${TBR}@compute1`, 'qbr*@compute1', 'vm1']);
    const r = securityGroupsOnPath.check(h);
    expect(r.holds).toBe(false);
    expect(r.violations[0].reason).toContain('iptables_hybrid does not filter subports');
    // The parent's untagged traffic still meets its iptables chains.
    const parentHop = mainPath(h.trace('vm2', 'vm1').root).find((x) => x.host === 'compute1' && x.device.startsWith('qbr'))!;
    expect(parentHop.steps.some((s) => s.t === 'filter' && !s.policy)).toBe(true);
  });
});

describe('a broken trunk is caught by trunkPortsKeepTheirVlans', () => {
  const sub100Patch = patch('spt-', sub100.id);
  const broken = (dp: Dataplane) => sim.withDataplane(dp);
  const violation = (s: Simulation) => {
    const r = trunkPortsKeepTheirVlans.check(s);
    return r.holds ? 'holds' : r.violations[0].reason;
  };

  // @id 4cb9ec3f-829d-52da-b64f-81a455e1d07c
  it('holds on the example, judging the parent and both subports (their DHCP ports and every other instance on their networks)', () => {
    const r = trunkPortsKeepTheirVlans.check(sim);
    expect([r.holds, r.applicable, r.flows]).toEqual([true, true, 5]);
    expect(trunkPortsKeepTheirVlans.check(hybrid()).holds).toBe(true);
  });

  // @id 592d8bf9-3f9c-5792-a5f0-5f5e27597058
  it('a wrong segmentation id on spt- (101 for 100): vm1’s VLAN 100 frames reach no patch, and vm4 no longer reaches eth0.100', () => {
    const s = broken(inject(sim.dataplane, { kind: 'port-vlan', host: 'compute1', port: sub100Patch, vlan: 101 }));
    expect(violation(s)).toMatch(/subport 0 of trunk1/);
    expect(s.trace('vm4', '192.168.2.21')).not.toBeDeliveredTo('vm1');
  });

  // @id 037e953a-9c01-5d3d-9b38-3f581c065788
  it('two subports’ tags swapped: eth0.100 gets no lease (its DHCP lands on selfservice3) and eth0.200’s traffic lands on selfservice2', () => {
    let dp = inject(sim.dataplane, { kind: 'port-vlan', host: 'compute1', port: sub100Patch, vlan: 200 });
    dp = inject(dp, { kind: 'port-vlan', host: 'compute1', port: patch('spt-', sub200.id), vlan: 100 });
    const s = broken(dp);
    const r = trunkPortsKeepTheirVlans.check(s);
    expect(r.holds).toBe(false);
    expect(r.violations[0].flow).toMatch(/subport 0 of trunk1, tagged 100/);
    // With no address on eth0.100 the ping takes the default route out of eth0, untagged.
    expect(r.violations[0].reason).toMatch(/entered tbr-\S+ untagged; the subport 0 of trunk1 is tagged 100/);
    expect(guest(s.dataplane, 'vm1').interfaces.find((i) => i.name === 'eth0.100')!.dhcp).toMatchObject({ state: 'failed' });
    // eth0.200's who-has for vm5 crosses to selfservice2 by the wrong spi-, where nobody has 192.168.3.15.
    expect(s.trace('vm1', 'vm5')).toBeDropped({ reason: 'ARP for 192.168.3.15 on eth0.200 got no answer' });
  });

  // @id 0b12585d-94be-58c5-8620-fae185e53c0a
  it('a missing spi- patch: the subport’s frames leave tbr- and go nowhere', () => {
    const dp = structuredClone(sim.dataplane);
    const spi = patch('spi-', sub100.id);
    dp.links = dp.links.filter((l) => l.b.port !== spi && l.a.port !== spi);
    const s = broken(dp);
    expect(violation(s)).toMatch(/subport 0 of trunk1/);
    expect(s.trace('vm4', '192.168.2.21')).not.toBeDeliveredTo('vm1');
    // The parent and the other subport still work.
    expect(s.trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
    expect(s.trace('vm1', 'vm5')).toBeDeliveredTo('vm5');
  });

  // @id 238d4f5b-6509-5f03-8661-1ad0ba622afe
  it('tbr-’s NORMAL flow gone: nothing crosses the trunk bridge, the parent included', () => {
    const s = broken(inject(sim.dataplane, { kind: 'flow-missing', host: 'compute1', bridge: TBR, table: 0, match: {} }));
    const r = trunkPortsKeepTheirVlans.check(s);
    expect(r.violations[0].flow).toMatch(/parent of trunk1/);
    // Not even eth0's DHCP got through: the guest booted without an address.
    expect(r.violations[0].reason).toMatch(/never left vm1: no route to 192\.168\.1\.2 .*eth0 \(no address\)/);
    expect(s.trace('vm1', 'vm2')).not.toBeDeliveredTo('vm2');
  });

  // @id 52f16593-c9b4-595a-baa7-e23464b1a9fe
  it('a VLAN device on the wrong VID in the guest (eth0.200 on 201): its ARP reaches no patch, and the check names the device and its VLAN', () => {
    const dp = structuredClone(sim.dataplane);
    guest(dp, 'vm1').interfaces.find((i) => i.name === 'eth0.200')!.vlan = 201;
    expect(violation(broken(dp))).toMatch(/never left vm1: .*ARP for 192\.168\.3\.15 on eth0\.200 got no answer.*eth0\.200 on VLAN 201/);
  });
});
