/**
 * A trace records each ARP exchange it needed: where the who-has went (every flood copy with its
 * VLAN tag and tunnel id), who answered (a namespace's kernel, or an OVS ARP responder flow) and
 * the is-at walked back; a trace that asks not to record them reads the same without them.
 */
import { describe, expect, it } from '@jest/globals';
import { traceFlow, type TraceOptions } from '../flows';
import { normalizeCloud } from '../model/normalize';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import { pathOf } from '../testing/dataplane-helpers';
import type { ArpExchange, Branch, Hop, Step, Trace } from '../trace/types';

const cloud = referenceCloud();
const BASE = realize(cloud);
const trace = (from: string, to: string, opts?: TraceOptions) => traceFlow(structuredClone(BASE), from, to, opts);

function hopsOf(b: Branch | undefined): Hop[] {
  return b ? [...b.hops, ...b.forks.flatMap(hopsOf)] : [];
}

/** The sender's first ARP step (on its own hop). */
function firstArp(t: Trace): Extract<Step, { t: 'arp' }> {
  for (const h of t.root.hops) for (const s of h.steps) if (s.t === 'arp') return s;
  throw new Error('no ARP step');
}

describe('ARP exchanges in the trace', () => {
  it('a who-has across hosts: its flood copies carry the VNI, the target answers, its is-at comes home', () => {
    const arp = firstArp(trace('vm1', 'vm2'));
    const e = arp.exchange as ArpExchange;
    expect(arp).toMatchObject({ ip: '192.168.1.12', cached: false });
    expect(e.by).toEqual({ kind: 'namespace', host: 'compute2', device: 'vm2', iface: 'eth0' });
    const tun = hopsOf(e.request).find((h) => h.host === 'compute1' && h.device === 'br-tun')!;
    const vni = cloud.networks.find((n) => n.name === 'selfservice1')!['provider:segmentation_id'];
    // One copy per tunnel of the network's flood list, each with the network's VNI.
    expect(tun.copies?.length).toBe(2);
    for (const c of tun.copies!) expect(c.tunId).toBe(vni);
    // The local VLAN the who-has was flooded on, on the sender's br-int.
    const brInt = hopsOf(e.request).find((h) => h.host === 'compute1' && h.device === 'br-int')!;
    expect(brInt.vlan).toBeGreaterThan(0);
    expect(pathOf(e.answer!).at(-1)).toMatchObject({ host: 'compute1', device: 'vm1' });
    expect(e.answer!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
  });

  it('an address nobody owns: the who-has is flooded and answered by no one', () => {
    const t = trace('vm1', '192.168.1.99');
    const e = firstArp(t).exchange!;
    expect(e.by).toBeNull();
    expect(e.answer).toBeUndefined();
    // Every copy of the flood ended somewhere without answering.
    expect(hopsOf(e.request).some((h) => h.device === 'vm2')).toBe(true);
    expect(t.disposition).toMatchObject({ kind: 'dropped', rule: 'neighbour 192.168.1.99 dev eth0' });
  });

  it("with the OVS ARP responder, br-tun's flow answers and nothing is flooded to the other hosts", () => {
    const dp = realize(normalizeCloud({ ...referenceCloudSpec, options: { ...referenceCloudSpec.options, arp_responder: true } }, 'arp responder'));
    const e = firstArp(traceFlow(dp, 'vm1', 'vm2')).exchange!;
    expect(e.by).toMatchObject({ kind: 'flow', host: 'compute1', bridge: 'br-tun' });
    expect(e.by?.kind === 'flow' && e.by.flow.actions.some((a) => a.type === 'arp_reply')).toBe(true);
    expect(hopsOf(e.request).some((h) => h.host !== 'compute1')).toBe(false);
  });

  it('every ARP step of a trace that resolved its neighbour by an exchange carries it, the reply too', () => {
    const t = trace('vm1', 'vm4');
    const arps = [...hopsOf(t.root), ...hopsOf(t.reply)].flatMap((h) => h.steps).filter((s) => s.t === 'arp');
    expect(arps.length).toBeGreaterThan(1);
    for (const s of arps) if (!s.cached) expect(s.exchange?.request.hops.length).toBeGreaterThan(0);
  });

  it('arpExchanges: false walks the same and keeps no exchange', () => {
    const without = trace('vm1', 'vm4', { arpExchanges: false });
    const strip = (t: Trace) => JSON.parse(JSON.stringify(t, (k, v) => (k === 'exchange' ? undefined : v)));
    expect(JSON.stringify(without)).not.toContain('"exchange"');
    expect(strip(trace('vm1', 'vm4'))).toEqual(strip(without));
  });
});
