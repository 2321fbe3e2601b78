import fc from 'fast-check';
import type { Cloud } from '../model/types';
import type { Simulation } from '../simulation';
import { allowed, fail, type OneOrMore } from './_internals/constraints';
import { cloudOf, endpoints, flowEnds, type FlowEnds } from './_internals/endpoints';

export type FlowDestination = 'instance' | 'internet' | 'dhcp' | 'metadata';
const DESTINATIONS: readonly FlowDestination[] = ['instance', 'internet', 'dhcp', 'metadata'];

export interface FlowConstraints {
  /** Kinds of destination. Default all four, `instance` first (where shrinking goes). */
  to?: OneOrMore<FlowDestination>;
}

/**
 * A flow within the cloud: from one of its instances to another instance, the internet, DHCP or
 * metadata. Built from independent choices (source, kind, destination index), so it shrinks
 * towards `vm1 → <the next instance>`. Prints as `vm1 → metadata`.
 *
 *   fc.property(arb.flow(cloud), ({ from, to }) => { const t = sim.trace(from, to); ... })
 */
export function flow(of: Cloud | Simulation, constraints: FlowConstraints = {}): fc.Arbitrary<FlowEnds> {
  const api = 'arb.flow';
  const names = endpoints(cloudOf(api, of)).map((e) => e.name);
  if (!names.length) fail(api, 'the cloud has no instance (with an address) to send from');
  const kinds = allowed(api, 'to', constraints.to, DESTINATIONS, DESTINATIONS).filter((k) => k !== 'instance' || names.length > 1);
  if (!kinds.length) fail(api, 'an instance destination needs at least two instances, and no other destination is allowed');
  const n = names.length;
  return fc.tuple(fc.nat({ max: n - 1 }), fc.constantFrom(...kinds), fc.nat({ max: Math.max(0, n - 2) }))
    .map(([src, kind, dst]) => flowEnds(names[src], kind === 'instance' ? names[(src + 1 + dst) % n] : kind));
}
