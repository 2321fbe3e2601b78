import type { MatcherContext } from './matcher-context';
import { isLocation, type Location } from '../trace/location';
import { dataplaneOf } from '../trace/network-of-hop';
import { unresolvedLocation } from '../trace/resolve-location';
import type { Trace } from '../trace/types';
import { matcherError } from './received';

/**
 * A matcher's location argument: well formed, and naming something in the trace's cloud — a
 * misspelt location matches no hop, and would make every negative assertion pass. `aliases`
 * are nicknames the matcher accepts for processes.
 */
export function requireLocation(
  ctx: MatcherContext, matcher: string, loc: unknown, trace: Trace, aliases: Readonly<Record<string, string>> = {},
): Location {
  if (!isLocation(loc)) {
    matcherError(ctx, matcher, 'expected value must be a location: a device pattern like "qrouter-*" or "br-tun@compute1", a router/network/instance name, or an object like { namespace: "qrouter", port: 9697 }', loc, 'Expected');
  }
  const dp = dataplaneOf(trace);
  const problem = dp && unresolvedLocation(loc, dp, aliases);
  if (problem) matcherError(ctx, matcher, `expected location names nothing in this cloud: ${problem}`, loc, 'Expected');
  return loc;
}

/** A host pattern option (`toCrossTunnel({ from })`): it too must name a host of the trace's cloud. */
export function requireHostPattern(ctx: MatcherContext, matcher: string, host: string | undefined, trace: Trace): void {
  const dp = dataplaneOf(trace);
  const problem = host !== undefined && dp && unresolvedLocation({ host }, dp);
  if (problem) matcherError(ctx, matcher, `expected host names nothing in this cloud: ${problem}`, host, 'Expected');
}
