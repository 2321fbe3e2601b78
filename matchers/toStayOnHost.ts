import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { attachTrace } from '../src/report/allure-attach';

/** Every hop, reply included, is on the host the packet started on. */
export function toStayOnHost(this: MatcherContext, received: unknown) {
  const trace = requireTrace(this, 'toStayOnHost', received);
  const path = decisivePath(trace);
  const home = path[0]?.host;
  const away = path.filter((h) => h.host !== home);
  const pass = away.length === 0;
  attachTrace(trace, away.slice(0, 1));
  return {
    pass,
    message: () => traceMessage(this, 'toStayOnHost', pass ? 'Expected the packet to leave host' : 'Expected the packet to stay on host', home, trace, away.slice(0, 1), undefined, true),
  };
}
