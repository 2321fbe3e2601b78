import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { requireVacuityOptions, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

/**
 * The packet's path (and its reply's) never passes `location`: `toNeverTraverse('qrouter-*')`.
 * Fails as vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toNeverTraverse(this: MatcherContext, received: unknown, location: Location, options?: VacuityOptions) {
  const trace = requireTrace(this, 'toNeverTraverse', received);
  const loc = requireLocation(this, 'toNeverTraverse', location, trace);
  const vacuous = vacuityNote(trace, !this.isNot, requireVacuityOptions(this, 'toNeverTraverse', options));
  const hits = decisivePath(trace).filter((h) => hopMatches(loc, h, trace));
  const pass = !vacuous && hits.length === 0;
  attachTrace(trace, hits);
  return {
    pass,
    message: () => traceMessage(this, 'toNeverTraverse',
      pass ? 'Expected the packet to traverse' : 'Expected the packet never to traverse', loc, trace, hits, vacuous),
  };
}
