import type { Trace } from './types';

/** Bumped whenever the JSON shape changes incompatibly (docs/trace-json.md). */
export const TRACE_JSON_VERSION = 1;

/**
 * The documented JSON shape: `{ version, flow, disposition, root, reply? }` where a branch is
 * `{ hops, forks, end? }` and a hop is `{ host, device, kind, role?, owner?, in?, out?, vlan,
 * tunId, steps }`. Steps carry the flow/rule/listener that caused them as plain data.
 */
export function traceToJson(t: Trace): object {
  return { version: TRACE_JSON_VERSION, flow: t.flow, disposition: t.disposition, root: t.root, ...(t.reply ? { reply: t.reply } : {}) };
}
