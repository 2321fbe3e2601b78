/**
 * The mutation score: inject every fault kind at many places of many clouds and ask whether the
 * built-in invariants notice. A mutant is *caught* when some invariant has a counterexample,
 * *observable but missed* when every invariant holds yet the signature of some flow of the
 * exhaustive check changed, and *equivalent* only when every invariant holds and no flow's
 * signature changed (nothing can observe the fault). The score is caught / (caught + missed).
 */
import { describeFault, FAULT_KINDS, faultSites, inject, type FaultKind } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { searchCounterexamples } from '../invariants/search';
import type { Invariant } from '../invariants/types';
import type { Cloud } from '../model/types';
import { simulate } from '../simulation';
import { dispositionText } from '../trace/steps';
import { checkFlows, flowKey, flowText, replayed, traceAll, type FlowKey, type Traced } from './flows';
import { prng } from '../util/prng';

export interface MutationOptions {
  /** Places per fault kind and cloud (drawn with `seed`); `Infinity` for every place. */
  perKind: number;
  /** The fault kinds to inject (default: the whole catalogue); the report still lists every kind. */
  kinds?: readonly FaultKind[];
  seed: number;
  invariants?: readonly Invariant[];
  /** Further invariants (not yet built in) whose catches among the missed mutants are counted separately. */
  proposed?: readonly Invariant[];
}

/** An observable mutant no invariant caught: the first flow whose trace changed, and how. */
export interface Missed {
  cloud: string;
  fault: string;
  flow: string;
  before: string;
  after: string;
  /** The outcome is the same; only the path (or the reply's) changed. */
  pathOnly: boolean;
  /** The flow did not work before the fault either: only how it fails changed. */
  failingBefore: boolean;
  /** How many flows changed. */
  flows: number;
  /** Proposed invariants that catch it. */
  proposed: string[];
}

export interface KindResult {
  kind: FaultKind;
  mutants: number;
  equivalent: number;
  caught: number;
  /** Caught mutants whose traces all kept their signatures (seen by a state invariant, or by a detail of a path). */
  caughtUnsigned: number;
  /** Some trace changed, every invariant held. */
  missed: number;
  /** Which invariants caught how many mutants of this kind. */
  caughtBy: Record<string, number>;
  /** Missed mutants that a proposed invariant catches. */
  caughtByProposed: number;
}

export interface MutationReport {
  kinds: KindResult[];
  /** Every observable mutant no invariant caught. */
  missed: Missed[];
  clouds: number;
  /** Clouds left out because an invariant already failed on the healthy cloud (described). */
  unhealthy: string[];
  /** Mutants whose tracing or checking made the engine throw (described). */
  engineErrors: string[];
  /** Flows observed per cloud, summed (the exhaustive check's, probes included). */
  flows: number;
  /** Time to trace and sign the healthy clouds' flows once, and the check on them. */
  baseMs: number;
  /** Time per mutant, summed: inject, boot, re-trace every flow, compare, check the invariants. */
  mutantMs: number;
  traces: number;
  durationMs: number;
}

export interface LabelledCloud { label: string; cloud: Cloud }

export function scoreMutants(clouds: readonly LabelledCloud[], o: MutationOptions): MutationReport {
  const start = performance.now();
  const invariants = o.invariants ?? builtinInvariants;
  const kinds = new Map<FaultKind, KindResult>(FAULT_KINDS.map((kind) => [kind, { kind, mutants: 0, equivalent: 0, caught: 0, caughtUnsigned: 0, missed: 0, caughtBy: {}, caughtByProposed: 0 }]));
  const report: MutationReport = {
    kinds: [...kinds.values()], missed: [], clouds: 0, unhealthy: [], engineErrors: [], flows: 0, baseMs: 0, mutantMs: 0, traces: 0, durationMs: 0,
  };
  const rnd = prng(o.seed);
  const failing = (sim: Parameters<typeof searchCounterexamples>[0], invs: readonly Invariant[]) =>
    searchCounterexamples(sim, invs).filter((r) => !r.holds).map((r) => r.invariant);

  for (const { label, cloud } of clouds) {
    const t0 = performance.now();
    const healthySim = simulate(cloud);
    const flows = checkFlows(healthySim, [...invariants, ...(o.proposed ?? [])]);
    // Signatures on a fresh plane, in the order every mutant is traced in (traces share learned state).
    const base = simulate(cloud, structuredClone(healthySim.dataplane));
    const healthy = traceAll(base, flows);
    const broken = failing(replayed(base, healthy.traces), [...invariants, ...(o.proposed ?? [])]);
    report.baseMs += performance.now() - t0;
    report.traces += flows.length;
    if (broken.length || healthy.errors.length) {
      report.unhealthy.push(`${label}: ${[...broken, ...healthy.errors.map((e) => e.message)].join(', ')}`);
      continue;
    }
    report.clouds++;
    report.flows += flows.length;
    for (const kind of o.kinds ?? FAULT_KINDS) {
      const r = kinds.get(kind)!;
      for (const fault of pick(faultSites(healthySim.dataplane, [kind]), o.perKind, rnd)) {
        const t1 = performance.now();
        r.mutants++;
        const sim = simulate(cloud, inject(healthySim.dataplane, fault));
        const after = traceAll(sim, flows);
        report.traces += flows.length;
        if (after.errors.length) report.engineErrors.push(`${label}; ${describeFault(fault)}: ${flowText(after.errors[0].flow)}: ${after.errors[0].message}`);
        const changed = flows.filter((_, i) => after.signatures[i] !== healthy.signatures[i]);
        // Every mutant is judged: an invariant that fails has observed the fault, whether or not
        // a signature shows it (a state invariant, or a detail a signature leaves out).
        const judged = replayed(sim, after.traces);
        let catchers: string[] = [];
        try { catchers = failing(judged, invariants); } catch (e) {
          report.engineErrors.push(`${label}; ${describeFault(fault)}: checking: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (catchers.length) {
          r.caught++;
          if (!changed.length) r.caughtUnsigned++;
          for (const c of catchers) r.caughtBy[c] = (r.caughtBy[c] ?? 0) + 1;
        } else if (!changed.length) r.equivalent++;
        else {
          r.missed++;
          const extra = o.proposed?.length ? failing(judged, o.proposed) : [];
          if (extra.length) r.caughtByProposed++;
          report.missed.push({ ...firstChange(changed, healthy, after), cloud: label, fault: describeFault(fault), proposed: extra });
        }
        report.mutantMs += performance.now() - t1;
      }
    }
  }
  report.durationMs = performance.now() - start;
  return report;
}

/** The first flow whose trace changed, preferring one whose outcome changed. */
function firstChange(changed: FlowKey[], before: Traced, after: Traced): Pick<Missed, 'flow' | 'before' | 'after' | 'pathOnly' | 'failingBefore' | 'flows'> {
  const outcome = (t: Traced, f: FlowKey) => {
    const x = t.traces.get(flowKey(f));
    return x ? dispositionText(x.disposition) : t.errors.find((e) => flowKey(e.flow) === flowKey(f))?.message ?? '?';
  };
  const f = changed.find((x) => outcome(before, x) !== outcome(after, x)) ?? changed[0];
  const [b, a] = [outcome(before, f), outcome(after, f)];
  const t = before.traces.get(flowKey(f));
  // Working: delivered or answered, and the answer got home (a reply's failure is the trace's disposition).
  const works = !!t && (t.disposition.kind === 'delivered' || t.disposition.kind === 'answered');
  return { flow: flowText(f), before: b, after: a, pathOnly: a === b, failingBefore: !works, flows: changed.length };
}

/** Up to `n` of `xs`, drawn without replacement (all of them, in order, if there are no more than `n`). */
function pick<T>(xs: T[], n: number, rnd: () => number): T[] {
  if (xs.length <= n) return xs;
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

