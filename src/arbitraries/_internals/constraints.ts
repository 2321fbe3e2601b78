/**
 * Filling and checking the constraints objects of the arbitraries (fast-check's style: the public
 * factory fills documented defaults, validates, and throws errors naming the API and the rule).
 */

/** An inclusive range of counts; a bare number means exactly that many. */
export type CountRange = number | { min?: number; max?: number };

/** One allowed value, or several: the first is where shrinking goes. */
export type OneOrMore<T> = T | readonly T[];

export interface Range { min: number; max: number }

/** The error every arbitrary throws for bad constraints: `arb.cloud: computeHosts.max must be >= computeHosts.min`. */
export class ArbitraryConstraintError extends Error {
  override readonly name = 'ArbitraryConstraintError';
}

export function fail(api: string, message: string): never {
  throw new ArbitraryConstraintError(`${api}: ${message}`);
}

/**
 * Resolves a count range against its default and the hard bounds the generator supports.
 * `arb.cloud: computeHosts.max must be >= computeHosts.min (got min 3, max 2)`.
 */
export function countRange(api: string, field: string, given: CountRange | undefined, dflt: Range, bounds: Range): Range {
  const r: Range = typeof given === 'number' ? { min: given, max: given } : { min: given?.min ?? dflt.min, max: given?.max ?? dflt.max };
  // A lone `min` above the default max (or `max` below the default min) moves the other end along.
  if (typeof given === 'object' && given.max === undefined && r.min > r.max) r.max = r.min;
  if (typeof given === 'object' && given.min === undefined && r.max < r.min) r.min = r.max;
  for (const k of ['min', 'max'] as const) {
    if (!Number.isInteger(r[k])) fail(api, `${field}.${k} must be an integer (got ${String(r[k])})`);
  }
  if (r.max < r.min) fail(api, `${field}.max must be >= ${field}.min (got min ${r.min}, max ${r.max})`);
  if (r.min < bounds.min) fail(api, `${field}.min must be >= ${bounds.min} (got ${r.min})`);
  if (r.max > bounds.max) fail(api, `${field}.max must be <= ${bounds.max} (got ${r.max})`);
  return r;
}

/** Resolves a one-or-more option to a non-empty list of distinct allowed values. */
export function allowed<T>(api: string, field: string, given: OneOrMore<T> | undefined, dflt: readonly T[], universe: readonly T[]): T[] {
  const list = given === undefined ? [...dflt] : Array.isArray(given) ? [...(given as readonly T[])] : [given as T];
  if (list.length === 0) fail(api, `${field} must allow at least one value`);
  for (const v of list) {
    if (!universe.includes(v)) fail(api, `${field}: ${JSON.stringify(v)} is not one of ${universe.map((u) => JSON.stringify(u)).join(', ')}`);
  }
  return [...new Set(list)];
}
