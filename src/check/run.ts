import { builtinInvariants } from '../invariants';
import type { Invariant, InvariantResult, Shard } from '../invariants/types';
import type { Simulation } from '../simulation';
import { searchCounterexamples } from '../invariants/search';
import { flowClasses } from './port-classes';
import { legsOf } from './legs';

export interface CheckRunOptions {
  /** Invariant names to run (default: all built-in). */
  only?: string[];
  /** Trace one representative per class of alike flows (default true); false traces every flow. */
  classes?: boolean;
  /** With classes: judge flows between subnets from two spliced walks where judges allow it (default true). */
  legs?: boolean;
  /** Every violation, not just the first counterexample per invariant. */
  allViolations?: boolean;
  /** Called as the work gets done: `done` of `total` source classes, and what is being checked. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Give up after this many milliseconds (benchmarks); the report then says it is incomplete. */
  budgetMs?: number;
  /** Judge only this share of the flows (see `mergeReports` to put the shares back together). */
  shard?: Shard;
}

export interface CheckReport {
  results: InvariantResult[];
  holds: boolean;
  durationMs: number;
  /** False when a time budget stopped the check early. */
  complete: boolean;
  /** Set when this report is one share of a check (`--shard`): its counts are that share's. */
  shard?: Shard;
}

export function selectInvariants(only: string[] | undefined): { selected: Invariant[]; unknown: string[] } {
  if (!only?.length) return { selected: [...builtinInvariants], unknown: [] };
  const unknown = only.filter((n) => !builtinInvariants.some((i) => i.name === n));
  return { selected: builtinInvariants.filter((i) => only.includes(i.name)), unknown };
}

/**
 * Runs invariants exhaustively over a simulated cloud in one pass: every flow is traced once for
 * all the invariants that speak about it, and alike flows once per class.
 */
export function runCheck(sim: Simulation, invariants: readonly Invariant[], opts: CheckRunOptions = {}): CheckReport {
  const start = performance.now();
  const classes = opts.classes === false ? undefined : flowClasses(sim.dataplane);
  const results = searchCounterexamples(sim, invariants, {
    classOf: classes?.classOf, destinationClassOf: classes?.destinationClassOf, pairedWith: classes?.pairedWith, reachesSubnetOf: classes?.reachesSubnetOf,
    legs: classes && opts.legs !== false ? legsOf(classes) : undefined,
    maxViolations: opts.allViolations ? Infinity : 1,
    deadline: opts.budgetMs === undefined ? undefined : start + opts.budgetMs,
    onProgress: opts.onProgress,
    shard: opts.shard,
  });
  return {
    results, holds: results.every((r) => r.holds), durationMs: performance.now() - start, complete: results.every((r) => r.complete !== false),
    ...(opts.shard && opts.shard.count > 1 ? { shard: opts.shard } : {}),
  };
}
