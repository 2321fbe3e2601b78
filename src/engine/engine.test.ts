/**
 * The seed scenarios, hop by hop, through `traceFlow` on the realized reference cloud (and a few
 * variants built from it). Every trace runs on a fresh clone: the engine keeps MAC tables and ARP
 * caches per data-plane object.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataplane } from '../dataplane/types';
import { FlowError, traceFlow, type TraceOptions } from '../flows';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import type { Cloud } from '../model/types';
import { realize } from '../realize';
import {
  decapHosts, encapVnis, hopNames, namespace, ovs, pathOf, stepsOf,
} from '../testing/dataplane-helpers';
import { leaves } from '../trace/leaves';
import type { Hop, Trace } from '../trace/types';

const cloud = referenceCloud();
const BASE = realize(cloud);
const netId = (c: Cloud, name: string) => c.networks.find((n) => n.name === name)!.id;
const QROUTER = `qrouter-${cloud.routers[0].id}`;

function trace(dp: Dataplane, from: string, to: string, opts?: TraceOptions): Trace {
  return traceFlow(structuredClone(dp), from, to, opts);
}
const hosts = (hops: Hop[]) => new Set(hops.map((h) => h.host));
const devices = (hops: Hop[]) => hops.map((h) => h.device);

/** compute3 only hosts vm7 on selfservice2; with l2pop it is not a VTEP of selfservice1. */
const withCompute3 = (l2pop: boolean) => realize(cloudBuilder.from(referenceCloudSpec)
  .options({ l2_population: l2pop })
  .host({ name: 'compute3', role: 'compute', management: { ip: '10.0.0.33/24' }, overlay: { ip: '10.0.1.33/24' } })
  .instance({ name: 'vm7', host: 'compute3', network: 'selfservice2', ip: '192.168.2.17' })
  .build());

describe('east-west on one network', () => {
  it('same host: the path never leaves br-int (no br-tun, no tunnel, one host)', () => {
    const dp = realize(cloudBuilder.from(referenceCloudSpec).instance({ name: 'vm5', host: 'compute1', network: 'selfservice1', ip: '192.168.1.15' }).build());
    const t = trace(dp, 'vm1', 'vm5');
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { host: 'compute1', device: 'vm5' } });
    const path = pathOf(t.root);
    expect([...hosts(path)]).toEqual(['compute1']);
    expect(devices(path)).not.toContain('br-tun');
    expect(stepsOf(path, 'tunnel')).toEqual([]);
    expect(devices(path).filter((d) => d === 'br-int')).toHaveLength(1);
    expect(path[0].device).toBe('vm1');
    expect(path[1].device).toMatch(/^qbr/);
    expect(path[path.length - 2].device).toMatch(/^qbr/);
  });

  it('across hosts (vm1 → vm2): br-tun on both hosts, one VNI 101, never the network node or a router', () => {
    const t = trace(BASE, 'vm1', 'vm2');
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { host: 'compute2', device: 'vm2' } });
    const path = pathOf(t.root);
    expect(hopNames(path).filter((n) => n.endsWith('/br-tun'))).toEqual(['compute1/br-tun', 'compute2/br-tun']);
    expect(encapVnis(path)).toEqual([101]);
    expect(path.some((h) => h.role === 'qrouter')).toBe(false);
    expect(hosts(path).has('network1')).toBe(false);
    const encap = stepsOf(path, 'tunnel').find((s) => s.op === 'encap')!;
    expect(encap).toMatchObject({ local: '10.0.1.31', remote: '10.0.1.32', port: 'vxlan-0a000120' });
    // the local VLAN lives only on br-int/br-tun inside each host
    const brInt1 = path.find((h) => h.host === 'compute1' && h.device === 'br-int')!;
    expect(brInt1.vlan).toBe(ovs(BASE, 'compute1', 'br-int').ports.find((p) => p.name === brInt1.in)!.tag);
    expect(path.filter((h) => h.kind === 'namespace' && h.role === 'instance').map((h) => h.vlan)).toEqual([0, 0]);
  });
});

describe('east-west through the legacy router', () => {
  it('vm1 → vm3 (both on compute1) is routed in qrouter on network1: VNI 101 out, VNI 102 back', () => {
    const t = trace(BASE, 'vm1', 'vm3');
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { host: 'compute1', device: 'vm3' } });
    const path = pathOf(t.root);
    const routerHops = path.filter((h) => h.role === 'qrouter');
    expect(routerHops).toHaveLength(1);
    expect(routerHops[0]).toMatchObject({ host: 'network1', device: QROUTER, owner: 'router1' });
    expect(routerHops[0].in).toMatch(/^qr-/);
    expect(routerHops[0].out).toMatch(/^qr-/);
    expect(encapVnis(path)).toEqual([101, 102]);
    const r = path.indexOf(routerHops[0]);
    expect(encapVnis(path.slice(0, r))).toEqual([101]);
    expect(encapVnis(path.slice(r))).toEqual([102]);
    expect(stepsOf(path, 'tunnel').filter((s) => s.op === 'decap').map((s) => s.vni)).toEqual([101, 102]);
    // routed east-west traffic is never NATed
    expect(stepsOf(path, 'nat')).toEqual([]);
  });

  it('a router joining two subnets of one network, without the on-link route: both legs VNI 101, through two qr- on the same local VLAN', () => {
    const spec = cloudBuilder.from(referenceCloudSpec)
      .subnet({ name: 'selfservice1-v4b', network: 'selfservice1', cidr: '192.168.3.0/24', gateway_ip: '192.168.3.1' })
      .instance({ name: 'vm6', host: 'compute2', network: 'selfservice1', ip: '192.168.3.16' })
      .spec();
    spec.routers![0].interfaces!.push({ subnet: 'selfservice1-v4b' });
    const dp = realize(cloudBuilder.from(spec).build());
    // DHCP makes the sibling subnet on-link; without that route the guest goes by its gateway.
    const vm1 = namespace(dp, 'compute1', 'vm1');
    vm1.routes = vm1.routes.filter((r) => r.destination !== '192.168.3.0/24');
    const qrouter = namespace(dp, 'network1', QROUTER);
    expect(qrouter.interfaces.filter((i) => i.name.startsWith('qr-')).map((i) => i.addresses[0]).sort())
      .toEqual(['192.168.1.1/24', '192.168.2.1/24', '192.168.3.1/24']);

    const t = trace(dp, 'vm1', 'vm6');
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { host: 'compute2', device: 'vm6' } });
    const path = pathOf(t.root);
    expect(encapVnis(path)).toEqual([101, 101]);
    const hop = path.find((h) => h.role === 'qrouter')!;
    expect(hop.in).not.toBe(hop.out);
    const brInt = ovs(dp, 'network1', 'br-int');
    const tag = (port: string) => brInt.ports.find((p) => p.name === port)!.tag;
    expect(tag(hop.in!)).toBe(tag(hop.out!));
    expect(tag(hop.in!)).toBeDefined();
  });
});

describe('DHCP', () => {
  it('a DISCOVER from vm1 is answered by dnsmasq in qdhcp-<selfservice1 id> and the OFFER is delivered back to vm1', () => {
    const t = trace(BASE, 'vm1', 'dhcp');
    expect(t.flow).toMatchObject({ kind: 'dhcp', src: '0.0.0.0', dst: '255.255.255.255', sport: 68, dport: 67, dhcp: 'DISCOVER' });
    expect(t.disposition).toMatchObject({
      kind: 'answered', by: 'dnsmasq', at: { host: 'network1', device: `qdhcp-${netId(cloud, 'selfservice1')}` },
    });
    expect(t.disposition.kind === 'answered' && t.disposition.detail).toContain('DHCPOFFER 192.168.1.11');
    const dhcpStep = stepsOf(pathOf(t.root), 'dhcp')[0];
    expect(dhcpStep).toMatchObject({ message: 'DISCOVER', host: { ip: '192.168.1.11' } });
    const reply = leaves(t.reply!);
    expect(reply).toHaveLength(1);
    expect(reply[0].end).toMatchObject({ kind: 'delivered', at: { host: 'compute1', device: 'vm1' } });
    expect(reply[0].end.kind === 'delivered' && reply[0].end.to).toBe('dhclient (DHCPOFFER 192.168.1.11)');
  });

  it('a REQUEST is ACKed', () => {
    const t = trace(BASE, 'vm1', 'dhcp', { dhcp: 'REQUEST' });
    expect(t.disposition).toMatchObject({ kind: 'answered', by: 'dnsmasq' });
    expect(leaves(t.reply!)[0].end).toMatchObject({ kind: 'delivered', to: 'dhclient (DHCPACK 192.168.1.11)' });
  });
});

describe('metadata over the router path', () => {
  const t = trace(BASE, 'vm1', 'metadata');
  const path = pathOf(t.root);

  it('is REDIRECTed to haproxy on 9697 in the qrouter', () => {
    const hop = path.find((h) => h.role === 'qrouter')!;
    expect(hop.device).toBe(QROUTER);
    const nat = stepsOf([hop], 'nat');
    expect(nat).toEqual([expect.objectContaining({ kind: 'REDIRECT', before: '169.254.169.254:80', after: '192.168.1.1:9697' })]);
    expect(stepsOf([hop], 'mark').map((s) => s.value)).toEqual([1]);
    expect(stepsOf([hop], 'deliver').map((s) => [s.listener.process, s.listener.port])).toEqual([['haproxy', 9697]]);
  });

  it('is relayed to the metadata agent\'s socket, then to nova-api-metadata on 8775, which answers', () => {
    const agent = path.find((h) => h.kind === 'process')!;
    expect(agent).toMatchObject({ host: 'network1', device: 'neutron-metadata-agent', in: 'unix:/var/lib/neutron/metadata_proxy' });
    expect(stepsOf([agent], 'relay').map((s) => s.to)).toEqual(['unix:/var/lib/neutron/metadata_proxy', 'tcp 10.0.0.11:8775']);
    const nova = path[path.length - 1];
    expect(nova).toMatchObject({ host: 'controller', device: 'root' });
    expect(stepsOf([nova], 'deliver').map((s) => [s.listener.process, s.listener.port])).toEqual([['nova-api-metadata', 8775]]);
    expect(t.disposition).toMatchObject({ kind: 'answered', by: 'nova-api-metadata', at: { host: 'controller' }, detail: 'HTTP 200' });
  });

  it('the reply comes back un-DNATed from 169.254.169.254:80 and is delivered to vm1', () => {
    const reply = pathOf(t.reply!);
    expect(leaves(t.reply!).map((l) => l.end.kind)).toEqual(['delivered']);
    expect(reply[reply.length - 1]).toMatchObject({ host: 'compute1', device: 'vm1' });
    const unDnat = stepsOf(reply, 'nat').filter((s) => s.kind === 'unDNAT');
    expect(unDnat).toEqual([expect.objectContaining({ before: '192.168.1.1:9697', after: '169.254.169.254:80' })]);
    expect(reply.find((h) => h.steps.includes(unDnat[0]))!.device).toBe(QROUTER);
  });
});

describe('north-south', () => {
  it('to the internet: out of qg- with SNAT to the router\'s gateway IP, to the internet host and back un-SNATed', () => {
    const t = trace(BASE, 'vm1', 'internet');
    const path = pathOf(t.root);
    const hop = path.find((h) => h.role === 'qrouter')!;
    expect(hop.out).toMatch(/^qg-/);
    expect(stepsOf([hop], 'nat')).toEqual([expect.objectContaining({ kind: 'SNAT', before: '192.168.1.11', after: '203.0.113.101' })]);
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { host: 'fabric', device: 'internet' } });
    expect(devices(path)).toEqual(expect.arrayContaining(['br-ex', 'upstream']));
    const back = pathOf(t.reply!).find((h) => h.role === 'qrouter')!;
    expect(back.in).toMatch(/^qg-/);
    expect(stepsOf([back], 'nat')).toEqual([expect.objectContaining({ kind: 'unSNAT', before: '203.0.113.101', after: '192.168.1.11' })]);
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
  });
});

describe('flooding', () => {
  it('a DHCP DISCOVER forks at the flood points; with l2_population only selfservice1 VTEPs get it', () => {
    const t = trace(withCompute3(true), 'vm1', 'dhcp');
    expect(t.root.forks.length).toBeGreaterThan(1);
    expect(leaves(t.root).length).toBeGreaterThan(2);
    expect([...decapHosts(t)].sort()).toEqual(['compute2', 'network1']);
    expect(t.disposition).toMatchObject({ kind: 'answered', by: 'dnsmasq' });
  });

  it('without l2_population the flood reaches every VTEP, including compute3, which drops it (no VNI 101 there)', () => {
    const t = trace(withCompute3(false), 'vm1', 'dhcp');
    expect([...decapHosts(t)].sort()).toEqual(['compute2', 'compute3', 'network1']);
    const atCompute3 = leaves(t.root).filter((l) => l.end.at.host === 'compute3');
    expect(atCompute3.map((l) => l.end)).toEqual([expect.objectContaining({ kind: 'dropped', at: { host: 'compute3', device: 'br-tun' } })]);
    expect(t.disposition).toMatchObject({ kind: 'answered', by: 'dnsmasq' });
  });
});

describe('loop protection', () => {
  it('br-int and br-tun bouncing a frame back through the in port forever: the trace ends `loop`', () => {
    const dp = structuredClone(BASE);
    ovs(dp, 'compute1', 'br-tun').flows.push({ table: 0, priority: 100, match: { inPort: 'patch-int' }, actions: [{ type: 'in_port' }] });
    ovs(dp, 'compute1', 'br-int').flows.push({ table: 0, priority: 100, match: { inPort: 'patch-tun' }, actions: [{ type: 'in_port' }] });
    const t = traceFlow(dp, 'vm1', 'dhcp');
    expect(t.disposition).toMatchObject({ kind: 'loop', at: { host: 'compute1' } });
    expect(t.disposition.kind === 'loop' && t.disposition.reason).toMatch(/hops|budget/);
  });

  /** A second patch pair between br-int and br-tun, and br-tun switching between the two. */
  function patchLoop(): Dataplane {
    const dp = structuredClone(BASE);
    const brInt = ovs(dp, 'compute1', 'br-int');
    const brTun = ovs(dp, 'compute1', 'br-tun');
    brInt.ports.push({ name: 'patch-tun2', type: 'patch', ofport: 90 });
    brTun.ports.push({ name: 'patch-int2', type: 'patch', ofport: 90 });
    dp.links.push({ kind: 'patch', a: { host: 'compute1', device: 'br-int', port: 'patch-tun2' }, b: { host: 'compute1', device: 'br-tun', port: 'patch-int2' } });
    brTun.flows.push({ table: 0, priority: 100, match: {}, actions: [{ type: 'normal' }] });
    return dp;
  }

  it('a second patch pair making a bridging loop: a flooded frame ends `loop`, never hangs', () => {
    const t = traceFlow(patchLoop(), 'vm1', 'dhcp');
    expect(t.disposition.kind).toBe('loop');
    expect(leaves(t.root).some((l) => l.end.kind === 'loop')).toBe(true);
  });

  // Regression (was a bug in src/engine/walk.ts, follow): when the hop limit is hit at the start of a branch forked by
  // a flood, the branch has no hops yet and the loop is reported at `?@?` instead of the device
  // the looping frame was about to enter (or the parent branch's last hop, here br-int/br-tun on
  // compute1), so the trace cannot say where the loop is.
  it('the loop disposition names the device where the loop was detected', () => {
    const t = traceFlow(patchLoop(), 'vm1', 'dhcp');
    expect(t.disposition).toMatchObject({ kind: 'loop', at: { host: 'compute1' } });
  });
});

describe('destinations that are not instances', () => {
  it('an unknown address inside the subnet is dropped (ARP unanswered), without a FlowError', () => {
    const t = trace(BASE, 'vm1', '192.168.1.99');
    expect(t.flow).toMatchObject({ kind: 'ip', dst: '192.168.1.99' });
    expect(t.disposition).toMatchObject({ kind: 'dropped', at: { host: 'compute1', device: 'vm1' }, rule: 'neighbour 192.168.1.99 dev eth0' });
  });

  it('an unknown address outside the cloud follows the default routes and leaves via the upstream router', () => {
    expect(trace(BASE, 'vm1', '10.99.0.1').disposition).toMatchObject({ kind: 'exits', packet: 'icmp 203.0.113.101 → 10.99.0.1' });
  });

  it('an instance without any default route gets no-route', () => {
    const dp = realize(cloudBuilder.from(referenceCloudSpec)
      .network({ name: 'isolated', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 103 })
      .subnet({ name: 'isolated-v4', network: 'isolated', cidr: '10.10.0.0/24', gateway_ip: null })
      .instance({ name: 'vm8', host: 'compute1', network: 'isolated', ip: '10.10.0.8' })
      .build());
    expect(trace(dp, 'vm8', '10.99.0.1').disposition).toEqual({ kind: 'no-route', at: { host: 'compute1', device: 'vm8' }, destination: '10.99.0.1' });
  });

  it('an unknown instance name throws FlowError naming it, as source or destination', () => {
    expect(() => trace(BASE, 'vm9', 'vm1')).toThrow(FlowError);
    expect(() => trace(BASE, 'vm9', 'vm1')).toThrow(/unknown instance "vm9"/);
    expect(() => trace(BASE, 'vm1', 'nosuchvm')).toThrow(/unknown instance "nosuchvm" \(instances: vm1, vm2, vm3, vm4\)/);
  });

  it('an instance may be named by its IP', () => {
    expect(trace(BASE, '192.168.1.11', 'vm2').disposition).toMatchObject({ kind: 'delivered', at: { device: 'vm2' } });
  });
});

describe('traffic to one of the sender\'s own addresses', () => {
  // Regression (was a bug in src/engine/namespace.ts, namespaceLocalOutput): a packet a namespace sends to one of its
  // own addresses is routed out of an interface and ARPed for, instead of being delivered locally
  // (Linux's `local` routing table / loopback). vm1 pinging 192.168.1.11 ends "ARP for
  // 192.168.1.11 on eth0 got no answer" instead of being delivered to vm1.
  it('vm1 → its own IP is delivered locally', () => {
    expect(trace(BASE, 'vm1', '192.168.1.11').disposition).toMatchObject({ kind: 'delivered', at: { host: 'compute1', device: 'vm1' } });
  });

  // Same former bug, with a real consequence: when nova-api-metadata runs on the host of the metadata
  // agent (the install guide's controller runs both), nova_metadata_host is that host's own
  // management IP, and the agent's relay is dropped at root@network1 "ARP for 10.0.0.21 on eth0
  // got no answer": metadata never works in that layout.
  it('metadata works when nova-api-metadata runs beside the metadata agent', () => {
    const spec = cloudBuilder.from(referenceCloudSpec).spec();
    spec.hosts.find((h) => h.name === 'network1')!.agents = ['ovs', 'l3', 'dhcp', 'metadata', 'nova-metadata'];
    spec.hosts.find((h) => h.name === 'controller')!.agents = [];
    const c = cloudBuilder.from(spec).build();
    expect(c.options.nova_metadata_host).toBe('10.0.0.21');
    expect(trace(realize(c), 'vm1', 'metadata').disposition).toMatchObject({ kind: 'answered', by: 'nova-api-metadata', at: { host: 'network1' } });
  });
});
