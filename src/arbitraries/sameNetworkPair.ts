import fc from 'fast-check';
import type { Cloud } from '../model/types';
import type { Simulation } from '../simulation';
import { fail } from './_internals/constraints';
import { cloudOf, endpoints, flowEnds, type FlowEnds } from './_internals/endpoints';

export interface SameNetworkPairConstraints {
  /** Both on the same subnet too (the invariants' "same network"). Default `true`. */
  sameSubnet?: boolean;
  /** `true`: both on one host; `false`: on different hosts (the pair crosses a tunnel). Default: either. */
  sameHost?: boolean;
}

/**
 * An ordered pair of distinct instances on one network (by default on one subnet), as `{ from, to }`.
 * Throws when the cloud has no such pair: generate clouds that have one, or use `fc.pre`.
 *
 *   fc.property(arb.sameNetworkPair(cloud), ({ from, to }) => expect(trace(from, to)).toNeverTraverse('qrouter-*'))
 */
export function sameNetworkPair(of: Cloud | Simulation, constraints: SameNetworkPairConstraints = {}): fc.Arbitrary<FlowEnds> {
  const { sameSubnet = true, sameHost } = constraints;
  const list = endpoints(cloudOf('arb.sameNetworkPair', of));
  const pairs = list.flatMap((a) => list.filter((b) => b !== a && b.network === a.network && (!sameSubnet || b.subnet === a.subnet)
    && (sameHost === undefined || (a.host === b.host) === sameHost)).map((b) => [a.name, b.name] as const));
  if (!pairs.length) fail('arb.sameNetworkPair', `no two instances share a ${sameSubnet ? 'subnet' : 'network'}${sameHost === undefined ? '' : sameHost ? ' on one host' : ' across hosts'} in this cloud`);
  return fc.nat({ max: pairs.length - 1 }).map((i) => flowEnds(...pairs[i]));
}
