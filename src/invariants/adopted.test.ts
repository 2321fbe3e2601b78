/**
 * The structural invariants (adopted from the mutation score's proposals) hold on healthy clouds (no false alarms: a proposal that fires on a
 * healthy cloud would be worthless), and each catches the fault that motivated it.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cloud } from '../arbitraries/cloud';
import { faultSites, inject, type Fault } from '../dataplane/faults';
import type { Invariant } from './types';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { join } from 'node:path';
import { importOpenStack } from '../import';
import { structuralInvariants as proposedInvariants } from '.';

const hybrid = simulate(referenceCloud());
const ovsfw = simulate(cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build());
const noL2pop = simulate(cloudBuilder.from(referenceCloudSpec).options({ l2_population: false }).build());
/** A real Zed cloud: rp-node1 runs an instance, the router and DHCP; openvswitch firewall, l2pop. */
const allInOne = simulate(importOpenStack(join(__dirname, '..', 'import', '__fixtures__', 'zed-neutron-only')).cloud);
const by = (name: string): Invariant => proposedInvariants.find((i) => i.name === name)!;

describe('proposed invariants', () => {
  it.each([['hybrid', hybrid], ['openvswitch', ovsfw], ['no l2pop', noL2pop], ['all-in-one node', allInOne]] as const)('hold on the reference cloud (%s)', (_n, sim) => {
    for (const inv of proposedInvariants) expect([inv.name, inv.check(sim).violations[0]?.reason]).toEqual([inv.name, undefined]);
  });

  it('hold on 300 random healthy clouds', () => {
    fc.assert(fc.property(cloud(), (c) => {
      const sim = simulate(c);
      for (const inv of proposedInvariants) expect([inv.name, inv.check(sim).violations[0]?.reason]).toEqual([inv.name, undefined]);
    }), { numRuns: 300, seed: 11 });
  });

  const first = (sim: typeof hybrid, f: (x: Fault) => boolean) => faultSites(sim.dataplane).find(f)!;
  it.each([
    ['everyInstanceReachesTheInternet', hybrid, (f: Fault) => f.kind === 'rule-missing' && f.target === 'SNAT'],
    ['routerPortsWired', hybrid, (f: Fault) => f.kind === 'interface-missing' && f.iface.startsWith('qr-')],
    ['framesStayOnTheirNetwork', hybrid, (f: Fault) => f.kind === 'port-vlan' && f.port.startsWith('tap') && f.host === 'network1'],
    ['securityGroupsOnPath', hybrid, (f: Fault) => f.kind === 'rule-missing' && f.chain === 'neutron-openvswi-FORWARD'],
    ['securityGroupsOnPath', ovsfw, (f: Fault) => f.kind === 'flow-missing' && f.bridge === 'br-int' && f.table === 60 && f.host === 'compute1' && !!f.match.inPort?.startsWith('tap')],
    ['l2popDecidesUnicast', hybrid, (f: Fault) => f.kind === 'flow-missing' && f.bridge === 'br-tun' && f.table === 20 && f.host === 'network1' && f.match.dlDst !== undefined],
    // The all-in-one node's own ports have no l2pop flow, rightly; a remote port's missing one is still caught there.
    ['l2popDecidesUnicast', allInOne, (f: Fault) => f.kind === 'flow-missing' && f.bridge === 'br-tun' && f.table === 20 && f.host === 'rp-node1' && f.match.dlDst !== undefined],
    ['broadcastReachesEveryHostOfItsNetwork', hybrid, (f: Fault) => f.kind === 'stale-flood' && f.host === 'compute1'],
    ['metadataProxyNotDirectlyReachable', hybrid, (f: Fault) => f.kind === 'rule-missing' && f.chain === 'INPUT'],
    ['overlayComplete', noL2pop, (f: Fault) => f.kind === 'tunnel-port-missing'],
    ['overlayComplete', hybrid, (f: Fault) => f.kind === 'listener-port' && f.host === 'compute1' && f.to === 8472],
    ['strangersDroppedAtIngress', hybrid, (f: Fault) => f.kind === 'rule-missing' && f.chain === 'neutron-openvswi-sg-fallback'],
  ] as const)('%s catches its fault', (name, sim, pick) => {
    const broken = sim.withDataplane(inject(sim.dataplane, first(sim, pick)));
    expect(by(name).check(broken).holds).toBe(false);
  });
});
