import fc from 'fast-check';
import { arb } from '../arbitraries';
import { inject, type FaultKind } from '../dataplane/faults';
import type { Fault } from '../dataplane/faults';
import type { Cloud } from '../model/types';
import { builtinInvariants } from '../invariants';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { runCheck } from './run';

/** Faults that touch one port or one address: the ones a representative could hide. */
export const SINGLE_PLACE_FAULTS: readonly FaultKind[] = [
  'prefix-drop', 'dhcp-host-missing', 'sg-drop', 'ovs-sg-drop', 'port-vlan', 'instance-route', 'interface-down', 'established-drop',
];

/**
 * Random clouds, healthy or with one fault of any kind (single-place kinds drawn as often as all
 * the others). `large`: enough instances per subnet and host for legs to be spliced.
 */
export function cloudsWithAFault(large = false): fc.Arbitrary<[Cloud, Fault | undefined]> {
  const clouds = large
    ? arb.cloud({ computeHosts: { min: 2, max: 3 }, networks: { min: 2, max: 3 }, routers: { min: 1, max: 1 }, subnetGateway: [true], prefixLength: { min: 24, max: 26 }, instances: { min: 12, max: 20 } })
    : arb.cloud({ computeHosts: { min: 1, max: 3 }, networks: { min: 1, max: 3 }, instances: { min: 2, max: 7 } });
  return clouds.chain((cloud) => {
    const dp = realize(cloud);
    const fault = fc.oneof(arb.fault(dp), arb.fault(dp, { kinds: SINGLE_PLACE_FAULTS as [FaultKind, ...FaultKind[]] }));
    return fc.tuple(fc.constant(cloud), fc.option(fault, { nil: undefined, freq: 8 }));
  });
}

export interface Verdicts {
  invariant: string;
  flows: number;
  holds: boolean;
  violating: string[];
}

/** How a check is run: flow by flow, by classes, or by classes with spliced legs. */
export type CheckMode = 'flows' | 'classes' | 'legs';

/** Every invariant's verdict and violating flows, and how many walks it took. */
export function verdictsOf(cloud: Cloud, fault: Fault | undefined, mode: CheckMode): { verdicts: Verdicts[]; walks: number } {
  const dp = realize(cloud);
  const sim = simulate(cloud, fault ? inject(dp, fault) : dp);
  const results = runCheck(sim, builtinInvariants, { classes: mode !== 'flows', legs: mode === 'legs', allViolations: true }).results;
  return {
    verdicts: results.map((r) => ({ invariant: r.invariant, flows: r.flows, holds: r.holds, violating: r.violations.map((v) => v.flow).sort() })),
    walks: results.reduce((n, r) => n + r.classes, 0),
  };
}
