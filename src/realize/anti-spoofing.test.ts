import { describe, expect, it } from '@jest/globals';
import type { Dataplane, Flow, Namespace } from '../dataplane/types';
import { traceFlow } from '../flows';
import { normalizeCloud } from '../model/normalize';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import type { Branch, Step } from '../trace/types';
import { realize } from './index';

const brIntFlows = (dp: Dataplane, host: string): Flow[] => {
  const d = dp.hosts.find((h) => h.name === host)!.devices.find((x) => x.name === 'br-int')!;
  return d.kind === 'ovs' ? d.flows : [];
};
const steps = (b: Branch | undefined): Step[] => (b ? [...b.hops.flatMap((h) => h.steps), ...b.forks.flatMap(steps)] : []);

/** vm1 configured by hand with an address that is not its port's (a guest spoofing 192.168.1.99). */
function vm1Claims(dp: Dataplane, cidr: string): Dataplane {
  const copy = structuredClone(dp);
  const vm1 = copy.hosts.flatMap((h) => h.devices).find((d) => d.name === 'vm1') as Namespace;
  const nic = vm1.interfaces[0];
  delete nic.dhcp;
  nic.addresses = [cidr];
  vm1.routes = [{ destination: '192.168.1.0/24', dev: nic.name, proto: 'kernel' }];
  return copy;
}

/**
 * br-int's anti-spoofing for instance ports with port security under the iptables_hybrid
 * firewall, as the OVS agent installs it (tables 24 and 25), and the dead-VLAN drop every br-int
 * starts with.
 */
describe('br-int anti-spoofing', () => {
  const cloud = referenceCloud();
  const dp = realize(cloud);
  const port = cloud.ports.find((p) => p.id === cloud.instances.find((i) => i.name === 'vm1')!.ports[0])!;
  const flows = brIntFlows(dp, 'compute1');
  const qvo = flows.find((f) => f.table === 25 && f.match.dlSrc === port.mac_address)?.match.inPort;

  it('ARP from a port must claim its address, every frame must carry its MAC, and VLAN 4095 is dead', () => {
    expect(qvo).toMatch(/^qvo/);
    expect(flows).toContainEqual(expect.objectContaining({ table: 0, priority: 10, match: { ethType: 'arp', inPort: qvo }, actions: [{ type: 'resubmit', table: 24 }] }));
    expect(flows).toContainEqual(expect.objectContaining({ table: 0, priority: 9, match: { inPort: qvo }, actions: [{ type: 'resubmit', table: 25 }] }));
    expect(flows).toContainEqual(expect.objectContaining({ table: 24, priority: 2, match: { ethType: 'arp', inPort: qvo, arpSpa: port.fixed_ips[0].ip_address }, actions: [{ type: 'resubmit', table: 25 }] }));
    expect(flows).toContainEqual(expect.objectContaining({ table: 25, priority: 2, match: { inPort: qvo, dlSrc: port.mac_address }, actions: [{ type: 'resubmit', table: 30 }] }));
    expect(flows).toContainEqual(expect.objectContaining({ table: 24, priority: 0, match: {}, actions: [{ type: 'drop' }] }));
    expect(flows).toContainEqual(expect.objectContaining({ table: 0, priority: 65535, match: { vlan: 4095 }, actions: [{ type: 'drop' }] }));
  });

  it('honest traffic passes both tables on its way', () => {
    const t = traceFlow(dp, 'vm1', 'vm2');
    expect(t.disposition).toMatchObject({ kind: 'delivered', to: 'vm2' });
    expect(t.disposition.direction).toBeUndefined();
    const tables = steps(t.root).flatMap((s) => (s.t === 'flow' && s.bridge === 'br-int' ? [s.flow.table] : []));
    expect(tables).toEqual(expect.arrayContaining([25, 30]));
  });

  it("a guest claiming another address gets no ARP answer: its who-has is dropped in table 24", () => {
    const t = traceFlow(vm1Claims(dp, '192.168.1.99/24'), 'vm1', 'vm2');
    expect(t.disposition).toMatchObject({ kind: 'dropped', reason: 'ARP for 192.168.1.12 on eth0 got no answer' });
  });

  it('a port without port security gets no anti-spoofing, so the same guest is answered', () => {
    const open = normalizeCloud({
      ...referenceCloudSpec,
      instances: referenceCloudSpec.instances!.map((i) => (i.name === 'vm1' ? { ...i, ports: i.ports!.map((p) => ({ ...p, port_security_enabled: false, security_groups: [] })) } : i)),
    }, 'vm1 without port security');
    const plane = realize(open);
    const mac = open.ports.find((p) => p.id === open.instances.find((i) => i.name === 'vm1')!.ports[0])!.mac_address;
    expect(brIntFlows(plane, 'compute1').some((f) => f.table === 25 && f.match.dlSrc === mac)).toBe(false);
    const t = traceFlow(vm1Claims(plane, '192.168.1.99/24'), 'vm1', 'vm2');
    expect(steps(t.root).some((s) => s.t === 'arp' && s.mac !== null)).toBe(true);
  });
});
