import { createHash } from 'node:crypto';
import type { Simulation } from '../simulation';
import { mainPath } from '../trace/leaves';
import type { Branch, Trace } from '../trace/types';
import { placesOf } from './changed-state';

/**
 * What a diff keeps of a walk: whether it worked, a digest of its outcome and path, the places it
 * passed and whether it reached its destination's subnet; and, while the diff needs it, the trace.
 */
export interface Walk {
  /** `from → to`. */
  flow: string;
  works: boolean;
  /** Digest of `pathOf`. */
  path: string;
  places: readonly string[];
  /** Whether it reached its destination's subnet (instances only). */
  reaches: boolean;
  trace?: Trace;
}

const OK = new Set(['delivered', 'answered']);

/**
 * Whether a walk worked: delivered, or answered and the answer came home. A packet that left the
 * cloud unanswered (a flow to an instance sent upstream for want of a route) reached nothing.
 */
export function works(t: Trace | undefined): boolean {
  return !!t && OK.has(t.disposition.kind);
}

/** What a reader compares: the outcome, and every hop (ports included) of the request's and the answer's path. */
export function pathOf(t: Trace): string {
  const hops = (b: Branch | undefined) => (b ? mainPath(b).map((h) => `${h.host} ${h.device} ${h.in ?? ''}>${h.out ?? ''}`) : []);
  const d = t.disposition;
  return JSON.stringify([d.kind, d.direction ?? '', d.at.host, d.at.device, hops(t.root), hops(t.reply)]);
}

export function walkOf(t: Trace, reaches: boolean): Walk {
  return {
    flow: `${t.flow.from} → ${t.flow.to}`, works: works(t), path: createHash('sha1').update(pathOf(t)).digest('base64'),
    places: placesOf(t), reaches, trace: t,
  };
}

const remembered = new WeakMap<Simulation, Map<string, Walk>>();

/**
 * The walks of a base cloud, kept without their traces for as long as the simulation lives: a
 * second question asked of the same base walks only what its change touched. (A trace is walked
 * again when a change needs it drawn: walks are pure functions of the plane and the flow.)
 */
export function rememberedWalks(sim: Simulation): Map<string, Walk> {
  let m = remembered.get(sim);
  if (!m) remembered.set(sim, (m = new Map()));
  return m;
}
