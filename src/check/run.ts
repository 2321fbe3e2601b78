import { builtinInvariants } from '../invariants';
import type { Invariant, InvariantResult } from '../invariants/types';
import type { Simulation } from '../simulation';
import type { Trace } from '../trace/types';
import { portClasses } from './port-classes';

export interface CheckRunOptions {
  /** Invariant names to run (default: all built-in). */
  only?: string[];
  /** Trace one representative per class of alike flows (default true); false traces every flow. */
  classes?: boolean;
  /** Every violation, not just the first counterexample per invariant. */
  allViolations?: boolean;
  onProgress?: (done: number, total: number, invariant: string) => void;
}

export interface CheckReport {
  results: InvariantResult[];
  holds: boolean;
  durationMs: number;
}

export function selectInvariants(only: string[] | undefined): { selected: Invariant[]; unknown: string[] } {
  if (!only?.length) return { selected: [...builtinInvariants], unknown: [] };
  const unknown = only.filter((n) => !builtinInvariants.some((i) => i.name === n));
  return { selected: builtinInvariants.filter((i) => only.includes(i.name)), unknown };
}

/**
 * Runs invariants exhaustively over a simulated cloud. Traces are shared between invariants
 * (several look at the same instance pairs), and alike flows are traced once per class.
 */
export function runCheck(sim: Simulation, invariants: readonly Invariant[], opts: CheckRunOptions = {}): CheckReport {
  const start = performance.now();
  const cache = new Map<string, Trace>();
  const shared: Simulation = {
    ...sim,
    trace: (from, to, o) => {
      const key = `${from}\u0000${to}\u0000${o ? JSON.stringify(o) : ''}`;
      let t = cache.get(key);
      if (!t) cache.set(key, (t = sim.trace(from, to, o)));
      return t;
    },
  };
  const classOf = opts.classes === false ? undefined : portClasses(sim.dataplane);
  const results: InvariantResult[] = [];
  invariants.forEach((inv, i) => {
    opts.onProgress?.(i, invariants.length, inv.name);
    results.push(inv.check(shared, { classOf, maxViolations: opts.allViolations ? Infinity : 1 }));
  });
  opts.onProgress?.(invariants.length, invariants.length, '');
  return { results, holds: results.every((r) => r.holds), durationMs: performance.now() - start };
}
