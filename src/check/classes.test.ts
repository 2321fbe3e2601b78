import fc from 'fast-check';
import { arb } from '../arbitraries';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { cloudBuilder } from '../model/builder';
import { referenceCloudSpec } from '../model/reference';
import { runCheck } from './run';

/**
 * Tracing one representative per class is only sound if a class verdict is every member's
 * verdict. On random clouds, healthy or with one random fault (some of which touch a single
 * port), the check with classes finds exactly the violations the flow-by-flow check finds.
 */
describe('flow classes', () => {
  test('a class verdict equals the per-flow verdict, on random clouds with and without a fault', () => {
    const clouds = arb.cloud({ computeHosts: { min: 1, max: 3 }, networks: { min: 1, max: 3 }, instances: { min: 2, max: 7 } });
    const cases = clouds.chain((cloud) => {
      const dp = realize(cloud);
      return fc.tuple(fc.constant(cloud), fc.option(arb.fault(dp), { nil: undefined }));
    });
    fc.assert(fc.property(cases, ([cloud, fault]) => {
      const dp = realize(cloud);
      const sim = simulate(cloud, fault ? inject(dp, fault) : dp);
      const verdicts = (classes: boolean) => runCheck(sim, builtinInvariants, { classes, allViolations: true }).results
        .map((r) => ({ invariant: r.invariant, flows: r.flows, holds: r.holds, violating: r.violations.map((v) => v.flow).sort() }));
      expect(verdicts(true)).toEqual(verdicts(false));
    }), { numRuns: 200 });
  }, 120_000);

  test('alike instances share a class, and a fault on one port splits it off: the check still finds it', () => {
    const cloud = cloudBuilder.from(referenceCloudSpec)
      .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1' })
      .instance({ name: 'vm6', host: 'compute1', network: 'selfservice1' }).build();
    const sim = simulate(cloud);
    const healthy = runCheck(sim, builtinInvariants);
    expect(healthy.holds).toBe(true);
    const traced = healthy.results.reduce((n, r) => n + r.classes, 0);
    const flows = healthy.results.reduce((n, r) => n + r.flows, 0);
    expect(traced).toBeLessThan(flows); // vm1, vm5 and vm6 are one class

    const vm6 = sim.dataplane.endpoints.instances.find((i) => i.name === 'vm6')!;
    const qdhcp = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name === `qdhcp-${vm6.network}`)!;
    const broken = runCheck(sim.withDataplane(inject(sim.dataplane, {
      kind: 'dhcp-host-missing', host: 'network1', namespace: qdhcp.name, mac: vm6.mac,
    })), builtinInvariants, { allViolations: true });
    const dhcp = broken.results.find((r) => r.invariant === 'dhcpAnsweredByOwnQdhcp')!;
    expect(dhcp.violations.map((v) => v.flow)).toEqual(['vm6 → dhcp']);
  });
});
