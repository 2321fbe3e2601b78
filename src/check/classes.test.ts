import fc from 'fast-check';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { simulate } from '../simulation';
import { cloudBuilder } from '../model/builder';
import { referenceCloudSpec } from '../model/reference';
import { runCheck } from './run';
import { generateCloudSpec } from '../../bench/generate-cloud';
import { normalizeCloud } from '../model/normalize';
import { realize } from '../realize';
import { flowClasses } from './port-classes';
import { cloudsWithAFault, verdictsOf } from './class-soundness';

/**
 * Tracing one representative per class is only sound if a class verdict is every member's
 * verdict. On random clouds, healthy or with one random fault (half of them touching a single
 * port or address), the check with classes finds exactly the violations the flow-by-flow check
 * finds. A fixed seed here; `npm run bench` runs a thousand more with a fresh one.
 */
describe('flow classes', () => {
  test('a class verdict equals the per-flow verdict, on random clouds with and without a fault', () => {
    fc.assert(fc.property(cloudsWithAFault(), ([cloud, fault]) => {
      expect(verdictsOf(cloud, fault, 'classes').verdicts).toEqual(verdictsOf(cloud, fault, 'flows').verdicts);
    }), { numRuns: 150, seed: 20261204 });
  }, 120_000);

  test('a verdict composed from spliced legs equals the per-flow verdict, and splicing saves walks', () => {
    let saved = 0;
    let legacy = 0;
    fc.assert(fc.property(cloudsWithAFault(true), ([cloud, fault]) => {
      const legs = verdictsOf(cloud, fault, 'legs');
      const classes = verdictsOf(cloud, fault, 'classes');
      expect(legs.verdicts).toEqual(verdictsOf(cloud, fault, 'flows').verdicts);
      // An HA router is found by ARP and learned flows: its legs rarely splice, and are walked.
      if (cloud.routers.some((r) => r.ha)) return;
      legacy++;
      if (legs.walks < classes.walks) saved++;
    }), { numRuns: 40, seed: 20261204 });
    // Not vacuous: splicing saved walks in at least a fifth of the clouds with legacy routers
    // (the others have too few instances per subnet and host for a leg to stand for another).
    expect(legacy).toBeGreaterThanOrEqual(10);
    expect(saved * 5).toBeGreaterThanOrEqual(legacy);
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

  test('a rule dropping new connections from a /31 that covers only vm5 is found, as tracing every flow finds it', () => {
    const cloud = cloudBuilder.from(referenceCloudSpec)
      .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1' })
      .instance({ name: 'vm6', host: 'compute1', network: 'selfservice1' }).build();
    const sim = simulate(cloud);
    const ip = (n: string) => sim.dataplane.endpoints.instances.find((i) => i.name === n)!.ip;
    const last = Number(ip('vm5').split('.')[3]);
    const cidr = `${ip('vm5').split('.').slice(0, 3).join('.')}.${last & ~1}/31`;
    const covered = sim.dataplane.endpoints.instances.filter((i) => Number(i.ip.split('.')[3]) >> 1 === last >> 1 && i.ip.startsWith(cidr.split('.').slice(0, 3).join('.') + '.'));
    expect(covered.map((i) => i.name)).toEqual(['vm5']);
    const router = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!;
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'prefix-drop', host: 'network1', namespace: router.name, chain: 'FORWARD', direction: 'src', cidr }));
    const red = (classes: boolean) => runCheck(broken, builtinInvariants, { classes, allViolations: true }).results
      .filter((r) => !r.holds).map((r) => `${r.invariant}: ${r.violations.map((v) => v.flow).sort().join(', ')}`);
    expect(red(true)).toEqual(red(false));
    expect(red(true)).toEqual([
      'routedTrafficCrossesOneQrouter: vm5 → vm3, vm5 → vm4',
      'everyInstanceReachesTheInternet: vm5 → internet',
    ]);
  });

  test('state relating particular instances of two classes (vm1 with vm3, vm5 with vm7) splits both classes', () => {
    const cloud = cloudBuilder.from(referenceCloudSpec)
      .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1' })
      .instance({ name: 'vm7', host: 'compute1', network: 'selfservice2' }).build();
    const sim = simulate(cloud);
    const ip = (n: string) => sim.dataplane.endpoints.instances.find((i) => i.name === n)!.ip;
    const dp = structuredClone(sim.dataplane);
    const brInt = dp.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name === 'br-int')!;
    if (brInt.kind !== 'ovs') throw new Error('br-int is not an OVS bridge');
    // Same table, same priority, same shape: only which instances they name tells them apart.
    brInt.flows.unshift(
      { table: 0, priority: 200, match: { ethType: 'ip', nwSrc: ip('vm1'), nwDst: ip('vm3') }, actions: [{ type: 'drop' }] },
      { table: 0, priority: 200, match: { ethType: 'ip', nwSrc: ip('vm5'), nwDst: ip('vm7') }, actions: [{ type: 'drop' }] },
    );
    const broken = sim.withDataplane(dp);
    const red = (classes: boolean) => runCheck(broken, builtinInvariants, { classes, allViolations: true }).results
      .filter((r) => !r.holds).map((r) => `${r.invariant}: ${r.violations.map((v) => v.flow).sort().join(', ')}`);
    expect(red(true)).toEqual(red(false));
    expect(red(false)).toEqual(['routedTrafficCrossesOneQrouter: vm1 → vm3, vm3 → vm1, vm5 → vm7, vm7 → vm5']);
  });
});

describe('classes stay as coarse as the state allows', () => {
  test('instances alike on one host and network share one class: nothing a realized cloud writes names one of them apart', () => {
    // 2 hosts × 2 networks, two instances per (host, network): four classes, not eight.
    const dp = realize(normalizeCloud(generateCloudSpec({ computeHosts: 2, networks: 2, instances: 8, routers: 1, seed: 1 }), 'alike'));
    const c = flowClasses(dp);
    const names = dp.endpoints.instances.map((e) => e.name);
    expect(new Set(names.map((n) => c.classOf(n))).size).toBe(4);
  });
});
