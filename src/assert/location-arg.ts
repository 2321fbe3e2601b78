import type { MatcherContext } from './matcher-context';
import { isLocation, type Location } from '../trace/location';
import { matcherError } from './received';

export function requireLocation(ctx: MatcherContext, matcher: string, loc: unknown): Location {
  if (!isLocation(loc)) {
    matcherError(ctx, matcher, 'expected value must be a location: a device pattern like "qrouter-*" or "br-tun@compute1", a router/network/instance name, or an object like { namespace: "qrouter", port: 9697 }', loc, 'Expected');
  }
  return loc;
}
