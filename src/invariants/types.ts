import type { Legs } from '../check/legs';
import type { Simulation } from '../simulation';
import type { Hop, Trace } from '../trace/types';
import type { InstanceInfo } from './flows';

/** A flow that breaks an invariant, with the trace that shows it and the hop to blame. */
export interface Violation {
  flow: string;
  reason: string;
  trace?: Trace;
  hop?: Hop;
}

export interface InvariantResult {
  invariant: string;
  description: string;
  /** No counterexample was found. Says nothing on its own when `applicable` is false. */
  holds: boolean;
  /**
   * False when the cloud has no flow (or state case) of the invariant's kind: it judged nothing,
   * and is reported as not applicable, never as holding.
   */
  applicable: boolean;
  /** Flows of the invariant's kind in the cloud. */
  flows: number;
  /** Flows actually traced (one per class of flows that must behave alike). */
  classes: number;
  durationMs: number;
  violations: Violation[];
  /** False when a deadline stopped the search before every flow was judged. */
  complete?: boolean;
}

export interface CheckOptions {
  /** Stop after this many counterexamples (default 1: a search for a counterexample). */
  maxViolations?: number;
  /**
   * The class of an instance: flows whose endpoints are in the same classes must behave alike,
   * so one representative is traced per class.
   */
  classOf?: (name: string) => string | undefined;
  /**
   * A coarser class for destinations a flow never reaches (see FlowClasses in check/): used only
   * when the representative's trace shows the packet never got to the destination's subnet.
   */
  destinationClassOf?: (name: string, source?: string) => string | undefined;
  /** Destinations whose coarse class depends on the source (see FlowClasses.pairedWith). */
  pairedWith?: (source: string) => ReadonlySet<string>;
  reachesSubnetOf?: (t: Trace, name: string) => boolean;
  /** Compositional legs (check/legs.ts): flows between subnets judged from two spliced walks. */
  legs?: Legs;
  /** Told after each source (class) is done: `done` of `total`, and a label for a progress bar. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Stop searching at this `performance.now()` time; results then say they are incomplete. */
  deadline?: number;
  /**
   * Judge only a share of the work: sources (classes) and state cases whose position modulo
   * `count` is `index` (0-based). The shares of 0..count-1 together are the whole check.
   */
  shard?: Shard;
}

export interface Shard { index: number; count: number }

/** What a verdict says about one traced flow: nothing (it holds) or why it breaks the invariant. */
export type Verdict = { reason: string; hop?: Hop } | null;

/** Where a flow goes: another instance, or a destination users name. */
export type Destination = InstanceInfo | 'internet' | 'dhcp' | 'metadata';

/** How an invariant judges flows, prepared once per simulation (model lookups done up front). */
export interface FlowJudge {
  /** Whether the invariant speaks about this flow. */
  applies(from: InstanceInfo, to: Destination): boolean;
  /**
   * A promise that `applies(from, to)` reads an instance `to` only through whether it shares
   * `from`'s network and which router joins their subnets. Then the check asks it once for all
   * the destinations unrelated to `from` (other networks, no router between) and judges those
   * it never came near by one walk, rather than once per destination class: what keeps a
   * check of thousands of networks linear. Absent on any judge: every class is asked.
   */
  appliesByRelation?: true;
  verdict(t: Trace, from: InstanceInfo, to: Destination): Verdict;
  /**
   * Whether this trace's holding verdict also holds on a flow spliced from it and another holding
   * trace where the packet first reaches the destination's subnet (see check/legs.ts). Judges of
   * hops and their neighbours always say yes; a judge of the whole path says when. Absent: never,
   * and every flow it applies to is walked.
   */
  splices?(t: Trace, from: InstanceInfo, to: Destination): boolean;
}

/** A check that needs no trace of its own (e.g. counting devices), reported like a flow. */
export interface StateCase {
  label: string;
  verdict(): (Verdict & { trace?: Trace }) | null;
}

/** A named cloud-wide property, checked as a search for a counterexample over every flow of its kind. */
export interface Invariant {
  readonly name: string;
  readonly description: string;
  /** For invariants about flows: how to judge each one. */
  readonly judge?: (sim: Simulation) => FlowJudge;
  /** For invariants about state: the cases to check. */
  readonly states?: (sim: Simulation) => Iterable<StateCase>;
  check(sim: Simulation, opts?: CheckOptions): InvariantResult;
}
