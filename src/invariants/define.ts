import type { Simulation } from '../simulation';
import type { Hop, Trace } from '../trace/types';
import type { CheckOptions, Invariant, InvariantResult, Violation } from './types';

/** What a verdict says about one traced flow: nothing (it holds) or why it breaks the invariant. */
export type Verdict = { reason: string; hop?: Hop } | null;

/** One flow to check: from an instance to an instance or a named destination, and how to trace it. */
export interface FlowCase {
  label: string;
  from: string;
  to: string;
  trace(): Trace;
  verdict(t: Trace): Verdict;
}

/** A check that needs no trace (e.g. counting devices), reported like a flow. */
export interface StateCase {
  label: string;
  verdict(): Verdict & { trace?: Trace } | null;
}

/**
 * Builds an invariant from a generator of cases. Flows in one class are traced once; the search
 * stops at the first counterexample unless asked for more.
 */
export function defineInvariant(
  name: string, description: string, cases: (sim: Simulation) => Iterable<FlowCase | StateCase>,
): Invariant {
  return {
    name,
    description,
    check(sim: Simulation, opts: CheckOptions = {}): InvariantResult {
      const max = opts.maxViolations ?? 1;
      const start = performance.now();
      const violations: Violation[] = [];
      const seen = new Map<string, Violation | null>();
      let flows = 0;
      let classes = 0;
      for (const c of cases(sim)) {
        flows++;
        let v: Violation | null;
        if ('trace' in c) {
          const key = opts.classOf ? `${opts.classOf(c.from)}→${opts.classOf(c.to) ?? c.to}` : undefined;
          if (key !== undefined && seen.has(key)) {
            const prior = seen.get(key)!;
            if (!prior) continue;
            v = { ...prior, flow: c.label };
          } else {
            classes++;
            const t = c.trace();
            const verdict = c.verdict(t);
            v = verdict ? { flow: c.label, reason: verdict.reason, trace: t, hop: verdict.hop } : null;
            if (key !== undefined) seen.set(key, v);
          }
        } else {
          classes++;
          const verdict = c.verdict();
          v = verdict ? { flow: c.label, reason: verdict.reason, trace: verdict.trace, hop: verdict.hop } : null;
        }
        if (v) {
          violations.push(v);
          if (violations.length >= max) break;
        }
      }
      return {
        invariant: name, description, holds: violations.length === 0, flows, classes,
        durationMs: performance.now() - start, violations,
      };
    },
  };
}
