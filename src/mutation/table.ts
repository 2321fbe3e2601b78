/** Plain-text rendering of a mutation report. */
import type { MutationReport } from './score';

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

export function renderReport(r: MutationReport): string {
  const rows: string[][] = [['fault kind', 'injected', 'equivalent', 'non-equiv', 'caught', 'missed', 'outcome/failing/path/floods', 'caught %', '+proposed', 'caught by']];
  const total = { injected: 0, equivalent: 0, caught: 0, missed: 0, outcome: 0, failing: 0, path: 0, branches: 0, proposed: 0 };
  const split = (m: Record<string, number>) => `${m.outcome}/${m.failing}/${m.path}/${m.branches}`;
  for (const k of r.kinds) {
    const nonEq = k.caught + k.missed;
    const by = Object.entries(k.caughtBy).sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ');
    rows.push([k.kind, String(k.injected), String(k.equivalent), String(nonEq), String(k.caught), String(k.missed), split(k.missedBy), pct(k.caught, nonEq), pct(k.caught + k.caughtByProposed, nonEq), by]);
    total.proposed += k.caughtByProposed;
    total.injected += k.injected; total.equivalent += k.equivalent; total.caught += k.caught; total.missed += k.missed;
    total.outcome += k.missedBy.outcome; total.failing += k.missedBy.failing; total.path += k.missedBy.path; total.branches += k.missedBy.branches;
  }
  rows.push(['total', String(total.injected), String(total.equivalent), String(total.caught + total.missed), String(total.caught), String(total.missed), split(total), pct(total.caught, total.caught + total.missed), pct(total.caught + total.proposed, total.caught + total.missed), '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(rows[rows.length - 1])];

  const proposed = new Map<string, number>();
  for (const k of r.kinds) for (const [n, c] of Object.entries(k.proposedBy)) proposed.set(n, (proposed.get(n) ?? 0) + c);
  if (proposed.size) {
    out.push('', 'missed mutants the proposed invariants (src/mutation/proposed) catch:');
    for (const [n, c] of [...proposed].sort((a, b) => b[1] - a[1])) out.push(`  ${n.padEnd(40)} ${c}`);
  }
  const misses = r.kinds.filter((k) => k.examples.length);
  if (misses.length) {
    out.push('', 'missed (non-equivalent) mutants, examples:');
    for (const k of misses) {
      for (const e of k.examples) {
        out.push(`  [${e.change === 'branches' ? 'floods' : e.change}] ${e.fault}${e.proposed.length ? `  (caught by proposed ${e.proposed.join(', ')})` : ''}\n      in ${e.cloud}\n      ${e.flow}: ${e.before}  →  ${e.after}`);
      }
    }
  }
  if (r.unhealthy.length) out.push('', `clouds left out (an invariant fails on the healthy cloud): ${r.unhealthy.length}`, ...r.unhealthy.slice(0, 5).map((u) => `  ${u}`));
  if (r.engineErrors.length) out.push('', `engine errors while tracing mutants: ${r.engineErrors.length}`, ...r.engineErrors.slice(0, 5).map((u) => `  ${u}`));
  return out.join('\n');
}
