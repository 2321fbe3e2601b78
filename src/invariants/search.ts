import type { Simulation } from '../simulation';
import type { Trace } from '../trace/types';
import { instancesOf, type InstanceInfo } from './flows';
import type { CheckOptions, Destination, FlowJudge, Invariant, InvariantResult, Violation } from './types';

const SPECIAL: Destination[] = ['internet', 'dhcp', 'metadata'];

function label(from: InstanceInfo, to: Destination): string {
  return `${from.instance.name} → ${typeof to === 'string' ? to : to.instance.name}`;
}

/**
 * Searches for counterexamples to several invariants in one pass over every flow of the cloud
 * (each instance to every other instance, to the internet, DHCP and metadata): each flow is
 * traced once whatever number of invariants speak about it, once per class of alike flows, and
 * only the traces of violations are kept.
 */
export function searchCounterexamples(sim: Simulation, invariants: readonly Invariant[], opts: CheckOptions = {}): InvariantResult[] {
  const max = opts.maxViolations ?? 1;
  const results: InvariantResult[] = invariants.map((i) => ({
    invariant: i.name, description: i.description, holds: true, flows: 0, classes: 0, durationMs: 0, violations: [],
  }));
  const judges: (FlowJudge | undefined)[] = invariants.map((i) => i.judge?.(sim));
  const open = (k: number) => results[k].violations.length < max;
  const classes = new Map<string, (Violation | null)[] | null>();
  /** Coarse destination classes whose representative never reached the destination's subnet. */
  const unreached = new Map<string, (Violation | null)[] | null>();
  const list = instancesOf(sim);
  const applicable: number[] = [];

  const visit = (from: InstanceInfo, to: Destination) => {
    applicable.length = 0;
    for (let k = 0; k < judges.length; k++) if (judges[k] && open(k) && judges[k]!.applies(from, to)) applicable.push(k);
    if (!applicable.length) return;
    const toName = typeof to === 'string' ? to : to.instance.name;
    const source = opts.classOf?.(from.instance.name);
    const key = opts.classOf ? `${source}→${typeof to === 'string' ? to : opts.classOf(toName)}|${applicable.join(',')}` : undefined;
    const coarse = opts.destinationClassOf && typeof to !== 'string' ? `${source}→~${opts.destinationClassOf(toName)}|${applicable.join(',')}` : undefined;
    let verdicts = coarse !== undefined ? unreached.get(coarse) : undefined;
    if (verdicts === undefined && key !== undefined) verdicts = classes.get(key);
    const traced = verdicts === undefined;
    if (traced) {
      const start = performance.now();
      const t: Trace = sim.trace(from.instance.name, toName);
      const share = (performance.now() - start) / applicable.length;
      const found: (Violation | null)[] = [];
      let any = false;
      for (const k of applicable) {
        const v0 = performance.now();
        const v = judges[k]!.verdict(t, from, to);
        results[k].durationMs += share + performance.now() - v0;
        found[k] = v ? { flow: label(from, to), reason: v.reason, trace: t, hop: v.hop } : null;
        any ||= !!v;
      }
      verdicts = any ? found : null;
      if (key !== undefined) classes.set(key, verdicts);
      if (coarse !== undefined && !unreached.has(coarse) && !opts.reachesSubnetOf!(t, toName)) unreached.set(coarse, verdicts);
    }
    for (const k of applicable) {
      results[k].flows++;
      if (traced) results[k].classes++;
      const v = verdicts?.[k];
      // A class member reports its representative's trace, and says so.
      if (v) results[k].violations.push(traced ? v : { ...v, flow: label(from, to), reason: `${v.reason} (traced as ${v.flow}, of the same class)` });
    }
  };

  if (judges.some(Boolean)) {
    for (const from of list) {
      for (const to of list) if (to !== from) visit(from, to);
      for (const to of SPECIAL) visit(from, to);
    }
  }
  invariants.forEach((inv, k) => {
    if (!inv.states) return;
    const start = performance.now();
    for (const c of inv.states(sim)) {
      if (!open(k)) break;
      results[k].flows++;
      results[k].classes++;
      const v = c.verdict();
      if (v) results[k].violations.push({ flow: c.label, reason: v.reason, trace: v.trace, hop: v.hop });
    }
    results[k].durationMs += performance.now() - start;
  });
  for (const r of results) r.holds = r.violations.length === 0;
  return results;
}
