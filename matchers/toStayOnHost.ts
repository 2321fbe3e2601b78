import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { requireVacuityOptions, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';

/**
 * Every hop, reply included, is on the host the packet started on. Fails as vacuous when the
 * packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toStayOnHost(this: MatcherContext, received: unknown, options?: VacuityOptions) {
  const trace = requireTrace(this, 'toStayOnHost', received);
  const vacuous = vacuityNote(trace, !this.isNot, requireVacuityOptions(this, 'toStayOnHost', options));
  const path = decisivePath(trace);
  const home = path[0]?.host;
  const away = path.filter((h) => h.host !== home);
  const pass = !vacuous && away.length === 0;
  attachTrace(trace, away.slice(0, 1));
  return {
    pass,
    message: () => traceMessage(this, 'toStayOnHost', pass ? 'Expected the packet to leave host' : 'Expected the packet to stay on host', home, trace, away.slice(0, 1), vacuous, true),
  };
}
