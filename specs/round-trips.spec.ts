/**
 * Round trips: faults that break only the way back. Each is caught by an invariant, and the trace
 * shows the request getting through and its answer failing (`direction: 'reply'`).
 */
import {
  everyInstanceReachesTheInternet, faultSites, inject, mainPath, referenceCloud, renderDetailed, routedTrafficCrossesOneQrouter,
  sameNetworkNeverRouted, simulate, type Fault, type Invariant, type Simulation,
} from 'netspec';

const sim = simulate(referenceCloud());
const broken = (f: Fault): Simulation => sim.withDataplane(inject(sim.dataplane, f));
const site = <K extends Fault['kind']>(kind: K, pick: (f: Extract<Fault, { kind: K }>) => boolean) =>
  faultSites(sim.dataplane, [kind]).find((f): f is Extract<Fault, { kind: K }> => f.kind === kind && pick(f as Extract<Fault, { kind: K }>))!;
const violation = (s: Simulation, inv: Invariant) => inv.check(s, { maxViolations: 1 }).violations[0];
const vm1Tap = (): string => {
  const port = sim.cloud.instances.find((i) => i.name === 'vm1')!.ports[0];
  return `tap${port.slice(0, 11)}`;
};

describe('faults on the way back', () => {
  // @id bdc17456-507a-5ee1-bfad-78c938272b90
  it('holds on the healthy reference cloud', () => {
    for (const inv of [everyInstanceReachesTheInternet, sameNetworkNeverRouted, routedTrafficCrossesOneQrouter]) {
      expect(sim).toSatisfy(inv);
    }
  });

  // @id 564021aa-be8b-5678-b90a-69aa55d74050
  it('a FORWARD drop on the qrouter\'s qg-: every instance still reaches the internet, and no answer comes back', () => {
    const b = broken(site('forward-drop', (f) => f.iface.startsWith('qg-')));
    const v = violation(b, everyInstanceReachesTheInternet);
    expect(v.reason).toMatch(/^the internet's answer never got back: reply dropped at qrouter-.*filter FORWARD/);
    const t = b.trace('vm1', 'internet');
    expect(t.disposition).toMatchObject({ kind: 'dropped', direction: 'reply' });
    expect(mainPath(t.root).at(-1)!.device).toBe('internet'); // the request got there
    expect(renderDetailed(t)).toMatch(/filter FORWARD: DROP by -A FORWARD -i qg-\S+ -j DROP/);
  });

  // @id ea141018-b87d-5717-8697-4409b74a399d
  it('an ESTABLISHED drop at the head of vm1\'s egress chain: vm1 reaches vm2, but answers no one', () => {
    const b = broken(site('established-drop', (f) => f.tap === vm1Tap()));
    expect(b.trace('vm1', 'vm2').reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
    const t = b.trace('vm2', 'vm1');
    expect(t.disposition).toMatchObject({ kind: 'dropped', direction: 'reply', at: { host: 'compute1' } });
    expect(renderDetailed(t)).toMatch(/-m state --state ESTABLISHED -j DROP/);
    expect(violation(b, sameNetworkNeverRouted).reason).toMatch(/^not delivered: reply dropped at qbr/);
  });

  // @id 5557e346-363e-5248-892a-f045a44ae8c4
  it('a missing un-SNAT (answers arriving on qg- untracked): the answer stops at the router\'s own address', () => {
    const b = broken(site('notrack', () => true));
    const t = b.trace('vm1', 'internet');
    expect(t.disposition).toMatchObject({ kind: 'dropped', direction: 'reply' });
    const detailed = renderDetailed(t);
    expect(detailed).toContain('conntrack');
    expect(detailed).toMatch(/UNTRACKED/);
    expect(detailed).not.toMatch(/unSNAT/);
    expect(violation(b, everyInstanceReachesTheInternet).reason).toMatch(/^the internet's answer never got back/);
  });
});
