import type { MatcherContext } from '../src/assert/matcher-context';
import { finalHop } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { attachTrace } from '../src/report/allure-attach';
import { glob, hopMatches, type Location } from '../src/trace/location';

/** Names users give to the processes that answer, mapped to the process names in traces. */
const PROCESS_ALIASES: Record<string, string> = { 'nova-metadata': 'nova-api-metadata', dhcp: 'dnsmasq' };

/**
 * Something answered the packet and the answer came back: a process (`'nova-metadata'`,
 * `'dnsmasq'`) or where it ran (`qdhcp('selfservice1')`, `'qrouter-*'`).
 */
export function toBeAnsweredBy(this: MatcherContext, received: unknown, endpoint: Location) {
  const trace = requireTrace(this, 'toBeAnsweredBy', received);
  const loc = requireLocation(this, 'toBeAnsweredBy', endpoint, trace, PROCESS_ALIASES);
  const d = trace.disposition;
  const hop = finalHop(trace);
  const byProcess = typeof loc === 'string' && d.kind === 'answered' && glob(PROCESS_ALIASES[loc] ?? loc).test(d.by);
  const pass = d.kind === 'answered' && (byProcess || (!!hop && hopMatches(loc, hop, trace)));
  attachTrace(trace, hop && !pass ? [hop] : []);
  return {
    pass,
    message: () => traceMessage(this, 'toBeAnsweredBy',
      pass ? 'Expected the packet not to be answered by' : 'Expected the packet to be answered by', loc, trace, hop ? [hop] : []),
  };
}
