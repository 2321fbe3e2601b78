/**
 * Breaking one piece of state changes the trace, and the trace says what broke. Every test traces
 * the healthy plane first, then a `structuredClone` with one thing broken (the engine caches its
 * runtime per data-plane object, so each trace gets its own clone).
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataplane, Namespace } from '../dataplane/types';
import { traceFlow } from '../flows';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import { namespace, ovs, pathOf, stepsOf } from '../testing/dataplane-helpers';
import { leaves } from '../trace/leaves';
import type { Trace } from '../trace/types';

const cloud = referenceCloud();
const BASE = realize(cloud);
const vm1Port = cloud.ports.find((p) => p.id === cloud.instances.find((i) => i.name === 'vm1')!.ports[0])!;
const QVO_VM1 = `qvo${vm1Port.id.slice(0, 11)}`;
const QROUTER = `qrouter-${cloud.routers[0].id}`;
const QDHCP_SS1 = `qdhcp-${cloud.networks.find((n) => n.name === 'selfservice1')!.id}`;

const healthy = (from: string, to: string) => traceFlow(structuredClone(BASE), from, to);
/** A clone of the healthy plane with `breakIt` applied, traced once. */
function broken(breakIt: (dp: Dataplane) => void, from: string, to: string): Trace {
  const dp = structuredClone(BASE);
  breakIt(dp);
  return traceFlow(dp, from, to);
}
const lvid = (dp: Dataplane, host: string, port: string) => ovs(dp, host, 'br-int').ports.find((p) => p.name === port)!.tag!;
const qrouter = (dp: Dataplane): Namespace => namespace(dp, 'network1', QROUTER);
const dnsmasqOf = (dp: Dataplane) => namespace(dp, 'network1', QDHCP_SS1).listeners.find((l) => l.process === 'dnsmasq')!;

describe('(a) the br-tun flood flow for selfservice1 removed on compute1', () => {
  const removeFlood = (dp: Dataplane) => {
    const tun = ovs(dp, 'compute1', 'br-tun');
    const vlan = lvid(dp, 'compute1', QVO_VM1);
    const before = tun.flows.length;
    tun.flows = tun.flows.filter((f) => !(f.table === 22 && f.priority === 1 && f.match.vlan === vlan));
    expect(tun.flows.length).toBe(before - 1);
  };

  it('vm1 → vm2 was delivered, and is now dropped at vm1: ARP for vm2 cannot resolve', () => {
    expect(healthy('vm1', 'vm2').disposition).toMatchObject({ kind: 'delivered', at: { device: 'vm2' } });
    expect(broken(removeFlood, 'vm1', 'vm2').disposition).toEqual({
      kind: 'dropped', at: { host: 'compute1', device: 'vm1' },
      rule: 'neighbour 192.168.1.12 dev eth0', reason: 'ARP for 192.168.1.12 on eth0 got no answer',
    });
  });

  it('a broadcast (DHCP DISCOVER) now ends at br-tun\'s table 22 default drop on compute1', () => {
    expect(healthy('vm1', 'dhcp').disposition.kind).toBe('answered');
    const t = broken(removeFlood, 'vm1', 'dhcp');
    expect(t.disposition).toMatchObject({ kind: 'dropped', at: { host: 'compute1', device: 'br-tun' }, rule: 'br-tun table=22 priority=0 actions=drop' });
  });
});

describe('(b) the qvo tag of vm1\'s port changed', () => {
  const retag = (dp: Dataplane) => {
    const port = ovs(dp, 'compute1', 'br-int').ports.find((p) => p.name === QVO_VM1)!;
    port.tag = 99;
  };

  it('vm1 → vm2 is no longer delivered (ARP for vm2 unanswered)', () => {
    expect(healthy('vm1', 'vm2').disposition.kind).toBe('delivered');
    const t = broken(retag, 'vm1', 'vm2');
    expect(t.disposition).toMatchObject({ kind: 'dropped', at: { host: 'compute1', device: 'vm1' }, rule: 'neighbour 192.168.1.12 dev eth0' });
  });

  it('the frame is tagged with VLAN 99 on br-int, which br-tun has no flood flow for', () => {
    const t = broken(retag, 'vm1', 'dhcp');
    const brInt = pathOf(t.root).find((h) => h.host === 'compute1' && h.device === 'br-int')!;
    expect(brInt.vlan).toBe(99);
    expect(stepsOf([brInt], 'vlan')).toContainEqual(expect.objectContaining({ op: 'push', vlan: 99, reason: `access port ${QVO_VM1} tag 99` }));
    expect(t.disposition).toMatchObject({ kind: 'dropped', at: { host: 'compute1', device: 'br-tun' }, reason: 'br-tun table 22 dropped udp 0.0.0.0:68 → 255.255.255.255:67 dhcp DISCOVER' });
  });
});

describe('(c) the metadata REDIRECT rule removed from the qrouter', () => {
  const removeRedirect = (dp: Dataplane) => {
    const nat = qrouter(dp).netfilter.tables.nat!;
    for (const chain of Object.keys(nat)) nat[chain] = nat[chain].filter((r) => r.target.type !== 'REDIRECT');
  };

  it('metadata was answered by nova; now nothing redirects it to haproxy and the request is not answered', () => {
    const ok = healthy('vm1', 'metadata');
    expect(ok.disposition).toMatchObject({ kind: 'answered', by: 'nova-api-metadata' });
    expect(stepsOf(pathOf(ok.root), 'nat').map((s) => s.kind)).toContain('REDIRECT');

    const t = broken(removeRedirect, 'vm1', 'metadata');
    const path = pathOf(t.root);
    expect(t.disposition.kind).not.toBe('answered');
    expect(stepsOf(path, 'nat').map((s) => s.kind)).not.toContain('REDIRECT');
    expect(stepsOf(path, 'deliver').map((s) => s.listener.process)).not.toContain('haproxy');
    // 169.254.169.254 is not an address of the qrouter, so, as Linux would, it routes the request
    // out of its default route: SNATed and leaked to the upstream router.
    expect(path.find((h) => h.role === 'qrouter')!.out).toMatch(/^qg-/);
    expect(t.disposition).toMatchObject({ kind: 'exits', packet: 'tcp 203.0.113.101 → 169.254.169.254' });
  });
});

describe('(c′) the metadata MARK rule removed from the qrouter', () => {
  it('the REDIRECTed request now hits `INPUT -p tcp --dport 9697 -j DROP`', () => {
    const t = broken((dp) => {
      const mangle = qrouter(dp).netfilter.tables.mangle!;
      for (const chain of Object.keys(mangle)) mangle[chain] = mangle[chain].filter((r) => r.target.type !== 'MARK');
    }, 'vm1', 'metadata');
    expect(t.disposition).toMatchObject({
      kind: 'dropped', at: { host: 'network1', device: QROUTER },
      reason: 'filter INPUT dropped tcp/9697', rule: 'neutron-l3-agent-INPUT: the proxy port is not reachable directly',
    });
  });
});

describe('(d) dnsmasq broken', () => {
  const stop = (dp: Dataplane) => { dnsmasqOf(dp).running = false; };
  const forget = (dp: Dataplane) => {
    const b = dnsmasqOf(dp).behaviour;
    if (b.kind !== 'dhcp-server') throw new Error('not dnsmasq');
    const before = b.hosts.length;
    b.hosts = b.hosts.filter((h) => h.mac !== vm1Port.mac_address);
    expect(b.hosts.length).toBe(before - 1);
  };
  /** The outcome of the flood branch that reached selfservice1's qdhcp. */
  const atQdhcp = (t: Trace) => leaves(t.root).filter((l) => l.end.at.device === QDHCP_SS1).map((l) => l.end);

  it('stopped: DHCP is not answered, and the qdhcp branch says dnsmasq is not running', () => {
    expect(healthy('vm1', 'dhcp').disposition).toMatchObject({ kind: 'answered', by: 'dnsmasq' });
    const t = broken(stop, 'vm1', 'dhcp');
    expect(t.disposition.kind).toBe('dropped');
    expect(t.reply).toBeUndefined();
    expect(atQdhcp(t)).toEqual([expect.objectContaining({
      kind: 'dropped', rule: 'dnsmasq (stopped)', reason: expect.stringContaining('dnsmasq is not running'),
    })]);
  });

  it('host entry removed: DHCP is not answered, and the qdhcp branch says dnsmasq has no entry for vm1\'s MAC', () => {
    const t = broken(forget, 'vm1', 'dhcp');
    expect(t.disposition.kind).toBe('dropped');
    expect(atQdhcp(t)).toEqual([expect.objectContaining({
      kind: 'dropped', rule: 'dnsmasq --dhcp-hostsfile (static mode)', reason: expect.stringContaining(`dnsmasq has no host entry for ${vm1Port.mac_address}`),
    })]);
  });

  // The flood also reaches br-ex on network1 (dropped there as another network's VLAN) and
  // vm2's qbr: the disposition must still be the branch that reached the DHCP server.
  it('stopped or forgetful, the disposition itself names dnsmasq at the qdhcp, not a flood copy\'s drop', () => {
    expect(broken(stop, 'vm1', 'dhcp').disposition).toMatchObject({
      kind: 'dropped', at: { host: 'network1', device: QDHCP_SS1 }, reason: expect.stringContaining('dnsmasq is not running'),
    });
    expect(broken(forget, 'vm1', 'dhcp').disposition).toMatchObject({
      kind: 'dropped', at: { host: 'network1', device: QDHCP_SS1 }, reason: expect.stringContaining('dnsmasq has no host entry'),
    });
  });
});

describe('(e) the SNAT rule removed from the qrouter', () => {
  it('internet traffic still arrives, with the instance\'s private source, and the answer is lost upstream', () => {
    expect(healthy('vm1', 'internet').disposition).toMatchObject({ kind: 'delivered', at: { device: 'internet' } });
    const t = broken((dp) => {
      const nat = qrouter(dp).netfilter.tables.nat!;
      for (const chain of Object.keys(nat)) nat[chain] = nat[chain].filter((r) => r.target.type !== 'SNAT');
    }, 'vm1', 'internet');
    // The upstream router has no route back to a private address: the answer leaves by its default route.
    expect(t.disposition).toMatchObject({ kind: 'exits', direction: 'reply', via: 'uplink', packet: 'icmp 198.51.100.10 → 192.168.1.11' });
    expect(stepsOf(pathOf(t.root), 'nat')).toEqual([]);
  });
});

describe('(f) the tunnel port to network1 removed on compute1', () => {
  it('vm1 → vm3 (routed on network1) was delivered, and is now dropped: the gateway cannot be resolved', () => {
    expect(healthy('vm1', 'vm3').disposition).toMatchObject({ kind: 'delivered', at: { device: 'vm3' } });
    const t = broken((dp) => {
      const tun = ovs(dp, 'compute1', 'br-tun');
      tun.ports = tun.ports.filter((p) => p.name !== 'vxlan-0a000115');
    }, 'vm1', 'vm3');
    expect(t.disposition).toMatchObject({
      kind: 'dropped', at: { host: 'compute1', device: 'vm1' }, rule: 'neighbour 192.168.1.1 dev eth0', reason: 'ARP for 192.168.1.1 on eth0 got no answer',
    });
  });

  it('vm1 → vm2 does not need network1 and is still delivered', () => {
    const t = broken((dp) => {
      const tun = ovs(dp, 'compute1', 'br-tun');
      tun.ports = tun.ports.filter((p) => p.name !== 'vxlan-0a000115');
    }, 'vm1', 'vm2');
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { device: 'vm2' } });
  });

  it('decapsulation on network1 also needs the reverse tunnel port: without it the packet is dropped there', () => {
    const t = broken((dp) => {
      const tun = ovs(dp, 'network1', 'br-tun');
      tun.ports = tun.ports.filter((p) => p.name !== 'vxlan-0a00011f');
    }, 'vm1', 'vm3');
    expect(t.disposition.kind).toBe('dropped');
    expect(t.disposition.kind === 'dropped' && t.disposition.rule).not.toBe('');
  });
});

describe('faults do not leak into the healthy plane', () => {
  it('the shared base plane still traces healthy after every fault above', () => {
    expect(healthy('vm1', 'vm3').disposition.kind).toBe('delivered');
    expect(healthy('vm1', 'dhcp').disposition.kind).toBe('answered');
    expect(healthy('vm1', 'metadata').disposition.kind).toBe('answered');
  });
});
