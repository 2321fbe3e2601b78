import { runCheck } from '../src/check/run';
import { builtinInvariants } from '../src/invariants';
import { normalizeCloud } from '../src/model/normalize';
import { simulate } from '../src/simulation';
import { generateCloudSpec } from './generate-cloud';
import { timed } from './measure';
import { int, ms, table } from './table';

const SIZES = [
  { instances: 1000, computeHosts: 50, networks: 100 },
  { instances: 5000, computeHosts: 250, networks: 500 },
  { instances: 10000, computeHosts: 500, networks: 1000 },
];
const TARGET_10K_MS = 10_000;

/**
 * `netspec check` (every built-in invariant, every flow) on generated clouds of growing size,
 * each with a time budget so the bench always finishes: a run that hits it says how far it got.
 */
export function checkAtScale(budgetMs = Number(process.env.NETSPEC_BENCH_CHECK_BUDGET_MS ?? 120_000)): void {
  console.log(`== (c) netspec check at scale: every built-in invariant over every flow (budget ${ms(budgetMs)} per cloud)\n`);
  const rows: string[][] = [];
  const points: { n: number; ms: number }[] = [];
  for (const size of SIZES) {
    const spec = generateCloudSpec({ ...size, seed: 1 });
    const load = timed(() => simulate(normalizeCloud(spec, 'generated')));
    const check = timed(() => runCheck(load.value, builtinInvariants, { budgetMs }));
    const r = check.value;
    const flows = r.results.reduce((n, x) => n + x.flows, 0);
    // Every flow-level trace is judged by the invariants that apply to all flows, so the largest
    // per-invariant count is the number of distinct traces walked.
    const traced = Math.max(...r.results.map((x) => x.classes));
    if (r.complete) points.push({ n: size.instances, ms: check.ms });
    rows.push([
      `${int(size.instances)} instances, ${size.computeHosts} hosts, ${size.networks} networks`,
      ms(load.ms), r.complete ? ms(check.ms) : `> ${ms(budgetMs)} (stopped)`, int(flows), int(traced),
      r.complete ? (r.holds ? 'all hold' : 'VIOLATED') : 'incomplete',
      // The process's peak so far: the sizes grow, so it is this cloud's (load and check together).
      `${int(Math.round(process.resourceUsage().maxRSS / 1024))} MB`,
      size.instances === 10000 ? `< ${ms(TARGET_10K_MS)} ${r.complete && check.ms < TARGET_10K_MS ? 'PASS' : 'MISS'}` : '',
    ]);
  }
  console.log(table(['cloud', 'load + realize', 'check', 'invariant·flows judged', 'traces', 'verdict', 'peak RSS', 'target'], rows));
  if (points.length >= 2) {
    const [a, b] = [points[0], points[points.length - 1]];
    const exponent = Math.log(b.ms / a.ms) / Math.log(b.n / a.n);
    console.log(`\ngrowth: time ∝ instances^${exponent.toFixed(2)} between ${int(a.n)} and ${int(b.n)} instances`);
  }
  console.log('flows judged count each (invariant, flow) once; traces = distinct flows actually walked (one per class of alike flows).\n');
}
