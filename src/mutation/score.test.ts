import { describe, expect, it } from '@jest/globals';
import { faultSites, inject } from '../dataplane/faults';
import { builtinInvariants, dhcpAnsweredByOwnQdhcp, dhcpGuestsGetTheirSubnetSettings, everyInstanceReachesTheInternet, l2popDecidesUnicast, metadataReachesProxy } from '../invariants';
import { cloudBuilder } from '../model/builder';
import { loadTopology } from '../model/load';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { checkFlows, flowText, instanceFlows, signature, traceAll } from './flows';
import { scoreMutants } from './score';
import { modeVariants } from './clouds';
import { DVR_FAULT_KINDS } from '../dataplane/faults/dvr-sites';
import { TRUNK_FAULT_KINDS } from '../dataplane/faults/trunk-sites';
import { renderMissed, renderTable } from './table';

const reference = [{ label: 'reference', cloud: referenceCloud() }];
const kind = (r: ReturnType<typeof scoreMutants>, k: string) => r.kinds.find((x) => x.kind === k)!;

describe('the flows a mutant is observed by', () => {
  const sim = simulate(referenceCloud());

  it('are every flow of the exhaustive check: pairs, internet, DHCP and metadata, then the probes of the invariants about state', () => {
    const flows = checkFlows(sim, builtinInvariants).map(flowText);
    expect(flows.slice(0, 24)).toEqual(instanceFlows(sim).map(flowText));
    expect(flows.slice(0, 3)).toEqual(['vm1 → vm2', 'vm1 → vm3', 'vm1 → vm4']);
    // The gateway pings and the metadata proxy's port on the gateway, once per instance.
    expect(flows.slice(24).sort()).toEqual([
      'vm1 → 192.168.1.1', 'vm1 → 192.168.1.1 proto=tcp dport=9697', 'vm2 → 192.168.1.1', 'vm2 → 192.168.1.1 proto=tcp dport=9697',
      'vm3 → 192.168.2.1', 'vm3 → 192.168.2.1 proto=tcp dport=9697', 'vm4 → 192.168.2.1', 'vm4 → 192.168.2.1 proto=tcp dport=9697',
    ]);
    // Only the invariants asked about: no probes without the invariants about state.
    expect(checkFlows(sim, [dhcpAnsweredByOwnQdhcp]).map(flowText)).toEqual(instanceFlows(sim).map(flowText));
  });

  it('are compared by disposition and device path, the reply’s included', () => {
    const t = sim.trace('vm1', 'internet');
    expect(signature(t)).toMatch(/^delivered internet@internet@fabric :: vm1@compute1 .* ⇒ delivered internet@internet@fabric ⟲ internet@fabric .* ⇒ delivered vm1@vm1@compute1$/);
    // A dnsmasq entry nobody asks for (the router interface's) changes no signature.
    const flows = checkFlows(sim, builtinInvariants);
    const before = traceAll(simulate(sim.cloud, structuredClone(sim.dataplane)), flows).signatures;
    const routerMac = faultSites(sim.dataplane, ['dhcp-host-missing'])[0];
    expect(traceAll(simulate(sim.cloud, inject(sim.dataplane, routerMac)), flows).signatures).toEqual(before);
  });
});

describe('the mutation score', () => {
  it('counts a mutant that changes a trace but that no invariant catches as observable but missed, never equivalent', () => {
    // metadataReachesProxy never looks at the internet: the wrong SNAT address changes vm → internet unseen.
    const r = scoreMutants(reference, { perKind: Infinity, seed: 1, kinds: ['snat-source'], invariants: [metadataReachesProxy] });
    expect(kind(r, 'snat-source')).toMatchObject({ mutants: 1, caught: 0, missed: 1, equivalent: 0 });
    expect(r.missed).toHaveLength(1);
    expect(r.missed[0]).toMatchObject({ fault: expect.stringMatching(/^snat-source neutron-l3-agent-snat --to-source 203\.0\.113\.101 → /), flow: 'vm1 → internet', failingBefore: false });
    expect(renderMissed(r)).toContain('observable but missed: 1\n  snat-source');
    // With the invariant that looks at the internet, the same mutant is caught.
    const caught = scoreMutants(reference, { perKind: Infinity, seed: 1, kinds: ['snat-source'], invariants: [everyInstanceReachesTheInternet] });
    expect(kind(caught, 'snat-source')).toMatchObject({ mutants: 1, caught: 1, missed: 0, equivalent: 0, caughtBy: { everyInstanceReachesTheInternet: 1 } });
  });

  it('counts a mutant an invariant catches as caught even when no signature changed', () => {
    // A missing l2pop unicast flow: a flow br-tun learned carries the frame along the same devices.
    const r = scoreMutants(reference, { perKind: Infinity, seed: 1, kinds: ['flow-missing'], invariants: [l2popDecidesUnicast] });
    const k = kind(r, 'flow-missing');
    expect(k.caughtUnsigned).toBeGreaterThan(0);
    expect(k.caught).toBe(k.caughtBy.l2popDecidesUnicast);
    expect(renderTable(r)).toMatch(/\ncaught though no flow's signature changed \(a state invariant, or a detail of a path\): \d+ \(flow-missing \d+\)$/);
  });

  it('calls a mutant equivalent only when no flow’s trace changes and no invariant catches it', () => {
    // A smaller MTU in dnsmasq's options: no flow of the check sends a packet it would drop, so no
    // signature changes; only the state invariant that reads what each guest got sees it.
    const mtu = faultSites(simulate(referenceCloud()).dataplane, ['dhcp-option']).filter((f) => f.kind === 'dhcp-option' && f.option === 'mtu');
    expect(mtu).toHaveLength(3);
    const sim = simulate(referenceCloud());
    const flows = checkFlows(sim, builtinInvariants);
    const before = traceAll(simulate(sim.cloud, structuredClone(sim.dataplane)), flows).signatures;
    for (const f of mtu) expect(traceAll(simulate(sim.cloud, inject(sim.dataplane, f)), flows).signatures).toEqual(before);
    const withState = scoreMutants(reference, { perKind: Infinity, seed: 1, kinds: ['dhcp-option'], invariants: [dhcpGuestsGetTheirSubnetSettings] });
    const withoutState = scoreMutants(reference, { perKind: Infinity, seed: 1, kinds: ['dhcp-option'], invariants: [metadataReachesProxy] });
    const a = kind(withState, 'dhcp-option');
    const b = kind(withoutState, 'dhcp-option');
    for (const k of [a, b]) expect(k.mutants).toBe(k.equivalent + k.caught + k.missed);
    // The MTU mutants a guest takes are caught without any signature changing; without that
    // invariant they are equivalent, never "missed" (no trace changed).
    expect(a.caughtUnsigned).toBeGreaterThan(0);
    expect(b.equivalent - a.equivalent).toBe(a.caughtUnsigned);
  });

  it('scores every fault kind of the catalogue on the reference clouds (one with router1 HA), and renders the table', () => {
    const ovsfw = { label: 'ovsfw', cloud: cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build() };
    const ha = { label: 'ha-router', cloud: loadTopology('examples/ha-router.yaml') };
    const r = scoreMutants([...reference, ovsfw, ha], { perKind: 2, seed: 3 });
    expect(r.unhealthy).toEqual([]);
    expect(r.engineErrors).toEqual([]);
    // The kinds of distributed routers, trunks and allowed address pairs have places on the mode clouds only.
    expect(r.kinds.filter((k) => k.mutants === 0).map((k) => k.kind)).toEqual([...DVR_FAULT_KINDS, ...TRUNK_FAULT_KINDS, 'address-pair-missing']);
    for (const k of r.kinds) expect([k.kind, k.mutants]).toEqual([k.kind, k.equivalent + k.caught + k.missed]);
    expect(renderTable(r)).toMatch(/^fault kind +mutants +caught +obs\. missed +equivalent +score +caught by \(top 3\)\n/);
    // 32 flows on each of the two reference clouds, 33 on the HA example.
    expect(r.flows).toBe(2 * 32 + 33);
  });

  it('scores every fault kind on the mode clouds (DVR, trunk, security-group features), each healthy', () => {
    const r = scoreMutants(modeVariants(), { perKind: 2, seed: 3 });
    expect(r.unhealthy).toEqual([]);
    expect(r.engineErrors).toEqual([]);
    expect(r.kinds.filter((k) => k.mutants === 0).map((k) => k.kind)).toEqual(['vrrp-split-brain']);
    expect(renderTable(r, { placed: true })).not.toContain('vrrp-split-brain');
  });
});
