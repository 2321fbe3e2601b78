import type { Dataplane } from '../dataplane/types';
import { traceFlow, type TraceOptions } from '../flows';
import type { Cloud } from '../model/types';
import { bootGuests } from '../engine/dhclient';
import { realize } from '../realize';
import type { Trace } from '../trace/types';

/** A cloud together with the data plane it runs on: what matchers and invariants work with. */
export interface Simulation {
  readonly kind: 'netspec.simulation';
  readonly cloud: Cloud;
  readonly dataplane: Dataplane;
  /** Walks one packet: `trace('vm1', 'vm2')`, `trace('vm1', 'internet')`, `trace('vm1', 'dhcp')`. */
  trace(from: string, to: string, opts?: TraceOptions): Trace;
  /** The same cloud on another data plane (e.g. one with an injected fault). */
  withDataplane(dp: Dataplane): Simulation;
}

const realized = new WeakSet<Simulation>();

/** Whether the simulation's data plane is the one its cloud realizes (no plane given to withDataplane). */
export function isRealized(sim: Simulation): boolean {
  return realized.has(sim);
}

/** Realizes `cloud` (or uses the given data plane) and returns a simulation to trace through. */
export function simulate(cloud: Cloud, given?: Dataplane): Simulation {
  // A given plane (one with a fault, say) boots its guests anew: their DHCP answers may differ.
  const dataplane = given ? bootGuests(given) : realize(cloud);
  const sim: Simulation = {
    kind: 'netspec.simulation',
    cloud,
    dataplane,
    trace: (from, to, opts) => traceFlow(dataplane, from, to, opts),
    withDataplane: (dp) => simulate(cloud, dp),
  };
  if (!given) realized.add(sim);
  return sim;
}

export function isSimulation(x: unknown): x is Simulation {
  return typeof x === 'object' && x !== null && (x as Simulation).kind === 'netspec.simulation';
}
