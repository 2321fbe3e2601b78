import type { DriftItem, DriftReport } from './types';

const STATUS: Record<DriftItem['status'], string> = { missing: 'missing in capture', extra: 'only in capture', differs: 'differs' };

/**
 * The report as a table: per node, per kind of state and device, one line per item, marked
 * `missing in capture`, `only in capture` or `differs: field a → b` (a: what realize builds,
 * b: what the capture holds); then what was not compared, each reason once.
 */
export function renderDrift(r: DriftReport): string {
  const total = Object.values(r.compared).reduce((n, x) => n + (x ?? 0), 0);
  const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const out: string[] = [r.items.length
    ? `drift of cloud ${r.cloud}: ${count(r.items.length, 'item')} differ (${count(total, 'item')} compared on ${count(r.nodes.length, 'node')})`
    : `no drift in cloud ${r.cloud}: ${count(total, 'item')} compared on ${count(r.nodes.length, 'node')}`];
  const width = Math.max(...Object.values(STATUS).map((s) => s.length));
  let node: string | undefined, group: string | undefined;
  for (const i of r.items) {
    if (i.node !== node) { out.push('', i.node); node = i.node; group = undefined; }
    const g = `${i.kind}${i.where !== undefined ? `  ${i.where}` : ''}`;
    if (g !== group) { out.push(`  ${g}`); group = g; }
    const fields = i.fields?.map((f) => `${f.field} ${f.expected} → ${f.actual}`).join('; ');
    out.push(`    ${STATUS[i.status].padEnd(width)}  ${i.item}${fields ? `: ${fields}` : ''}`);
  }
  if (r.notCompared.length) {
    out.push('', 'not compared:');
    for (const n of r.notCompared) out.push(`  - ${n.node !== undefined ? `${n.node}: ` : ''}${n.what}${n.count !== undefined && n.count > 1 ? ` (${n.count.toLocaleString('en-US')})` : ''}`);
  }
  return out.join('\n');
}

/** The version of the JSON shape (docs/drift-json.md), raised on any incompatible change. */
export const DRIFT_JSON_SCHEMA_VERSION = 1;

/** The JSON form (docs/drift-json.md): the report with `drift` saying whether any item differs. */
export function driftToJson(r: DriftReport): { schemaVersion: number; drift: boolean } & DriftReport {
  return { schemaVersion: DRIFT_JSON_SCHEMA_VERSION, drift: r.items.length > 0, ...r };
}
