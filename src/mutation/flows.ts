/**
 * Every flow a cloud has (each instance to every other instance, to the internet, DHCP and
 * metadata) and their traces, in one fixed order so that two data planes can be compared flow by
 * flow.
 */
import type { Dataplane, Listener } from '../dataplane/types';
import { traceFlow } from '../flows';
import { traceToJson } from '../trace/json';
import type { Trace } from '../trace/types';

export interface FlowKey { from: string; to: string }

export function allFlows(dp: Dataplane): FlowKey[] {
  const names = dp.endpoints.instances.map((e) => e.name);
  return [
    ...names.flatMap((from) => names.filter((to) => to !== from).map((to) => ({ from, to }))),
    ...names.flatMap((from) => ['internet', 'dhcp', 'metadata'].map((to) => ({ from, to }))),
  ];
}

export const flowKey = (f: FlowKey) => `${f.from}\u0000${f.to}`;

/**
 * A trace as text for comparing two data planes: its JSON, except that a `deliver` step names
 * the listener (process, socket, whether it runs) without its whole configuration. dnsmasq's
 * hosts file rides along in every delivery to dnsmasq, so removing an entry nobody asks for would
 * otherwise count as a change; the entry a request matched is in the `dhcp` step anyway.
 */
export function canonical(t: Trace): string {
  return JSON.stringify(traceToJson(t), (key, value: unknown) => {
    if (key !== 'listener' || typeof value !== 'object' || value === null) return value;
    const l = value as Listener;
    return { process: l.process, proto: l.proto, ip: l.ip, port: l.port, path: l.path, running: l.running, kind: l.behaviour.kind };
  });
}

export interface Traced {
  traces: Map<string, Trace>;
  /** The JSON of each trace (or the error the engine threw), for comparing data planes. */
  texts: string[];
  /** Flows whose tracing threw: an engine bug, since every fault leaves a data plane the engine must walk. */
  errors: { flow: FlowKey; message: string }[];
}

/** Traces every flow on `dp` in order (traces share the plane's learned state, as in a simulation). */
export function traceAll(dp: Dataplane, flows: readonly FlowKey[]): Traced {
  const traces = new Map<string, Trace>();
  const texts: string[] = [];
  const errors: Traced['errors'] = [];
  for (const f of flows) {
    try {
      const t = traceFlow(dp, f.from, f.to);
      traces.set(flowKey(f), t);
      texts.push(canonical(t));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ flow: f, message });
      texts.push(`error: ${message}`);
    }
  }
  return { traces, texts, errors };
}
