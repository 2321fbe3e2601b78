import type { MatcherContext } from '../src/assert/matcher-context';
import { finalHop } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

/** The packet arrives at `endpoint`: an instance name (`'vm2'`) or a location. */
export function toBeDeliveredTo(this: MatcherContext, received: unknown, endpoint: Location) {
  const trace = requireTrace(this, 'toBeDeliveredTo', received);
  const loc = requireLocation(this, 'toBeDeliveredTo', endpoint, trace);
  const hop = finalHop(trace);
  const pass = trace.disposition.kind === 'delivered' && !!hop && hopMatches(loc, hop, trace);
  attachTrace(trace, hop && !pass ? [hop] : []);
  return {
    pass,
    message: () => traceMessage(this, 'toBeDeliveredTo',
      pass ? 'Expected the packet not to be delivered to' : 'Expected the packet to be delivered to', loc, trace, hop ? [hop] : []),
  };
}
