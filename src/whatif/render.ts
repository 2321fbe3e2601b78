import { indent } from '../assert/message';
import { cloudSummary } from '../check/render';
import { traceToJson } from '../trace/json';
import type { Trace } from '../trace/types';
import { renderMinimal } from '../trace/views/minimal';
import { printable } from '../util/printable';
import type { ChangeKind, Diff, FlowChange } from './diff';

export const CHANGE_TITLES: Record<ChangeKind, string> = { broken: 'newly broken', working: 'newly working', rerouted: 'rerouted' };
const MARK: Record<ChangeKind, string> = { broken: '✗', working: '✓', rerouted: '~' };
const KINDS = ['broken', 'working', 'rerouted'] as const;

export function changedFlowCount(d: Diff): number {
  return KINDS.reduce((n, k) => n + d[k].reduce((m, c) => m + c.flows.length, 0), 0);
}

/** `3 newly broken, 0 newly working, 2 rerouted`, counting flows. */
export function diffCounts(d: Diff): string {
  return KINDS.map((k) => `${d[k].reduce((n, c) => n + c.flows.length, 0)} ${CHANGE_TITLES[k]}`).join(', ');
}

/** The flows of a changed class, the traced one first, at most `max` of them. */
export function flowList(c: FlowChange, max = 6): string {
  const shown = c.flows.slice(0, max).join(', ');
  return c.flows.length > max ? `${shown} and ${c.flows.length - max} more alike` : shown;
}

function side(t: Trace | undefined, label: string, flow: string): string {
  if (!t) return `${label}: (no such flow in this cloud: its source or destination is missing)`;
  const walked = `${t.flow.from} → ${t.flow.to}`;
  // A class's walk may be another member's: say so rather than show a flow nobody asked about.
  const note = walked === flow ? '' : ` (walked as ${walked}, of the same class)`;
  return `${label}${note}:\n${indent(renderMinimal(t))}`;
}

/** One changed class: its flows, then the walk before and after, each in the minimal view. */
export function renderChange(c: FlowChange): string {
  return [`${MARK[c.kind]} ${flowList(c)}`, indent(side(c.base, 'before', c.flows[0])), indent(side(c.changed, 'after', c.flows[0]))].join('\n');
}

/**
 * What `netspec diff` prints: a summary line, then each group of changed flows with both walks.
 * `labels` name the two clouds (the CLI gives the files) ahead of their summaries.
 */
export function renderDiff(d: Diff, labels: { base?: string; changed?: string } = {}): string {
  const title = (label: string | undefined, c: Diff['base']) => (label === undefined ? cloudSummary(c.cloud) : `${label}: ${cloudSummary(c.cloud)}`);
  const lines = [`netspec diff: ${title(labels.base, d.base)} → ${title(labels.changed, d.changed)}`];
  if (d.changes.length) lines.push(`changes: ${d.changes.join(', ')}`);
  const { base, changed, reused } = d.walks;
  lines.push('', `${d.flows} flows compared: ${diffCounts(d)} (${base} walks in the base, ${changed} in the changed cloud, ${reused} unchanged by it; ${Math.round(d.durationMs)} ms)`);
  for (const k of KINDS) {
    if (!d[k].length) continue;
    lines.push('', `${CHANGE_TITLES[k]} (${d[k].reduce((n, c) => n + c.flows.length, 0)} flows):`);
    for (const c of d[k]) lines.push('', renderChange(c));
  }
  if (!changedFlowCount(d)) lines.push('', 'no flow changed its outcome or its path');
  // Names are data: one line each, whatever they hold.
  return lines.join('\n').split('\n').map(printable).join('\n');
}

/** The version of `netspec diff --json`'s shape; raised on any incompatible change. */
export const DIFF_JSON_SCHEMA_VERSION = 1;

/** `netspec diff --json`: the same facts, both walks in the trace JSON shape; no times, so runs print the same bytes. */
export function diffToJson(d: Diff): object {
  const change = (c: FlowChange) => ({
    flows: c.flows,
    base: c.base ? traceToJson(c.base) : null,
    changed: c.changed ? traceToJson(c.changed) : null,
  });
  return {
    schemaVersion: DIFF_JSON_SCHEMA_VERSION,
    base: d.base.cloud.name,
    changed: d.changed.cloud.name,
    changes: d.changes,
    flows: d.flows,
    changedFlows: changedFlowCount(d),
    broken: d.broken.map(change),
    working: d.working.map(change),
    rerouted: d.rerouted.map(change),
  };
}
