import { describe, expect, it } from '@jest/globals';
import type { Dataplane, LearnSpec } from '../dataplane/types';
import { traceFlow } from '../flows';
import { normalizeCloud } from '../model/normalize';
import { referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import type { Branch, Step } from '../trace/types';
import { learnText } from './learn-template';

const steps = (b: Branch | undefined): Step[] => (b ? [...b.hops.flatMap((h) => h.steps), ...b.forks.flatMap(steps)] : []);

/** Without l2population, br-tun learns where a MAC lives from the traffic that comes out of a tunnel. */
const dataplane = () => realize(normalizeCloud({ ...referenceCloudSpec, options: { ...referenceCloudSpec.options, l2_population: false } }, 'no l2pop'));

/** Every learn() template of every br-tun, edited in place. */
function editLearn(dp: Dataplane, edit: (spec: LearnSpec) => LearnSpec): Dataplane {
  const copy = structuredClone(dp);
  for (const h of copy.hosts) for (const d of h.devices) {
    if (d.kind !== 'ovs') continue;
    for (const f of d.flows) f.actions = f.actions.map((a) => (a.type === 'learn' ? { ...a, spec: edit(a.spec) } : a));
  }
  return copy;
}

/**
 * What a learn() action installs comes from its template in the data plane, as ovs-ofctl shows
 * it: change the template and the learned flows change with it.
 */
describe('learn()', () => {
  const dp = dataplane();
  const brTun = dp.hosts.find((h) => h.name === 'compute1')!.devices.find((d) => d.name === 'br-tun')!;
  const template = brTun.kind === 'ovs' ? brTun.flows.flatMap((f) => f.actions).find((a) => a.type === 'learn') : undefined;

  it("br-tun's template reads as Neutron's agent writes it", () => {
    expect(template?.type === 'learn' && learnText(template.spec)).toBe(
      'learn(table=20,hard_timeout=300,priority=1,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],'
      + 'load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[])');
  });

  it('the answer across a tunnel is sent by the flow the request taught', () => {
    const t = traceFlow(dp, 'vm1', 'vm2');
    // Delivered, and no direction: the echo reply made it back too.
    expect(t.disposition).toEqual({ kind: 'delivered', at: { host: 'compute2', device: 'vm2' }, to: 'vm2' });
    const learned = steps(t.reply).filter((s) => s.t === 'flow' && s.learned);
    expect(learned.length).toBeGreaterThan(0);
    expect(learned[0]).toMatchObject({ flow: { table: 20, actions: [{ type: 'strip_vlan' }, { type: 'set_tunnel' }, { type: 'output', port: expect.stringMatching(/^vxlan-/) }] } });
  });

  it('a template that learns the wrong MAC field teaches nothing the answer can use: it floods instead', () => {
    const wrong = editLearn(dp, (s) => ({ ...s, match: s.match.map((m) => (m.field === 'dlDst' ? { ...m, from: 'ethDst' as const } : m)) }));
    const t = traceFlow(wrong, 'vm1', 'vm2');
    expect(steps(t.reply).some((s) => s.t === 'flow' && s.learned)).toBe(false);
    expect(steps(t.reply).some((s) => s.t === 'flow' && s.flow.table === 22)).toBe(true);
  });

  it('a template whose flows send nothing breaks the answer across the tunnel', () => {
    const mute = editLearn(dp, (s) => ({ ...s, actions: s.actions.filter((a) => a.type !== 'output_in_port') }));
    const t = traceFlow(mute, 'vm1', 'vm2');
    // vm2's ARP answer is the first frame back through a learned flow: it never arrives.
    expect(t.disposition).toMatchObject({ kind: 'dropped', reason: 'ARP for 192.168.1.12 on eth0 got no answer' });
  });
});
