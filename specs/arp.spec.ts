/**
 * ARP as frames in the trace: a who-has is flooded on its network and answered, and the trace
 * shows where each copy went and who answered. A port on another network's local VLAN makes the
 * who-has leak onto that network: the invariant catches it, and the trace shows the leaked copy.
 */
import {
  arpExchangesOf, arpStaysOnItsNetwork, exchangeHops, faultSites, inject, referenceCloud, renderDetailed, simulate,
  type Fault, type Simulation,
} from 'netspec';

const sim = simulate(referenceCloud());
const port = (vm: string) => sim.cloud.instances.find((i) => i.name === vm)!.ports[0];
const qvo = (vm: string) => `qvo${port(vm).slice(0, 11)}`;
const tap = (vm: string) => `tap${port(vm).slice(0, 11)}`;
/** The local VLAN vm3's network has on compute1, where vm1 and vm3 both run. */
const vm3Vlan = () => sim.dataplane.hosts.find((h) => h.name === 'compute1')!.devices
  .flatMap((d) => (d.kind === 'ovs' && d.name === 'br-int' ? d.ports : [])).find((p) => p.name === qvo('vm3'))!.tag!;
/** vm1's port on br-int retagged with vm3's local VLAN (an OVS agent that tagged it wrong). */
const retagged = (): Simulation => {
  const fault = faultSites(sim.dataplane, ['port-vlan'])
    .find((f): f is Extract<Fault, { kind: 'port-vlan' }> => f.kind === 'port-vlan' && f.port === qvo('vm1') && f.vlan === vm3Vlan());
  return sim.withDataplane(inject(sim.dataplane, fault!));
};

describe('ARP exchanges in traces', () => {
  // @id 23c3b431-7a69-5f6e-b97f-681315995183
  it('holds on the healthy reference cloud', () => {
    expect(sim).toSatisfy(arpStaysOnItsNetwork);
  });

  // @id 2da7c052-2943-5816-9eb7-548e96589d26
  it("vm1's who-has for vm2 is flooded on selfservice1 and answered by vm2, its is-at walked back", () => {
    const t = sim.trace('vm1', 'vm2');
    const [first] = arpExchangesOf(t);
    expect(first.step.ip).toBe('192.168.1.12');
    expect(first.exchange.by).toEqual({ kind: 'namespace', host: 'compute2', device: 'vm2', iface: 'eth0' });
    const reached = exchangeHops(first.exchange).map((h) => h.device);
    expect(reached).toContain('vm2');
    // vm3 runs next to vm1 on another network: its port never hears the broadcast.
    expect(reached).not.toContain(tap('vm3'));
    expect(renderDetailed(t)).toMatch(/who-has 192\.168\.1\.12:\n[\s\S]*answered by vm2@compute2 on eth0\n\s+is-at:/);
  });

  // @id 1ab30b7b-44e4-56fb-b63c-099e11ef8bd3
  it("a who-has reaches the qrouter's qr- on its network, which path matchers count only when asked", () => {
    const t = sim.trace('vm1', 'vm2');
    expect(t).toNeverTraverse('qrouter-*');
    expect(t).toTraverse('qrouter-*', { arp: true });
  });

  // @id be02dcc3-1f99-5e14-a122-0c01b96b85da
  it("vm1's port on vm3's local VLAN: its who-has leaks onto selfservice2, and the invariant shows the leaked copy", () => {
    const b = retagged();
    const v = arpStaysOnItsNetwork.check(b, { maxViolations: 1 }).violations[0];
    // The first guest judged whose who-has crossed: vm3's for its gateway reaches vm1's port, now on selfservice2's VLAN.
    expect(v.reason).toBe(`ARP who-has 192.168.2.1: a frame on local VLAN ${vm3Vlan()} (selfservice2) left br-int@compute1 through ${qvo('vm1')} (selfservice1)`);
    expect(v.trace!.flow).toMatchObject({ from: 'vm3', to: '192.168.2.1' });
    expect(arpExchangesOf(v.trace!).some((e) => exchangeHops(e.exchange).includes(v.hop!))).toBe(true);
    // The trace of vm3's ping to its gateway shows the copy of its who-has that reached vm1.
    const t = b.trace('vm3', '192.168.2.1');
    const leaked = arpExchangesOf(t).flatMap((e) => exchangeHops(e.exchange)).filter((h) => h.device === 'vm1');
    expect(leaked.length).toBeGreaterThan(0);
    expect(renderDetailed(t)).toMatch(/who-has 192\.168\.2\.1:[\s\S]*compute1 +vm1 eth0\n\s+= dropped at vm1@compute1: arp who-has 192\.168\.2\.1/);
    expect(t).toTraverse('vm1', { arp: true });
    expect(() => expect(t).toNeverTraverse('vm1', { arp: true })).toThrow(/ARP frames at the location:\n  ✗ who-has 192\.168\.2\.1 from vm3@compute1: compute1 +vm1 eth0/);
    // On the healthy cloud the same who-has never reaches vm1.
    expect(sim.trace('vm3', '192.168.2.1')).toNeverTraverse('vm1', { arp: true });
  });
});
