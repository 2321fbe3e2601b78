/**
 * fast-check arbitraries for netspec: random valid clouds, flows within a cloud, and faults at
 * real places of a data plane. Use them with `fc.assert(fc.property(...))` or `test.prop`:
 *
 *   import fc from 'fast-check';
 *   import { arb } from 'netspec/arbitraries';
 *   fc.assert(fc.property(arb.cloud(), (cloud) => { expect(simulate(cloud)).toSatisfy(sameNetworkNeverRouted); }));
 */
import { cloud } from './cloud';
import { cloudSpec } from './cloudSpec';
import { crossNetworkPair } from './crossNetworkPair';
import { fault } from './fault';
import { flow } from './flow';
import { instance } from './instance';
import { sameNetworkPair } from './sameNetworkPair';

export const arb = { cloud, cloudSpec, flow, sameNetworkPair, crossNetworkPair, instance, fault } as const;

export { cloud, cloudSpec, crossNetworkPair, fault, flow, instance, sameNetworkPair };
export type { CloudConstraints } from './_internals/cloudPlan';
export { CLOUD_DEFAULTS } from './_internals/cloudPlan';
export type { CountRange, OneOrMore } from './_internals/constraints';
export { ArbitraryConstraintError } from './_internals/constraints';
export type { FlowEnds } from './_internals/endpoints';
export type { FlowConstraints, FlowDestination } from './flow';
export type { InstanceConstraints } from './instance';
export type { SameNetworkPairConstraints } from './sameNetworkPair';
export type { CrossNetworkPairConstraints } from './crossNetworkPair';
export type { FaultConstraints } from './fault';
export { describeCloud } from './_internals/describe';
