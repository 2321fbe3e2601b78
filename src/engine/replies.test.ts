/**
 * Replies are new packets walked through the data plane, and conntrack is state the request's
 * walk creates: a reply is ESTABLISHED because its tuple is the reply tuple of an entry, never
 * because the packet says so.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataplane } from '../dataplane/types';
import { traceFlow, type TraceOptions } from '../flows';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { parseIp } from '../net/ipv4';
import { realize } from '../realize';
import { namespace, pathOf, stepsOf } from '../testing/dataplane-helpers';
import { walkTrace } from './index';
import { ipPacket } from './packet';

const cloud = referenceCloud();
const BASE = realize(cloud);
const QROUTER = `qrouter-${cloud.routers[0].id}`;
const trace = (dp: Dataplane, from: string, to: string, opts?: TraceOptions) => traceFlow(structuredClone(dp), from, to, opts);
const portOf = (name: string) => cloud.instances.find((i) => i.name === name)!.ports[0];

/** The hybrid driver's egress chain of an instance's first port, on its compute host. */
function egressChain(dp: Dataplane, host: string, vm: string) {
  return namespace(dp, host, 'root').netfilter.tables.filter![`neutron-openvswi-o${portOf(vm).slice(0, 10)}`];
}

describe('replies walked through the data plane', () => {
  it('a guest answers an echo request; the reply starts at the guest and crosses the same qrouter back', () => {
    const t = trace(BASE, 'vm1', 'vm3');
    expect(t.disposition).toMatchObject({ kind: 'delivered', to: 'vm3' });
    const back = pathOf(t.reply!);
    expect(back[0]).toMatchObject({ host: 'compute1', device: 'vm3' });
    expect(back.filter((h) => h.device === QROUTER)).toHaveLength(1);
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
  });

  it('TCP to a port nothing listens on gets the kernel RST, walked back to the sender', () => {
    const t = trace(BASE, 'vm1', 'vm2', { proto: 'tcp', dport: 8080 });
    const at = pathOf(t.root).at(-1)!;
    expect(stepsOf([at], 'note').map((s) => s.text)).toContain('kernel answers RST: nothing listens on tcp/8080');
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
  });

  it('walks no reply when asked not to (for measuring what replies cost)', () => {
    const t = trace(BASE, 'vm1', 'vm3', { replies: false });
    expect(t.reply).toBeUndefined();
    expect(t.disposition).toMatchObject({ kind: 'delivered', to: 'vm3' });
  });
});

describe('conntrack is state, created by the request', () => {
  it('every namespace on the way looks the request up as NEW and its reply as ESTABLISHED', () => {
    const t = trace(BASE, 'vm1', 'vm3');
    // The ICMP connection's lookups (the hosts also track the VXLAN packets carrying it).
    const icmp = (b: typeof t.root) => stepsOf(pathOf(b), 'ct').filter((s) => s.conn?.startsWith('icmp '));
    const out = icmp(t.root);
    const back = icmp(t.reply!);
    expect(out.length).toBeGreaterThan(3);
    expect(out.every((s) => s.state === 'NEW' && s.dir === 'original')).toBe(true);
    expect(back.every((s) => s.state === 'ESTABLISHED' && s.dir === 'reply')).toBe(true);
    expect(back.map((s) => s.table)).toContain(QROUTER);
  });

  it('an echo reply nobody asked for is NEW everywhere, and reaches no socket', () => {
    const dp = structuredClone(BASE);
    const vm3 = dp.endpoints.instances.find((i) => i.name === 'vm3')!;
    const vm1 = dp.endpoints.instances.find((i) => i.name === 'vm1')!;
    const t = walkTrace(dp, { from: 'vm3', to: 'vm1', kind: 'instance', proto: 'icmp', src: vm3.ip, dst: vm1.ip }, {
      kind: 'send', host: vm3.host, namespace: vm3.namespace,
      pkt: ipPacket({ src: parseIp(vm3.ip), dst: parseIp(vm1.ip), proto: 'icmp', app: { kind: 'icmp', type: 'echo-reply' } }),
    });
    const steps = stepsOf(pathOf(t.root), 'ct');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.state === 'NEW')).toBe(true);
    expect(t.reply).toBeUndefined(); // an echo reply is not answered
  });

  it('an ESTABLISHED drop at the head of vm1\'s egress chain: vm1 still sends, but answers no one', () => {
    const dp = structuredClone(BASE);
    egressChain(dp, 'compute1', 'vm1').unshift({ match: { ctstate: ['ESTABLISHED'] }, target: { type: 'DROP' } });
    expect(trace(dp, 'vm1', 'vm3').reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
    const t = trace(dp, 'vm3', 'vm1');
    expect(t.disposition).toMatchObject({ kind: 'dropped', direction: 'reply', at: { host: 'compute1' } });
    expect(t.disposition.kind === 'dropped' && t.disposition.reason).toMatch(/security group/);
  });

  it('the openvswitch driver tracks in the network\'s zone: commits the request, matches the reply as est', () => {
    const dp = realize(cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build());
    const t = trace(dp, 'vm1', 'vm2');
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
    const zoned = (b: typeof t.root) => stepsOf(pathOf(b), 'ct').filter((s) => s.table === 'br-int');
    expect(zoned(t.root).map((s) => s.state)).toEqual(expect.arrayContaining(['NEW']));
    expect(zoned(t.reply!).length).toBeGreaterThan(0);
    expect(zoned(t.reply!).every((s) => s.state === 'ESTABLISHED' && s.zone > 0)).toBe(true);
  });
});
