import type { MatcherContext } from './matcher-context';
import { matcherError } from './received';

/**
 * Checks a matcher's options object: every key known and every value of the right type, so a
 * typo (`{ vnid: 101 }`) is a Matcher error instead of an expectation that checks nothing.
 */
export function requireOptions<T extends object>(
  ctx: MatcherContext, matcher: string, value: unknown, shape: Record<string, (v: unknown) => boolean>, describe: string,
): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return matcherError(ctx, matcher, `expected value must be an object like ${describe}`, value, 'Expected');
  }
  for (const [k, v] of Object.entries(value)) {
    const ok = shape[k];
    if (!ok) matcherError(ctx, matcher, `unknown option ${JSON.stringify(k)}: expected value must be an object like ${describe}`, value, 'Expected');
    if (v !== undefined && !ok(v)) matcherError(ctx, matcher, `option ${JSON.stringify(k)} has the wrong type: expected value must be an object like ${describe}`, value, 'Expected');
  }
  return value as T;
}

export const isString = (v: unknown) => typeof v === 'string';
export const isPort = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 0xffffff;
export const oneOf = (...xs: string[]) => (v: unknown) => typeof v === 'string' && xs.includes(v);
