/** Plain-text rendering of a mutation report. */
import type { MutationReport } from './score';

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

/** The table per fault kind: mutants, caught, observable but missed, equivalent, and the score caught / observable (`placed`: only kinds with a mutant). */
export function renderTable(r: MutationReport, o: { placed?: boolean } = {}): string {
  const proposed = r.kinds.some((k) => k.caughtByProposed > 0);
  const head = ['fault kind', 'mutants', 'caught', 'obs. missed', 'equivalent', 'score', ...(proposed ? ['+proposed'] : []), 'caught by (top 3)'];
  const rows: string[][] = [head];
  const total = { mutants: 0, caught: 0, missed: 0, equivalent: 0, proposed: 0 };
  for (const k of o.placed ? r.kinds.filter((x) => x.mutants > 0) : r.kinds) {
    const observable = k.caught + k.missed;
    const by = Object.entries(k.caughtBy).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([n, c]) => `${n} ${c}`).join(', ');
    rows.push([k.kind, String(k.mutants), String(k.caught), String(k.missed), String(k.equivalent), pct(k.caught, observable),
      ...(proposed ? [pct(k.caught + k.caughtByProposed, observable)] : []), by]);
    total.mutants += k.mutants; total.caught += k.caught; total.missed += k.missed; total.equivalent += k.equivalent; total.proposed += k.caughtByProposed;
  }
  const all = total.caught + total.missed;
  rows.push(['total', String(total.mutants), String(total.caught), String(total.missed), String(total.equivalent), pct(total.caught, all),
    ...(proposed ? [pct(total.caught + total.proposed, all)] : []), '']);
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1])];
  const unsigned = r.kinds.filter((k) => k.caughtUnsigned > 0);
  if (unsigned.length) {
    out.push(`caught though no flow's signature changed (a state invariant, or a detail of a path): ${unsigned.reduce((n, k) => n + k.caughtUnsigned, 0)} `
      + `(${unsigned.map((k) => `${k.kind} ${k.caughtUnsigned}`).join(', ')})`);
  }
  return out.join('\n');
}

/** Every observable mutant no invariant caught (they show which invariants are missing), then what went wrong running. */
export function renderMissed(r: MutationReport, limit = Infinity): string {
  const out: string[] = [];
  if (r.missed.length) {
    out.push(`observable but missed: ${r.missed.length}`);
    for (const m of r.missed.slice(0, limit)) {
      const how = `${m.pathOnly ? `${m.before} (path changed)` : `${m.before}  →  ${m.after}`}${m.failingBefore ? ' (failing already)' : ''}`;
      out.push(`  ${m.fault}${m.proposed.length ? `  (caught by proposed ${m.proposed.join(', ')})` : ''}\n      in ${m.cloud}; ${m.flows} flow${m.flows === 1 ? '' : 's'} changed, first ${m.flow}: ${how}`);
    }
    if (r.missed.length > limit) out.push(`  … and ${r.missed.length - limit} more`);
  } else out.push('observable but missed: none');
  if (r.unhealthy.length) out.push(`clouds left out (an invariant fails on the healthy cloud): ${r.unhealthy.length}`, ...r.unhealthy.slice(0, 5).map((u) => `  ${u}`));
  if (r.engineErrors.length) out.push(`engine errors while tracing mutants: ${r.engineErrors.length}`, ...r.engineErrors.slice(0, 5).map((u) => `  ${u}`));
  return out.join('\n');
}
