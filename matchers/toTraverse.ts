import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { requireVacuityOptions, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

/**
 * The packet's path (or its reply's) passes `location`: `toTraverse('br-tun@network1')`.
 * `.not` fails as vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toTraverse(this: MatcherContext, received: unknown, location: Location, options?: VacuityOptions) {
  const trace = requireTrace(this, 'toTraverse', received);
  const loc = requireLocation(this, 'toTraverse', location, trace);
  const vacuous = vacuityNote(trace, this.isNot, requireVacuityOptions(this, 'toTraverse', options));
  const hits = decisivePath(trace).filter((h) => hopMatches(loc, h, trace));
  const pass = !!vacuous || hits.length > 0;
  attachTrace(trace, pass ? [] : hits);
  return {
    pass,
    message: () => traceMessage(this, 'toTraverse',
      pass ? 'Expected the packet never to traverse' : 'Expected the packet to traverse', loc, trace, hits, vacuous),
  };
}
