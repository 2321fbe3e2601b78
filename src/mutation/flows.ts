/**
 * The flows a mutant is observed by: every flow of the exhaustive check (each instance to every
 * other instance, to the internet, DHCP and metadata, and every probe an invariant about state
 * walks, such as an instance to its gateway or the internet to a floating IP), in one fixed order,
 * and a compact signature of each trace to compare two data planes flow by flow.
 */
import type { TraceOptions } from '../flows';
import { searchCounterexamples } from '../invariants/search';
import type { Invariant } from '../invariants/types';
import type { Simulation } from '../simulation';
import { leaves } from '../trace/leaves';
import type { Branch, Disposition, Trace } from '../trace/types';

export interface FlowKey { from: string; to: string; opts?: TraceOptions }

/**
 * A flow as it is told apart: what a trace records of its ARP exchanges (`arpExchanges`) changes
 * no walk, so it is not part of a flow's identity.
 */
function identity(from: string, to: string, opts: TraceOptions | undefined): FlowKey {
  if (!opts) return { from, to };
  const { arpExchanges: _recorded, ...rest } = opts;
  return Object.keys(rest).length ? { from, to, opts: rest } : { from, to };
}

export const flowKey = (f: FlowKey) => `${f.from}\u0000${f.to}\u0000${f.opts ? JSON.stringify(f.opts) : ''}`;
export const flowText = (f: FlowKey) => `${f.from} → ${f.to}${f.opts ? ` ${Object.entries(f.opts).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : ''}`;

/** The flows between instances and to the special destinations, as the exhaustive check enumerates them. */
export function instanceFlows(sim: Simulation): FlowKey[] {
  const names = sim.dataplane.endpoints.instances.map((e) => e.name);
  return [
    ...names.flatMap((from) => names.filter((to) => to !== from).map((to) => ({ from, to }))),
    ...names.flatMap((from) => ['internet', 'dhcp', 'metadata'].map((to) => ({ from, to }))),
  ];
}

/**
 * Every flow the exhaustive check (every flow, no classes) walks on `sim` for `invariants`, after
 * the flows it enumerates between instances: the probes of the invariants about state included.
 */
export function checkFlows(sim: Simulation, invariants: readonly Invariant[]): FlowKey[] {
  const seen = new Map<string, FlowKey>();
  for (const f of instanceFlows(sim)) seen.set(flowKey(f), f);
  const recording: Simulation = {
    ...sim,
    trace: (from, to, opts) => {
      const f = identity(from, to, opts);
      if (!seen.has(flowKey(f))) seen.set(flowKey(f), f);
      return sim.trace(from, to, opts);
    },
  };
  searchCounterexamples(recording, invariants);
  return [...seen.values()];
}

/**
 * What a trace observably did, compactly: its disposition, and the device path of every leaf of
 * the request and of the reply, each with how it ended. Wording (which rule, which flow) is left
 * out: a fault that changes only why a packet took the same path to the same end is not observed.
 */
export function signature(t: Trace): string {
  const end = (d: Disposition) => {
    const what = d.kind === 'delivered' ? d.to : d.kind === 'answered' ? d.by : d.kind === 'no-route' ? d.destination : d.kind === 'exits' ? d.via : '';
    return `${d.direction === 'reply' ? 'reply ' : ''}${d.kind} ${what}@${d.at.device}@${d.at.host}`;
  };
  const walk = (b: Branch) => leaves(b).map(({ path, end: e }) => `${path.map((h) => `${h.device}@${h.host}`).join(' ')} ⇒ ${end(e)}`).join(' | ');
  return `${end(t.disposition)} :: ${walk(t.root)}${t.reply ? ` ⟲ ${walk(t.reply)}` : ''}`;
}

export interface Traced {
  traces: Map<string, Trace>;
  /** The signature of each trace (or the error the engine threw), in flow order. */
  signatures: string[];
  /** Flows whose tracing threw: an engine bug, since every fault leaves a data plane the engine must walk. */
  errors: { flow: FlowKey; message: string }[];
}

/** Traces every flow on `sim` in order (traces share the plane's learned state, as in a simulation). */
export function traceAll(sim: Simulation, flows: readonly FlowKey[]): Traced {
  const traces = new Map<string, Trace>();
  const signatures: string[] = [];
  const errors: Traced['errors'] = [];
  for (const f of flows) {
    try {
      const t = sim.trace(f.from, f.to, f.opts);
      traces.set(flowKey(f), t);
      signatures.push(signature(t));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ flow: f, message });
      signatures.push(`error: ${message}`);
    }
  }
  return { traces, signatures, errors };
}

/** `sim`, answering the flows already traced from their traces; any other flow is walked. */
export function replayed(sim: Simulation, traces: ReadonlyMap<string, Trace>): Simulation {
  return {
    ...sim,
    trace: (from, to, opts) => traces.get(flowKey(identity(from, to, opts))) ?? sim.trace(from, to, opts),
  };
}
