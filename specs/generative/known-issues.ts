/**
 * Violations the generative specs know to be false alarms of today's invariants, each matched
 * precisely and demonstrated by an `it.failing` in known-issues.spec.ts (which starts failing,
 * i.e. passing, once the issue is fixed, so the excuse gets removed with it).
 */
import type { Invariant, Simulation, Violation } from 'netspec';

export interface KnownIssue {
  id: string;
  summary: string;
  excuses(invariant: Invariant, v: Violation, sim: Simulation): boolean;
}

/** None today: each one found was fixed, and its regression test lives in known-issues.spec.ts. */
export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/** The violations of `invariant` no known issue explains (all of them are searched for). */
export function unexplained(invariant: Invariant, sim: Simulation): Violation[] {
  return invariant.check(sim, { maxViolations: Infinity }).violations
    .filter((v) => !KNOWN_ISSUES.some((k) => k.excuses(invariant, v, sim)));
}
