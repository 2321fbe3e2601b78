import { describe, expect, it } from '@jest/globals';
import { describeFault, faultSites } from '../dataplane/faults';
import { cloudBuilder } from '../model/builder';
import { normalizeCloud } from '../model/normalize';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { generateCloudSpec } from '../../bench/generate-cloud';
import fc from 'fast-check';
import { cloudsWithAFault } from '../check/class-soundness';
import { diff } from './diff';
import { diffVerdicts as verdicts, perFlowChanges } from './per-flow';
import { ForkError } from './edits';
import { fork } from './fork';
import { diffToJson, renderDiff } from './render';

const base = simulate(referenceCloud());


describe('diff', () => {
  it('compares every flow the check enumerates: each instance to every other, internet, DHCP and metadata', () => {
    const d = diff(base, referenceCloud());
    const n = base.cloud.instances.length;
    expect(d.flows).toBe(n * (n - 1) + 3 * n);
    expect(verdicts(d)).toEqual([]);
    // Nothing differs, so no walk of the changed cloud is needed.
    expect(d.walks.changed).toBe(0);
    expect(d.walks.reused).toBeGreaterThan(0);
  });

  it('walks again only what a local change can touch, and tells the same as walking everything', () => {
    const f = fork(base).setAdminState('port', 'vm4', false);
    const local = diff(f);
    const full = diff(f, undefined, { rewalk: 'all' });
    expect(verdicts(local)).toEqual(verdicts(full));
    expect(verdicts(local)).toContain('broken vm1 → vm4');
    // On the reference cloud every ARP flood crosses vm4's br-int, so nothing can be reused
    // there; on a cloud of several hosts and networks most walks never meet the change.
    const wide = simulate(normalizeCloud(generateCloudSpec({ computeHosts: 6, networks: 6, instances: 24, routers: 1, seed: 1 }), 'six hosts'));
    const g = fork(wide).setAdminState('port', 'vm4', false);
    const wideLocal = diff(g);
    const wideFull = diff(g, undefined, { rewalk: 'all' });
    expect(verdicts(wideLocal)).toEqual(verdicts(wideFull));
    expect(verdicts(wideLocal).some((v) => v.startsWith('broken ') && v.endsWith(' → vm4'))).toBe(true);
    expect(wideLocal.walks.reused).toBeGreaterThan(0);
    expect(wideLocal.walks.changed).toBeLessThan(wideFull.walks.changed);
  });

  it('walking only what the change touched gives the verdicts of walking everything, fault by fault', () => {
    const spec = generateCloudSpec({ computeHosts: 3, networks: 3, instances: 9, routers: 2 });
    for (const sim of [base, simulate(normalizeCloud(spec, 'generated'))]) {
      const sites = faultSites(sim.dataplane);
      for (let i = 0; i < sites.length; i += Math.ceil(sites.length / 12)) {
        const f = fork(sim).inject(sites[i]);
        expect([describeFault(sites[i]), verdicts(diff(f))]).toEqual([describeFault(sites[i]), verdicts(diff(f, undefined, { rewalk: 'all' }))]);
      }
    }
  });

  it('says, class by class, what comparing every flow on its own says', () => {
    // Two instances of a network on each host, so classes hold several flows.
    const sim = simulate(normalizeCloud(generateCloudSpec({ computeHosts: 3, networks: 3, instances: 18, routers: 2 }), 'generated'));
    const sites = faultSites(sim.dataplane);
    const forks = [fork(sim).migrate('vm4', 'compute2'), fork(sim).setAdminState('port', 'vm2', false), fork(sim).detachInterface('router1', 'net1'),
      ...sites.filter((_, i) => i % Math.ceil(sites.length / 8) === 0).map((f) => fork(sim).inject(f))];
    for (const f of forks) expect([f.changes, verdicts(diff(f))]).toEqual([f.changes, perFlowChanges(sim, f.simulate())]);
  });

  it('agrees with comparing every flow on its own on random clouds with a random fault', () => {
    fc.assert(fc.property(cloudsWithAFault(), ([cloud, fault]) => {
      const f = fault ? fork(cloud).inject(fault) : fork(cloud).rebootGuests();
      expect(verdicts(diff(f))).toEqual(perFlowChanges(f.base, f.simulate()));
    }), { numRuns: 25 });
  });

  it('a flow of an instance only the changed cloud has is newly working, with no walk before', () => {
    const more = cloudBuilder.from(referenceCloudSpec).instance({ name: 'vm5', host: 'compute1', network: 'selfservice1', ip: '192.168.1.15' }).build();
    const d = diff(base, more);
    const vm5 = d.working.find((c) => c.flows.includes('vm5 → vm1'))!;
    expect(vm5.base).toBeUndefined();
    expect(vm5.changed).toBeDeliveredTo('vm1');
    const working = verdicts(d).filter((v) => v.startsWith('working '));
    expect(working).toHaveLength(11);
    expect(working.every((v) => v.includes('vm5'))).toBe(true);
    expect(d.broken).toEqual([]);
    // vm1's DHCP broadcast now floods to vm5's port on br-int too: same answer, another path.
    expect(verdicts(d).filter((v) => !v.startsWith('working '))).toEqual(['rerouted vm1 → dhcp']);
    expect(renderDiff(d)).toContain('before: (no such flow in this cloud: its source or destination is missing)');
  });

  it('remembers the base’s walks: a second question about the same base walks only what its change touched', () => {
    const sim = simulate(normalizeCloud(generateCloudSpec({ computeHosts: 3, networks: 3, instances: 18, routers: 2 }), 'generated'));
    const first = diff(fork(sim).setAdminState('port', 'vm5', false));
    const second = diff(fork(sim).setAdminState('port', 'vm7', false));
    expect(first.walks.base).toBeGreaterThan(50);
    // Walked again: the changed classes' base walks, to be drawn, and representatives of the
    // classes vm7's change split, which the first question never needed.
    expect(second.walks.base).toBeLessThan(first.walks.base / 3);
    expect(second.broken.flatMap((c) => c.flows)).toContain('vm1 → vm7');
    expect(second.broken.find((c) => c.flows.includes('vm1 → vm7'))!.base).toBeDeliveredTo('vm7');
  });

  it('needs the changed cloud, unless given a fork', () => {
    expect(() => diff(base)).toThrow(ForkError);
    expect(diff(fork(base).stopAgent('dhcp', 'network1')).changes).toEqual(['stopAgent("dhcp", "network1")']);
  });

  it('prints JSON without times: the same bytes on every run, both walks in the trace JSON shape', () => {
    const f = fork(base).stopAgent('dhcp', 'network1');
    const a = JSON.stringify(diffToJson(diff(f)));
    expect(JSON.stringify(diffToJson(diff(f)))).toBe(a);
    const j = JSON.parse(a);
    expect(j).toMatchObject({ schemaVersion: 1, base: 'reference', flows: 24, changedFlows: 4, working: [], rerouted: [] });
    expect(j.broken[0]).toMatchObject({ flows: ['vm1 → dhcp'], base: { version: 1, disposition: { kind: 'answered' } }, changed: { disposition: { kind: 'dropped' } } });
  });
});

describe('diff and ARP', () => {
  it('re-walks a flow whose only change is where its ARP went: an address that now also answers a who-has', () => {
    const base = simulate(referenceCloud());
    const dp = structuredClone(base.dataplane);
    const vm2 = dp.hosts.flatMap((h) => h.devices).find((d) => d.kind === 'namespace' && d.name === 'vm2');
    const qdhcp = dp.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.kind === 'namespace' && d.interfaces.some((i) => i.addresses.some((a) => a.startsWith('192.168.1.'))));
    if (vm2?.kind !== 'namespace' || qdhcp?.kind !== 'namespace') throw new Error('reference cloud changed');
    // The qdhcp takes vm2's address as well: nothing on vm1 → vm2's own hops changes, only who answers ARP.
    qdhcp.interfaces.find((i) => i.addresses.length)!.addresses.push(vm2.interfaces[0].addresses[0]);
    const changed = base.withDataplane(dp);
    const flows = (d: ReturnType<typeof diff>) => ({ broken: d.broken.flatMap((c) => c.flows), rerouted: d.rerouted.flatMap((c) => c.flows) });
    const touched = diff(base, changed);
    expect(flows(touched)).toEqual(flows(diff(base, changed, { rewalk: 'all' })));
    expect(flows(touched).rerouted).toContain('vm1 → vm2');
  });
});
