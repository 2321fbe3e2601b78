import type { MatcherContext } from './matcher-context';
import type { Trace } from '../trace/types';
import { decisivePath } from './paths';
import { matcherError } from './received';

/** Options of the path matchers that can pass vacuously. */
export interface VacuityOptions {
  /**
   * Accept a negative path assertion about a packet that never left its sender (dropped inside
   * it, or no route out of it): without it such an assertion fails, as it proves nothing.
   */
  evenIfNeverLeft?: boolean;
}

export const VACUITY_OPTION = 'evenIfNeverLeft';

/**
 * The packet never left the namespace that sent it: every hop of the deciding path is the
 * sender's and the outcome is a drop or no route. Every "never passes X" holds of it trivially.
 */
export function neverLeftSender(t: Trace): boolean {
  const d = t.disposition;
  if (d.kind !== 'dropped' && d.kind !== 'no-route') return false;
  const path = decisivePath(t);
  const first = path[0];
  return !!first && path.every((h) => h.host === first.host && h.device === first.device);
}

/**
 * For a matcher whose assertion is negative in this use (`negative`: `toNeverTraverse`, or
 * `.not.toTraverse`), the note that it would pass vacuously, or `undefined`.
 */
export function vacuityNote(t: Trace, negative: boolean, opts: VacuityOptions | undefined): string | undefined {
  if (!negative || opts?.evenIfNeverLeft === true || !neverLeftSender(t)) return undefined;
  const d = t.disposition;
  const why = d.kind === 'no-route' ? `no route to ${d.destination}` : d.kind === 'dropped' ? d.reason : d.kind;
  return `Vacuous: the packet never left ${t.flow.from} (${why} at ${d.at.device}@${d.at.host}), so a negative `
    + `path assertion about it proves nothing. Pass { ${VACUITY_OPTION}: true } to accept that.`;
}

/** Checks the vacuity options argument of a matcher that takes only those. */
export function requireVacuityOptions(ctx: MatcherContext, matcher: string, opts: unknown): VacuityOptions {
  if (opts === undefined) return {};
  const ok = typeof opts === 'object' && opts !== null && !Array.isArray(opts)
    && Object.entries(opts).every(([k, v]) => k === VACUITY_OPTION && (v === undefined || typeof v === 'boolean'));
  if (!ok) matcherError(ctx, matcher, `expected options must be an object like { ${VACUITY_OPTION}?: boolean }`, opts, 'Expected');
  return opts as VacuityOptions;
}

export const isBoolean = (v: unknown) => typeof v === 'boolean';
