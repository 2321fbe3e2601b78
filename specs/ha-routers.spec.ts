/**
 * L3 HA (VRRP) routers (deploy-ovs-ha-vrrp.rst, which builds on deploy-ovs-selfservice.rst's
 * flows; the devices follow neutron/agent/l3/ha_router.py and keepalived.py): router1 runs in a
 * qrouter namespace on network1 and on network2, keepalived in each, and only the primary's
 * qr-/qg- hold addresses. Which host is primary is data (`l3_agents[].ha_state`); traffic finds
 * it by ARP (only the primary answers for the gateway addresses) and the flows br-tun learns
 * from that answer, since l2population installs no unicast entry for an HA router's ports.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  cloudBuilder, failover, failoverDataplane, haBackupsCanTakeOver, haRouterHasExactlyOneActive, inject, loadTopology, mainPath, simulate, traceVrrpAdvertisement,
  type CloudSpec, type HaState, type Namespace, type Simulation, type Trace,
} from 'netspec';

const FILE = 'examples/ha-router.yaml';
const exampleSpec = parse(readFileSync(FILE, 'utf8')) as CloudSpec;
/** The example cloud with router1's keepalived states set per host (a failover changes them). */
function withStates(network1: HaState, network2: HaState): Simulation {
  const spec = cloudBuilder.from(exampleSpec).spec();
  spec.routers![0].l3_agents = [{ host: 'network1', ha_state: network1 }, { host: 'network2', ha_state: network2 }];
  return simulate(cloudBuilder.from(spec).build());
}
const primaryOn1 = simulate(loadTopology(FILE));
const router1 = primaryOn1.cloud.routers[0];
const qrouter1 = `qrouter-${router1.id}`;
const failedOver = withStates('standby', 'active');
const noPrimary = withStates('standby', 'standby');
const splitBrain = withStates('active', 'active');

function qrouterOn(s: Simulation, host: string): Namespace {
  return s.dataplane.hosts.find((h) => h.name === host)!.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === qrouter1)!;
}
/** The hosts whose router1 namespace the packet went through. */
const routedOn = (t: Trace) => mainPath(t.root).filter((h) => h.device === qrouter1).map((h) => h.host);

describe('HA network, ha- ports and keepalived', () => {
  // @id a321332e-19c2-5888-a012-8fe03a2796ee
  it('the project has a hidden HA network on 169.254.192.0/18 with one ha- port per L3 agent, in router1’s namespace on each', () => {
    const ha = primaryOn1.cloud.networks.find((n) => n.name.startsWith('HA network tenant '))!;
    expect(ha).toMatchObject({ 'provider:network_type': 'vxlan', 'router:external': false });
    expect(primaryOn1.cloud.subnets.find((s) => s.network_id === ha.id)).toMatchObject({ cidr: '169.254.192.0/18', gateway_ip: null, enable_dhcp: false });
    expect(router1.l3_agents.map((a) => [a.host, a.ha_state])).toEqual([['network1', 'active'], ['network2', 'standby']]);
    for (const [host, vip] of [['network1', ['169.254.0.1/24']], ['network2', []]] as const) {
      const ha = qrouterOn(primaryOn1, host).interfaces.find((i) => i.name.startsWith('ha-'))!;
      const port = primaryOn1.cloud.ports.find((p) => p.id === router1.l3_agents.find((a) => a.host === host)!.ha_port_id)!;
      expect(port.device_owner).toBe('network:router_ha_interface');
      // init_l3 puts the HA port's own address on every agent; keepalived adds the primary VIP on the primary only.
      expect(ha.addresses).toEqual([`${port.fixed_ips[0].ip_address}/18`, ...vip]);
    }
    const states = ['network1', 'network2'].map((h) => qrouterOn(primaryOn1, h).listeners.find((l) => l.process === 'keepalived')!.behaviour);
    expect(states).toEqual([expect.objectContaining({ kind: 'vrrp', state: 'MASTER', vrid: 1 }), expect.objectContaining({ kind: 'vrrp', state: 'BACKUP', vrid: 1 })]);
  });

  // @id 1eb13fa0-584d-50ac-a3ba-b9e2dbe9becf
  it('only the primary’s qr-/qg- hold addresses, routes and the metadata proxy; the backup has the same devices, up, with none', () => {
    const primary = qrouterOn(primaryOn1, 'network1');
    const backup = qrouterOn(primaryOn1, 'network2');
    const routerDevices = (ns: Namespace) => ns.interfaces.filter((i) => /^q[rg]-/.test(i.name));
    expect(routerDevices(backup).map((i) => [i.name, i.mac])).toEqual(routerDevices(primary).map((i) => [i.name, i.mac]));
    expect(routerDevices(primary).map((i) => i.addresses)).toEqual([['192.168.1.1/24'], ['192.168.2.1/24'], ['203.0.113.101/24', '203.0.113.10/32']]);
    expect(routerDevices(backup).every((i) => i.up && i.addresses.length === 0)).toBe(true);
    expect(primary.routes).toContainEqual(expect.objectContaining({ destination: 'default', via: '203.0.113.1' }));
    expect(backup.routes.filter((r) => !r.dev.startsWith('ha-'))).toEqual([]);
    expect(primary.listeners.map((l) => l.process)).toEqual(['keepalived', 'haproxy']);
    expect(backup.listeners.map((l) => l.process)).toEqual(['keepalived']);
  });

  // @id a6ba25ce-59f6-5c27-b220-f5595593ab87
  it('a VRRP advertisement from the primary stays on the HA network: br-tun carries it on its VNI to network2, where keepalived hears it', () => {
    const ha = primaryOn1.cloud.networks.find((n) => n.name.startsWith('HA network tenant '))!;
    const t = traceVrrpAdvertisement(primaryOn1.dataplane, 'router1', 'network1');
    expect(t).toBeDeliveredTo({ device: qrouter1, host: 'network2' });
    expect(t).toCrossTunnel({ vni: ha['provider:segmentation_id']!, from: 'network1', to: 'network2' });
    // Only the HA network's VNI carries it; it never reaches an instance's host or the provider network.
    const tunnels = mainPath(t.root).flatMap((h) => h.steps.flatMap((s) => (s.t === 'tunnel' ? [s.vni] : [])));
    expect(new Set(tunnels)).toEqual(new Set([ha['provider:segmentation_id']]));
    expect(t).toNeverTraverse('br-tun@compute1');
    expect(t).toNeverTraverse('br-ex@network1');
  });
});

describe('traffic goes through the primary (deploy-ovs-ha-vrrp.rst: the self-service flows, on the primary network node)', () => {
  // @id 2373ef03-7da9-573a-8493-9a0230eee3bc
  it('north-south: vm1 → internet goes compute1 → VXLAN → network1’s router1 → br-ex, SNATed to its FIP, never through network2', () => {
    const t = primaryOn1.trace('vm1', 'internet');
    expect(t).toTraverseInOrder(['vm1', 'br-int@compute1', 'br-tun@compute1', 'br-tun@network1', 'br-int@network1', { device: qrouter1, host: 'network1' }, 'br-ex@network1', 'upstream@fabric']);
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.10' });
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(routedOn(t)).toEqual(['network1']);
    expect(t).toNeverTraverse('br-int@network2');
  });

  // @id cbc43a64-3008-50a0-9c1b-79fa70ab4470
  it('internet → vm1’s floating IP comes in through the primary’s qg-, where the FIP is a VIP', () => {
    const t = primaryOn1.trace('internet', 'vm1', { proto: 'tcp', dport: 22 });
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11:22' });
    expect(t).toBeDeliveredTo('vm1');
    expect(routedOn(t)).toEqual(['network1']);
  });

  // @id 608af8b6-0515-521c-8778-2ec931ce0944
  it('east-west: vm2 → vm4 (two networks, one host) leaves on VNI 101 and comes back on VNI 102 through network1’s router1', () => {
    const t = primaryOn1.trace('vm2', 'vm4');
    expect(t).toCrossTunnel({ vni: 101, from: 'compute2', to: 'network1' });
    expect(t).toCrossTunnel({ vni: 102, from: 'network1', to: 'compute2' });
    expect(t).toBeDeliveredTo('vm4');
    expect(routedOn(t)).toEqual(['network1']);
  });
});

describe('failover: the primary moves when keepalived’s state does', () => {
  // @id bffe3f08-d7f2-5efb-9657-d373fc24e27f
  it('with network2 primary, north-south and east-west go through network2’s router1 and never network1’s', () => {
    for (const to of ['internet', 'vm3', 'vm4']) {
      const t = failedOver.trace('vm2', to);
      expect(t.disposition.kind).toBe('delivered');
      expect(routedOn(t)).toEqual(['network2']);
      expect(t).toNeverTraverse({ device: qrouter1, host: 'network1' });
    }
    expect(failedOver.trace('vm1', 'internet')).toTraverseInOrder(['br-tun@compute1', 'br-tun@network2', { device: qrouter1, host: 'network2' }, 'br-ex@network2']);
    expect(failedOver).toSatisfy(haRouterHasExactlyOneActive);
  });

  // @id 48b8e5ed-2b05-51d4-a6cf-b56ab0ee53f1
  it('failover(cloud, router, host) is the control-plane record of it: the same paths as setting ha_state', () => {
    const moved = simulate(failover(primaryOn1.cloud, 'router1', 'network2'));
    expect(moved.cloud.routers[0].l3_agents.map((a) => a.ha_state)).toEqual(['standby', 'active']);
    for (const to of ['internet', 'vm4']) expect(routedOn(moved.trace('vm2', to))).toEqual(['network2']);
    expect(moved).toSatisfy(haRouterHasExactlyOneActive);
    expect(() => failover(primaryOn1.cloud, 'router1', 'compute1')).toThrow('router router1 is not hosted on compute1 (its L3 agents: network1, network2)');
    expect(() => failover(primaryOn1.cloud, 'routr1', 'network2')).toThrow('did you mean "router1"');
  });

  // @id dfd85ac2-29cd-527a-be71-3940f90c696a
  it('failoverDataplane moves the VIPs on a running data plane, as keepalived does: the same paths as the recorded failover', () => {
    const moved = primaryOn1.withDataplane(failoverDataplane(primaryOn1.dataplane, 'router1', 'network2'));
    expect(qrouterOn(moved, 'network1').interfaces.filter((i) => /^q[rg]-/.test(i.name)).every((i) => i.addresses.length === 0)).toBe(true);
    expect(qrouterOn(moved, 'network1').listeners.map((l) => l.process)).toEqual(['keepalived']);
    for (const to of ['internet', 'vm4']) expect(routedOn(moved.trace('vm2', to))).toEqual(['network2']);
    expect(moved).toSatisfy(haRouterHasExactlyOneActive);
    expect(moved).toSatisfy(haBackupsCanTakeOver);
  });

  // @id f6c41bae-bfae-57fc-8263-f140e08507df
  it('a backup that cannot hear the primary (its ha- on a wrong VLAN) is caught before any failover', () => {
    const ha2 = qrouterOn(primaryOn1, 'network2').interfaces.find((i) => i.name.startsWith('ha-'))!.name;
    const deaf = primaryOn1.withDataplane(inject(primaryOn1.dataplane, { kind: 'port-vlan', host: 'network2', port: ha2, vlan: 1 }));
    expect(deaf).toSatisfy(haRouterHasExactlyOneActive);
    expect(deaf).not.toSatisfy(haBackupsCanTakeOver);
    expect(haBackupsCanTakeOver.check(deaf).violations[0].reason).toBe("keepalived on network2 does not hear router1's advertisements from network1: it would take the VIPs too");
  });

  // @id fb364760-a0e4-5149-bebe-d5f0cfaaad92
  it('a primary whose ha- device is gone sends no advertisement: the check names it instead of failing', () => {
    const ha1 = qrouterOn(primaryOn1, 'network1').interfaces.find((i) => i.name.startsWith('ha-'))!.name;
    const mute = primaryOn1.withDataplane(inject(primaryOn1.dataplane, { kind: 'interface-missing', host: 'network1', namespace: qrouterOn(primaryOn1, 'network1').name, iface: ha1 }));
    expect(mute).not.toSatisfy(haBackupsCanTakeOver);
    expect(haBackupsCanTakeOver.check(mute).violations[0].reason).toMatch(/^network1, the primary of router1, sends no VRRP advertisement \(.*runs no keepalived.*\): keepalived on network2 would take the VIPs too$/);
  });

  // @id 059abbbf-5f16-5682-832d-c51aba42d9da
  it('with no primary (both backups) nothing answers ARP for the gateway: traffic is dropped, and the invariant catches it', () => {
    const t = noPrimary.trace('vm1', 'internet');
    expect(t).toBeDropped({ reason: 'ARP for 192.168.1.1' });
    expect(noPrimary).not.toSatisfy(haRouterHasExactlyOneActive);
    const result = haRouterHasExactlyOneActive.check(noPrimary);
    expect(result.violations[0].reason).toBe("router1's addresses are held by 0 of its 2 qrouter namespaces (none), expected exactly 1");
  });

  // @id 6b95ffe3-fbbc-5014-8bfb-beb7a5e9ec8b
  it('two primaries (split brain) are caught too', () => {
    const result = haRouterHasExactlyOneActive.check(splitBrain);
    expect(result.holds).toBe(false);
    expect(result.violations[0].reason).toBe("router1's addresses are held by 2 of its 2 qrouter namespaces (network1, network2), expected exactly 1");
  });

  // @id f536f97f-7104-5c6a-9203-9dc60f3c8fa5
  it('a split brain injected into the data plane (network2’s keepalived takes the VIPs too) is caught', () => {
    const broken = primaryOn1.withDataplane(inject(primaryOn1.dataplane, { kind: 'vrrp-split-brain', host: 'network2', namespace: qrouter1 }));
    expect(qrouterOn(broken, 'network2').interfaces.find((i) => i.name.startsWith('qg-'))!.addresses).toContain('203.0.113.101/24');
    expect(broken).not.toSatisfy(haRouterHasExactlyOneActive);
    expect(haRouterHasExactlyOneActive.check(broken).violations[0].reason).toContain('held by 2 of its 2 qrouter namespaces (network1, network2)');
  });

  // @id 19d28e9f-001b-5eb6-bfb3-7f588674644b
  it('the invariant holds on the example and is not applicable where no router is HA', () => {
    expect(primaryOn1).toSatisfy(haRouterHasExactlyOneActive);
    const legacy = cloudBuilder.from(exampleSpec).options({ l3_ha: false }).spec();
    delete legacy.routers![0].l3_agents;
    const result = haRouterHasExactlyOneActive.check(simulate(cloudBuilder.from(legacy).build()));
    expect([result.applicable, result.holds]).toEqual([false, true]);
  });
});
