/**
 * The mutation score: inject every fault kind at many places of many clouds and ask whether the
 * built-in invariants notice. A mutant is *equivalent* when no flow's trace changes (no flow can
 * observe the fault), *caught* when some invariant has a counterexample, *missed* otherwise.
 */
import { describeFault, FAULT_KINDS, faultSites, inject, type Fault, type FaultKind } from '../dataplane/faults';
import type { Dataplane } from '../dataplane/types';
import { builtinInvariants } from '../invariants';
import type { Invariant } from '../invariants/types';
import type { Cloud } from '../model/types';
import { realize } from '../realize';
import { simulate, type Simulation } from '../simulation';
import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import type { Trace } from '../trace/types';
import { allFlows, flowKey, traceAll, type FlowKey, type Traced } from './flows';
import { prng } from '../util/prng';

export interface MutationOptions {
  /** Places per fault kind and cloud (drawn with `seed`); `Infinity` for every place. */
  perKind: number;
  seed: number;
  invariants?: readonly Invariant[];
  /** Further invariants (not yet built in) whose extra catches are counted separately. */
  proposed?: readonly Invariant[];
  /** Missed mutants kept per kind as examples (default 3). */
  examples?: number;
}

/**
 * How much a mutant changed what flows observe, the strongest over all flows: the `outcome` of a
 * flow that worked before (or works now), only how an already `failing` flow fails, the decisive
 * `path` or the reply (same outcome), or only other flood `branches`.
 */
export type Change = 'outcome' | 'failing' | 'path' | 'branches';
export const CHANGES: readonly Change[] = ['outcome', 'failing', 'path', 'branches'];
/** What working looks like for each kind of flow (internet flows reach the internet host and are answered). */
const works = (t: Trace | undefined) => !!t && t.disposition.kind === (
  t.flow.kind === 'dhcp' || t.flow.kind === 'metadata' ? 'answered' : 'delivered');

export interface Missed {
  change: Change;
  /** Proposed invariants that catch it. */
  proposed: string[];
  cloud: string;
  fault: string;
  /** The first flow whose trace changed, and how its outcome changed. */
  flow: string;
  before: string;
  after: string;
}

export interface KindResult {
  kind: FaultKind;
  injected: number;
  equivalent: number;
  caught: number;
  missed: number;
  /** Missed mutants by how much they changed. */
  missedBy: Record<Change, number>;
  /** Which invariants caught how many mutants of this kind. */
  caughtBy: Record<string, number>;
  /** Missed mutants that a proposed invariant catches, and by which. */
  caughtByProposed: number;
  proposedBy: Record<string, number>;
  examples: Missed[];
}

export interface MutationReport {
  kinds: KindResult[];
  clouds: number;
  /** Clouds left out because an invariant already failed on the healthy cloud (described). */
  unhealthy: string[];
  /** Mutants whose tracing made the engine throw (described). */
  engineErrors: string[];
  traces: number;
  traceMs: number;
  durationMs: number;
}

export interface LabelledCloud { label: string; cloud: Cloud }

export function scoreMutants(clouds: readonly LabelledCloud[], o: MutationOptions): MutationReport {
  const start = performance.now();
  const invariants = o.invariants ?? builtinInvariants;
  const kinds = new Map<FaultKind, KindResult>(FAULT_KINDS.map((kind) => [kind, {
    kind, injected: 0, equivalent: 0, caught: 0, missed: 0, missedBy: { outcome: 0, failing: 0, path: 0, branches: 0 }, caughtBy: {}, caughtByProposed: 0, proposedBy: {}, examples: [],
  }]));
  const report: MutationReport = { kinds: [...kinds.values()], clouds: 0, unhealthy: [], engineErrors: [], traces: 0, traceMs: 0, durationMs: 0 };
  const rnd = prng(o.seed);
  const trace = (dp: Dataplane, flows: FlowKey[]): Traced => {
    const t0 = performance.now();
    const out = traceAll(dp, flows);
    report.traceMs += performance.now() - t0;
    report.traces += flows.length;
    return out;
  };

  for (const { label, cloud } of clouds) {
    const dp = realize(cloud);
    const flows = allFlows(dp);
    const healthy = trace(structuredClone(dp), flows);
    const broken = [...invariants, ...(o.proposed ?? [])].filter((inv) => !inv.check(replayed(cloud, dp, healthy.traces)).holds);
    if (broken.length || healthy.errors.length) {
      report.unhealthy.push(`${label}: ${[...broken.map((i) => i.name), ...healthy.errors.map((e) => e.message)].join(', ')}`);
      continue;
    }
    report.clouds++;
    for (const kind of FAULT_KINDS) {
      const r = kinds.get(kind)!;
      for (const fault of pick(faultSites(dp, [kind]), o.perKind, rnd)) {
        r.injected++;
        const mutant = inject(dp, fault);
        const after = trace(mutant, flows);
        if (after.errors.length) report.engineErrors.push(`${label}; ${describeFault(fault)}: ${after.errors[0].flow.from} → ${after.errors[0].flow.to}: ${after.errors[0].message}`);
        if (flows.every((_, i) => after.texts[i] === healthy.texts[i])) { r.equivalent++; continue; }
        const sim = replayed(cloud, mutant, after.traces);
        const catchers = invariants.filter((inv) => !inv.check(sim).holds).map((inv) => inv.name);
        if (catchers.length) {
          r.caught++;
          for (const c of catchers) r.caughtBy[c] = (r.caughtBy[c] ?? 0) + 1;
          continue;
        }
        r.missed++;
        const extra = (o.proposed ?? []).filter((inv) => !inv.check(sim).holds).map((inv) => inv.name);
        if (extra.length) {
          r.caughtByProposed++;
          for (const c of extra) r.proposedBy[c] = (r.proposedBy[c] ?? 0) + 1;
        }
        const { change, flow } = strongestChange(flows, healthy, after);
        r.missedBy[change]++;
        // Keep the most telling examples: outcome changes first.
        const example = { ...missed(change, label, fault, flows[flow], healthy, after), proposed: extra };
        r.examples.push(example);
        r.examples.sort((a, b) => CHANGES.indexOf(a.change) - CHANGES.indexOf(b.change));
        r.examples.splice(o.examples ?? 3);
      }
    }
  }
  report.durationMs = performance.now() - start;
  return report;
}

/** A simulation that answers the flows already traced from those traces (in the order they were traced). */
function replayed(cloud: Cloud, dp: Dataplane, traces: Map<string, Trace>): Simulation {
  const sim = simulate(cloud, dp);
  return { ...sim, trace: (from, to, opts) => (opts ? undefined : traces.get(flowKey({ from, to }))) ?? sim.trace(from, to, opts) };
}

/** The flow whose trace changed most, and how. */
function strongestChange(flows: FlowKey[], before: Traced, after: Traced): { change: Change; flow: number } {
  let best: { change: Change; flow: number } | undefined;
  flows.forEach((f, i) => {
    if (before.texts[i] === after.texts[i]) return;
    const b = before.traces.get(flowKey(f)), a = after.traces.get(flowKey(f));
    const change: Change = !b || !a || JSON.stringify(b.disposition) !== JSON.stringify(a.disposition) ? (works(b) || works(a) ? 'outcome' : 'failing')
      : JSON.stringify(mainPath(b.root)) !== JSON.stringify(mainPath(a.root)) || JSON.stringify(b.reply) !== JSON.stringify(a.reply) ? 'path'
        : 'branches';
    if (!best || CHANGES.indexOf(change) < CHANGES.indexOf(best.change)) best = { change, flow: i };
  });
  return best!;
}

function missed(change: Change, cloud: string, fault: Fault, flow: FlowKey, before: Traced, after: Traced): Omit<Missed, 'proposed'> {
  const outcome = (t: Traced) => {
    const x = t.traces.get(flowKey(flow));
    return x ? dispositionText(x.disposition) : t.errors.find((e) => flowKey(e.flow) === flowKey(flow))?.message ?? '?';
  };
  return { change, cloud, fault: describeFault(fault), flow: `${flow.from} → ${flow.to}`, before: outcome(before), after: outcome(after) };
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

