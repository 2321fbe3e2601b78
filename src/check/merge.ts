import type { InvariantResult } from '../invariants/types';
import type { CheckReport } from './run';

/**
 * One report from the reports of the shards of one check (each judged a disjoint share of the
 * flows and state cases): counts add up, counterexamples are kept in shard order up to
 * `maxViolations` per invariant, and an invariant applies when any shard judged something of it.
 */
export function mergeReports(reports: readonly CheckReport[], maxViolations = 1): CheckReport {
  if (!reports.length) throw new Error('mergeReports: no report to merge');
  const results: InvariantResult[] = reports[0].results.map((first, k) => {
    const all = reports.map((r) => r.results[k]);
    if (all.some((r) => r?.invariant !== first.invariant)) throw new Error(`mergeReports: shards disagree on invariant ${k + 1} (${first.invariant})`);
    const violations = all.flatMap((r) => r.violations).slice(0, maxViolations);
    const flows = sum(all.map((r) => r.flows));
    return {
      ...first,
      flows,
      classes: sum(all.map((r) => r.classes)),
      durationMs: sum(all.map((r) => r.durationMs)),
      violations,
      holds: violations.length === 0,
      applicable: flows > 0,
      ...(all.some((r) => r.complete === false) ? { complete: false } : {}),
    };
  });
  return {
    results,
    holds: results.every((r) => r.holds),
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    complete: reports.every((r) => r.complete),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
