import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { matcherError, requireTrace } from '../src/assert/received';
import { requireOptions } from '../src/assert/options-arg';
import { isBoolean, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

/**
 * A process listening on `port` received the packet, optionally `in` a place: `toReachPort(9697, { in: 'qrouter-*' })`.
 * `.not` fails as vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toReachPort(this: MatcherContext, received: unknown, port: number, where: { in?: Location } & VacuityOptions = {}) {
  where ??= {};
  const trace = requireTrace(this, 'toReachPort', received);
  if (!Number.isInteger(port) || port < 1 || port > 65535) matcherError(this, 'toReachPort', 'expected port must be an integer 1-65535', port, 'Expected');
  requireOptions(this, 'toReachPort', where, { in: () => true, evenIfNeverLeft: isBoolean }, '{ in?: location, evenIfNeverLeft?: boolean }');
  const vacuous = vacuityNote(trace, this.isNot, where);
  const inLoc = where.in === undefined ? undefined : requireLocation(this, 'toReachPort', where.in, trace);
  const hits = decisivePath(trace).filter((h) => h.steps.some((s) => s.t === 'deliver' && s.listener.port === port)
    && (!inLoc || hopMatches(inLoc, h, trace)));
  const pass = !!vacuous || hits.length > 0;
  attachTrace(trace, pass ? [] : hits);
  const expected = inLoc === undefined ? { port } : { port, in: inLoc };
  return {
    pass,
    message: () => traceMessage(this, 'toReachPort', pass ? 'Expected the packet not to reach' : 'Expected the packet to reach', expected, trace, hits, vacuous),
  };
}
