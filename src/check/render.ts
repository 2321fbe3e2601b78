import type { Cloud } from '../model/types';
import { indent } from '../assert/message';
import type { CheckReport } from './run';
import { renderMinimal } from '../trace/views/minimal';
import { traceToJson } from '../trace/json';
import { printable } from '../util/printable';
import { invariantStatus } from '../invariants/status';

export function cloudSummary(c: Cloud): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return `${printable(c.name)} (${n(c.hosts.length, 'host')}, ${n(c.networks.length, 'network')}, ${n(c.routers.length, 'router')}, ${n(c.instances.length, 'instance')})`;
}

function ms(x: number): string {
  return x < 10 ? `${x.toFixed(1)} ms` : `${Math.round(x)} ms`;
}

const STATUS_TEXT = { holds: 'holds', violated: 'VIOLATED', 'not applicable': 'not applicable' } as const;

/** The table `netspec check` prints, then every counterexample drawn in the minimal view. */
export function renderCheckTable(cloud: Cloud, report: CheckReport): string {
  const rows = report.results.map((r) => [r.invariant, String(r.flows), String(r.classes), String(r.violations.length), ms(r.durationMs), STATUS_TEXT[invariantStatus(r)]]);
  const head = ['invariant', 'flows', 'classes', 'violations', 'time', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const share = report.shard ? `, shard ${report.shard.index + 1}/${report.shard.count}: only this share of the flows and cases` : '';
  const lines = [`netspec check: ${cloudSummary(cloud)}${share}`, '', fmt(head), ...rows.map(fmt), ''];
  const violated = report.results.filter((r) => !r.holds);
  const idle = report.results.filter((r) => invariantStatus(r) === 'not applicable');
  const flows = report.results.reduce((n, r) => n + r.flows, 0);
  const traced = report.results.reduce((n, r) => n + r.classes, 0);
  const held = report.results.length - violated.length - idle.length;
  lines.push(`${report.results.length} invariants: ${held} hold, ${violated.length} violated, ${idle.length} not applicable (${flows} flows, ${traced} traced, ${ms(report.durationMs)})`);
  if (idle.length) {
    const why = report.shard ? 'nothing of their kind in this share of the check; other shares may have some' : 'no flow of their kind in this cloud, so they judged nothing';
    lines.push(`not applicable (${why}): ${idle.map((r) => r.invariant).join(', ')}`);
  }
  for (const r of violated) {
    for (const v of r.violations) {
      lines.push('', `✗ ${r.invariant}: ${v.flow}: ${v.reason}`);
      if (v.trace) lines.push(...indent(renderMinimal(v.trace, { mark: new Set(v.hop ? [v.hop] : []) })).split('\n'));
    }
  }
  // Names are data: one line each, whatever they hold.
  return lines.map(printable).join('\n');
}

/** The version of `netspec check --json`'s shape (docs/check-json.md); raised on any incompatible change. */
export const CHECK_JSON_SCHEMA_VERSION = 1;

/**
 * `netspec check --json`: the same facts, with counterexample traces in the trace JSON shape.
 * Verdicts only by default, so two runs over the same cloud print the same bytes and CI can diff
 * them; with `timings`, the times follow in a separate `timings` object.
 */
export function checkToJson(cloud: Cloud, report: CheckReport, opts: { timings?: boolean } = {}): object {
  return {
    schemaVersion: CHECK_JSON_SCHEMA_VERSION,
    cloud: { name: cloud.name, hosts: cloud.hosts.length, networks: cloud.networks.length, routers: cloud.routers.length, instances: cloud.instances.length },
    holds: report.holds,
    complete: report.complete,
    ...(report.shard ? { shard: { index: report.shard.index + 1, count: report.shard.count } } : {}),
    invariants: report.results.map((r) => ({
      // `holds` only when something was judged: an invariant that saw no flow is not said to hold.
      name: r.invariant, description: r.description, status: invariantStatus(r), holds: r.holds && r.applicable, flows: r.flows, classes: r.classes,
      violations: r.violations.map((v) => ({ flow: v.flow, reason: v.reason, ...(v.trace ? { trace: traceToJson(v.trace) } : {}) })),
    })),
    ...(opts.timings ? {
      timings: { totalMs: report.durationMs, invariants: Object.fromEntries(report.results.map((r) => [r.invariant, r.durationMs])) },
    } : {}),
  };
}
