import type { Flow, FlowAction, OvsBridge } from '../dataplane/types';
import { BRIDGE, TRUNK } from '../dataplane/names';
import { renderFlow } from '../captured/render-flows';
import { compareMultiset, type DriftSink } from './compare';
import { isProviderPatch } from './local-vlans';

/** How a bridge's own numbers read: local VLANs by network, tunnel ports by their remote. */
export interface BridgeReading {
  vlan: (vlan: number) => string;
  port: (name: string) => string;
}

/** A flow the switch learned from traffic (a `learn()` action's, with a timeout): state no agent wrote. */
export function isLearned(f: Flow): boolean {
  return f.hardTimeout !== undefined;
}

/**
 * A bridge's flow table, compared by meaning: each flow as ovs-ofctl prints it without cookie,
 * counters or duration, its local VLANs named by network, its ports by name (tunnel ports by
 * remote), the outputs of one copy-run in any order; the tables as multisets, so the same flows
 * in another order are equal. Learned flows are not compared (the caller says so).
 */
export function compareFlows(sink: DriftSink, node: string, expected: OvsBridge, actual: OvsBridge, e: BridgeReading, a: BridgeReading): void {
  compareMultiset(sink, { node, kind: 'flow', where: actual.name },
    expected.flows.filter((f) => !isLearned(f)).map((f) => flowText(expected.name, f, e)),
    actual.flows.filter((f) => !isLearned(f)).map((f) => flowText(actual.name, f, a)));
}

// VLAN ids are swapped for numbers no VLAN can be, rendered, then replaced by their reading.
const PLACEHOLDER = 7_000_000;

export function flowText(bridge: string, f: Flow, reading: BridgeReading): string {
  const labels: string[] = [];
  const mark = (vlan: number) => { labels.push(reading.vlan(vlan)); return PLACEHOLDER + labels.length - 1; };
  const trunk = bridge.startsWith(TRUNK.bridge);
  // Which VLAN ids are local: on br-tun all; on br-int all but a provider segment arriving from
  // its bridge; on a provider bridge the match, not the segment it writes; on a trunk bridge none.
  const localMatch = !trunk && f.match.vlan !== undefined && f.match.vlan > 0
    && !(bridge === BRIDGE.integration && isProviderPatch(f.match.inPort));
  const localSet = !trunk && (bridge === BRIDGE.integration || bridge === BRIDGE.tunnel);
  const match = localMatch ? { ...f.match, vlan: mark(f.match.vlan!) } : f.match;
  const actions = f.actions.map((x): FlowAction => (x.type === 'mod_vlan_vid' && localSet ? { ...x, vlan: mark(x.vlan) } : x));
  const text = renderFlow({ table: f.table, priority: f.priority, match, actions, ...(f.hardTimeout !== undefined ? { hardTimeout: f.hardTimeout } : {}) }, reading.port)
    .replace(/^\s*cookie=\S+ duration=\S+ /, '').replace(/ n_packets=\S+ n_bytes=\S+/, '').replace(/,(?= )/g, '');
  return sortOutputRuns(text).replace(new RegExp(`\\b${PLACEHOLDER / 1_000_000}\\d{6}\\b`, 'g'), (n) => labels[Number(n) - PLACEHOLDER]);
}

/** `output:a,output:b` sends a copy to each: their order means nothing, so it is sorted. */
function sortOutputRuns(text: string): string {
  const at = text.indexOf(' actions=');
  if (at < 0) return text;
  const head = text.slice(0, at + ' actions='.length);
  const parts = splitActions(text.slice(head.length));
  const out: string[] = [];
  for (let i = 0; i < parts.length;) {
    let j = i;
    while (j < parts.length && parts[j].startsWith('output:')) j++;
    if (j > i) { out.push(...parts.slice(i, j).sort()); i = j; } else out.push(parts[i++]);
  }
  return head + out.join(',');
}

/** Top-level comma-separated actions (commas inside `learn(...)` and `ct(...)` stay). */
function splitActions(text: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out;
}
