import type { MatcherContext } from '../src/assert/matcher-context';
import { finalHop } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { requireOptions } from '../src/assert/options-arg';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

export interface DropExpectation {
  /** Where: a location pattern matched against the hop that dropped it. */
  by?: Location;
  /** Why: a substring of, or a pattern over, the reason and the rule. */
  reason?: string | RegExp;
}

/** The packet never arrives: dropped (by a flow, a rule, a missing listener) or without a route. */
export function toBeDropped(this: MatcherContext, received: unknown, expected: DropExpectation = {}) {
  const trace = requireTrace(this, 'toBeDropped', received);
  requireOptions(this, 'toBeDropped', expected, {
    by: () => true, reason: (v) => typeof v === 'string' || v instanceof RegExp,
  }, '{ by?: location, reason?: string | RegExp }');
  const by = expected.by === undefined ? undefined : requireLocation(this, 'toBeDropped', expected.by, trace);
  const d = trace.disposition;
  const hop = finalHop(trace);
  const text = d.kind === 'dropped' ? `${d.reason} ${d.rule}` : d.kind === 'no-route' ? `no route to ${d.destination}` : '';
  const reasonOk = expected.reason === undefined
    || (typeof expected.reason === 'string' ? text.includes(expected.reason) : expected.reason.test(text));
  const pass = (d.kind === 'dropped' || d.kind === 'no-route') && reasonOk && (!by || (!!hop && hopMatches(by, hop, trace)));
  attachTrace(trace, hop && !pass ? [hop] : []);
  return {
    pass,
    message: () => traceMessage(this, 'toBeDropped',
      pass ? 'Expected the packet not to be dropped' : 'Expected the packet to be dropped', expected, trace, hop ? [hop] : []),
  };
}
