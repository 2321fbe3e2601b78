/** What the fuzz run saw, case by case, and the summary it prints. */
export type Kind = 'topology' | 'dump';
export interface CaseReport {
  kind: Kind; n: number; ms: number; outcome: 'accepted' | 'rejected' | 'crash';
  rules: string[]; bad: string[]; error?: string; ops: string[];
}

const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 2000);
const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const int = (n: number) => n.toLocaleString('en-US');

export class Tally {
  private readonly cases = new Map<Kind, Map<string, number>>([['topology', new Map()], ['dump', new Map()]]);
  private readonly rules = new Map<Kind, Map<string, number>>([['topology', new Map()], ['dump', new Map()]]);
  /** Distinct crashes (by first line), with the first case that showed each. */
  readonly crashes = new Map<string, { first: CaseReport; times: number }>();
  readonly bad: CaseReport[] = [];
  readonly hangs: string[] = [];
  readonly slow: CaseReport[] = [];
  readonly errors: string[] = [];
  private maxMs = 0;

  add(c: CaseReport): void {
    count(this.cases.get(c.kind)!, c.outcome);
    for (const r of c.rules) count(this.rules.get(c.kind)!, r);
    this.maxMs = Math.max(this.maxMs, c.ms);
    if (c.error !== undefined) {
      const key = `${c.kind}: ${c.error.split('\n')[0]}`;
      const seen = this.crashes.get(key);
      if (seen) seen.times++; else this.crashes.set(key, { first: c, times: 1 });
    }
    if (c.bad.length) this.bad.push(c);
    if (c.ms > SLOW_MS) this.slow.push(c);
  }
  hang(kind: Kind, n: number): void { this.hangs.push(`${kind}:${n}`); }
  workerError(e: Error): void { this.errors.push(`${e.name}: ${e.message}`); }
  get clean(): boolean { return !this.crashes.size && !this.bad.length && !this.hangs.length && !this.errors.length; }

  render(seed: number, workers: number, wallMs: number, peakRss: number): string {
    const lines = [`netspec fuzz: seed ${seed}, ${workers} worker(s), ${(wallMs / 1000).toFixed(1)} s wall, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, slowest case ${this.maxMs.toFixed(0)} ms`];
    for (const kind of ['topology', 'dump'] as const) {
      const c = this.cases.get(kind)!;
      const total = [...c.values()].reduce((a, b) => a + b, 0);
      lines.push('', `${kind === 'topology' ? 'topologies' : 'OpenStack dumps'}: ${int(total)} cases, ${int(c.get('accepted') ?? 0)} accepted, ${int(c.get('rejected') ?? 0)} rejected, ${int(c.get('crash') ?? 0)} crashed`);
      const byRule = [...this.rules.get(kind)!].sort((a, b) => b[1] - a[1]);
      if (byRule.length) lines.push(`  rejected by rule (cases naming it): ${byRule.map(([r, n]) => `${r} ${int(n)}`).join(', ')}`);
    }
    lines.push('', `crashes: ${this.crashes.size} distinct`, `rejections without file, path or rule, or reading "undefined": ${this.bad.length}`,
      `hangs (no answer in ${process.env.FUZZ_HANG_MS ?? 20000} ms): ${this.hangs.length}${this.hangs.length ? ` (${this.hangs.slice(0, 10).join(', ')})` : ''}`,
      `slow cases (> ${SLOW_MS} ms): ${this.slow.length}${this.slow.length ? ` (${this.slow.slice(0, 10).map((s) => `${s.kind}:${s.n} ${s.ms.toFixed(0)} ms`).join(', ')})` : ''}`);
    for (const [k, { first, times }] of [...this.crashes].slice(0, 20)) {
      lines.push('', `CRASH ×${times} ${k}`, `  replay: FUZZ_SEED=${seed} FUZZ_CASE=${first.kind}:${first.n} (mutations: ${first.ops.join(', ')})`, ...first.error!.split('\n').slice(1).map((l) => `  ${l}`));
    }
    for (const b of this.bad.slice(0, 10)) lines.push('', `BAD REJECTION ${b.kind}:${b.n} (${b.ops.join(', ')})`, ...b.bad.map((x) => `  ${x}`));
    for (const e of this.errors.slice(0, 5)) lines.push('', `WORKER ERROR ${e}`);
    return lines.join('\n');
  }
}
