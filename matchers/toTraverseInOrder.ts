import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { matcherError, requireTrace } from '../src/assert/received';
import { requireVacuityOptions, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { describeLocation, hopMatches, type Location } from '../src/trace/location';
import type { Hop } from '../src/trace/types';

/**
 * The path passes every location, in this order (other hops may come between). `.not` fails as
 * vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toTraverseInOrder(this: MatcherContext, received: unknown, locations: Location[], options?: VacuityOptions) {
  const trace = requireTrace(this, 'toTraverseInOrder', received);
  if (!Array.isArray(locations) || locations.length === 0) {
    matcherError(this, 'toTraverseInOrder', 'expected value must be a non-empty array of locations', locations, 'Expected');
  }
  const locs = locations.map((l) => requireLocation(this, 'toTraverseInOrder', l, trace));
  const vacuous = vacuityNote(trace, this.isNot, requireVacuityOptions(this, 'toTraverseInOrder', options));
  const path = decisivePath(trace);
  const matched: Hop[] = [];
  let i = 0;
  for (const h of path) {
    if (i < locs.length && hopMatches(locs[i], h, trace)) { matched.push(h); i++; }
  }
  const pass = !!vacuous || i === locs.length;
  attachTrace(trace, []);
  const note = vacuous ?? (pass ? undefined : `Found ${i} of ${locs.length} in order; then no ${describeLocation(locs[i])} after ${i ? describeLocation(locs[i - 1]) : 'the start'}.`);
  return {
    pass,
    message: () => traceMessage(this, 'toTraverseInOrder',
      pass ? 'Expected the packet not to traverse, in order' : 'Expected the packet to traverse, in order', locs, trace, pass ? matched : [], note),
  };
}
