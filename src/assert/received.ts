import type { MatcherContext } from './matcher-context';
import { isSimulation, simulate, type Simulation } from '../simulation';
import type { Trace } from '../trace/types';
import type { Cloud } from '../model/types';

export function isTrace(x: unknown): x is Trace {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Trace;
  return typeof t.flow === 'object' && typeof t.root === 'object' && Array.isArray(t.root?.hops) && typeof t.disposition === 'object';
}

function isCloud(x: unknown): x is Cloud {
  return typeof x === 'object' && x !== null && Array.isArray((x as Cloud).hosts) && Array.isArray((x as Cloud).ports);
}

/** Jest's "Matcher error" anatomy: a misuse, distinct from a failed expectation. */
export function matcherError(ctx: MatcherContext, matcher: string, problem: string, value: unknown, what = 'Received'): never {
  const hint = ctx.utils.matcherHint(`${ctx.isNot ? '.not' : ''}.${matcher}`, 'received', 'expected');
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const print = what === 'Expected' ? ctx.utils.printExpected : ctx.utils.printReceived;
  throw new Error(`${hint}\n\nMatcher error: ${problem}\n\n${what} has type:  ${type}\n${what} has value: ${print(value)}`);
}

export function requireTrace(ctx: MatcherContext, matcher: string, received: unknown): Trace {
  if (!isTrace(received)) matcherError(ctx, matcher, 'received value must be a netspec Trace (from trace(from, to))', received);
  return received;
}

/** Invariants run on a simulation; a plain `Cloud` is realized on the way. */
export function requireSimulation(ctx: MatcherContext, matcher: string, received: unknown): Simulation {
  if (isSimulation(received)) return received;
  if (isCloud(received)) return simulate(received);
  return matcherError(ctx, matcher, 'received value must be a netspec Simulation or Cloud', received);
}
