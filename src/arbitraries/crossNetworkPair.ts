import fc from 'fast-check';
import type { Cloud } from '../model/types';
import type { Simulation } from '../simulation';
import { fail } from './_internals/constraints';
import { cloudOf, endpoints, flowEnds, joinedByRouter, type FlowEnds } from './_internals/endpoints';

export interface CrossNetworkPairConstraints {
  /** `true`: a router joins the two subnets; `false`: none does. Default: either. */
  routed?: boolean;
}

/**
 * An ordered pair of instances on different networks, as `{ from, to }`. Throws when the cloud
 * has no such pair.
 *
 *   fc.property(arb.crossNetworkPair(cloud, { routed: false }), ({ from, to }) => expect(trace(from, to)).not.toBeDeliveredTo(to))
 */
export function crossNetworkPair(of: Cloud | Simulation, constraints: CrossNetworkPairConstraints = {}): fc.Arbitrary<FlowEnds> {
  const cloud = cloudOf('arb.crossNetworkPair', of);
  const list = endpoints(cloud);
  const pairs = list.flatMap((a) => list.filter((b) => b.network !== a.network
    && (constraints.routed === undefined || joinedByRouter(cloud, a, b) === constraints.routed)).map((b) => [a.name, b.name] as const));
  if (!pairs.length) {
    const what = constraints.routed === undefined ? '' : constraints.routed ? ' joined by a router' : ' that no router joins';
    fail('arb.crossNetworkPair', `no two instances on different networks${what} in this cloud`);
  }
  return fc.nat({ max: pairs.length - 1 }).map((i) => flowEnds(...pairs[i]));
}
