import type { InvariantResult } from '../invariants/types';
import { traceToJson } from '../trace/json';
import type { Hop, Trace } from '../trace/types';
import { renderMinimal } from '../trace/views/minimal';
import { attachmentName } from '../util/file-name';
import type { FlowChange } from '../whatif/diff';
import { renderChange } from '../whatif/render';
import { escapeXml } from './escape';
import { renderSvg } from './svg';

/**
 * Evidence for the Allure report. Everything here is a no-op (nothing rendered, nothing
 * loaded) unless the allure-jest environment installed its runtime in this test's global.
 */
export function allureActive(): boolean {
  return typeof (globalThis as { allureTestRuntime?: unknown }).allureTestRuntime === 'function';
}

type Sync = typeof import('allure-js-commons/sync');
let sync: Sync | undefined;
function allure(): Sync {
  // Loaded on first use, so a run without Allure never pays for it.
  return (sync ??= require('allure-js-commons/sync') as Sync);
}

const attached = new WeakMap<Trace, Set<string>>();

/** Attaches a trace as an SVG picture, its minimal view and its JSON, once per trace and marking. */
export function attachTrace(trace: Trace, failing: readonly Hop[] = [], name = trace.flow.from + ' → ' + trace.flow.to): void {
  if (!allureActive()) return;
  const key = failing.map((h) => `${h.host}/${h.device}`).join(',');
  const done = attached.get(trace) ?? new Set<string>();
  if (done.has(key)) return;
  done.add(key);
  attached.set(trace, done);
  const mark = new Set(failing);
  const a = allure();
  // Names are data: the report offers attachments for download under these names.
  a.attachment(attachmentName(name, 'path', 'svg'), renderSvg(trace, { failing: mark }), 'image/svg+xml');
  a.attachment(attachmentName(name, 'minimal', 'txt'), renderMinimal(trace, { mark }), 'text/plain');
  a.attachment(attachmentName(name, 'trace', 'json'), JSON.stringify(traceToJson(trace), null, 2), 'application/json');
}

/** Attaches an invariant's summary table and, when it failed, its counterexample. */
export function attachInvariant(result: InvariantResult): void {
  if (!allureActive()) return;
  const rows = [
    ['invariant', result.invariant], ['holds', String(result.holds && result.applicable)], ['applicable', String(result.applicable)], ['flows checked', String(result.flows)],
    ['classes traced', String(result.classes)], ['violations', String(result.violations.length)],
    ['time', `${result.durationMs.toFixed(1)} ms`],
  ];
  allure().attachment(attachmentName(result.invariant, 'summary', 'csv'), rows.map((r) => r.join(',')).join('\n'), 'text/csv');
  for (const v of result.violations) {
    if (v.trace) attachTrace(v.trace, v.hop ? [v.hop] : [], `counterexample ${v.flow}`);
  }
}

const attachedChanges = new WeakSet<FlowChange>();

/**
 * Attaches a changed class of flows: both walks side by side (the paths as pictures, before on
 * the left), the minimal views of both as text, and each walk on its own.
 */
export function attachChange(change: FlowChange): void {
  if (!allureActive() || attachedChanges.has(change)) return;
  attachedChanges.add(change);
  const name = change.flows[0];
  const cell = (label: string, t: Trace | undefined) => `<td style="vertical-align:top;padding:4px"><h4>${label}</h4>${t ? renderSvg(t) : '<p>no such flow in this cloud</p>'}</td>`;
  const html = `<!doctype html><meta charset="utf-8"><title>${escapeXml(name)}</title>`
    + `<p>${escapeXml(`${change.kind}: ${change.flows.slice(0, 20).join(', ')}${change.flows.length > 20 ? ', …' : ''}`)}</p>`
    + `<table><tr>${cell('before', change.base)}${cell('after', change.changed)}</tr></table>`;
  const a = allure();
  a.attachment(attachmentName(name, 'before-after', 'html'), html, 'text/html');
  a.attachment(attachmentName(name, 'before-after', 'txt'), renderChange(change), 'text/plain');
}
