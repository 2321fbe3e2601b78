import type { Simulation } from '../simulation';
import type { Hop, Trace } from '../trace/types';

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
  holds: boolean;
  /** Flows of the invariant's kind in the cloud. */
  flows: number;
  /** Flows actually traced (one per class of flows that must behave alike). */
  classes: number;
  durationMs: number;
  violations: Violation[];
}

export interface CheckOptions {
  /** Stop after this many counterexamples (default 1: a search for a counterexample). */
  maxViolations?: number;
  /**
   * The class of an instance (or undefined for a named destination like `dhcp`): flows whose
   * endpoints are in the same classes must behave alike, so one representative is traced per class.
   */
  classOf?: (name: string) => string | undefined;
}

/** A named cloud-wide property, checked as a search for a counterexample over every flow of its kind. */
export interface Invariant {
  readonly name: string;
  readonly description: string;
  check(sim: Simulation, opts?: CheckOptions): InvariantResult;
}
