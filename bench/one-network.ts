/**
 * One network over many hosts (`oneNetworkCloudSpec`): a broadcast reaches every host, and each
 * host holds a tunnel port, a flow and a flood output per peer (N² in all). Each size runs in its
 * own process so its peak RSS is its own: normalize + realize, the first trace (compiling what it
 * meets), then `netspec check` with every built-in invariant under the bench's time budget.
 *
 *   node dist/bench/one-network.js 2500      one size, a JSON line
 */
import { spawnSync } from 'node:child_process';
import { runCheck } from '../src/check/run';
import { builtinInvariants } from '../src/invariants';
import { normalizeCloud } from '../src/model/normalize';
import { simulate } from '../src/simulation';
import { oneNetworkCloudSpec } from '../src/testing/one-network-cloud';
import { mb, peakRss, timed } from './measure';
import { int, ms, table } from './table';

const SIZES = [100, 200, 2500];

interface Figures {
  hosts: number;
  simulateMs: number;
  simulateRss: number;
  firstTraceMs: number;
  checkMs: number;
  complete: boolean;
  holds: boolean;
  traces: number;
  flows: number;
  peakRss: number;
}

function measure(hosts: number, budgetMs: number): Figures {
  // Phases go to stderr as they end, so a child that dies says how far it got.
  const phase = (name: string, t: { ms: number }) => console.error(`${name} ${ms(t.ms)}, peak rss ${mb(peakRss())}`);
  const sim = timed(() => simulate(normalizeCloud(oneNetworkCloudSpec(hosts), 'one-network')));
  phase('simulate', sim);
  const simulateRss = peakRss();
  const first = timed(() => sim.value.trace('vm1', 'vm2'));
  phase('first trace', first);
  const check = timed(() => runCheck(sim.value, builtinInvariants, { budgetMs }));
  phase('check', check);
  const r = check.value;
  return {
    hosts, simulateMs: sim.ms, simulateRss, firstTraceMs: first.ms, checkMs: check.ms, complete: r.complete, holds: r.holds,
    // Every flow-level trace is judged by the invariants about all flows: the largest count is the traces walked.
    traces: Math.max(...r.results.map((x) => x.classes)), flows: r.results.reduce((n, x) => n + x.flows, 0), peakRss: peakRss(),
  };
}

/** Runs every size in a child process; a child that dies (out of memory) is reported, not fatal. */
export function oneNetworkAtScale(budgetMs = Number(process.env.NETSPEC_BENCH_CHECK_BUDGET_MS ?? 120_000)): void {
  console.log(`== (d) one network over N hosts: simulate, first trace, check (budget ${ms(budgetMs)}), each size in its own process\n`);
  const rows = SIZES.map((hosts) => {
    const child = spawnSync(process.execPath, [__filename, String(hosts)], {
      encoding: 'utf8', env: { ...process.env, NETSPEC_BENCH_CHECK_BUDGET_MS: String(budgetMs) }, maxBuffer: 1 << 20,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      const err = child.stderr.split('\n');
      const why = err.find((l) => /heap out of memory|Error/.test(l)) ?? child.signal ?? `exit ${child.status}`;
      const reached = err.filter((l) => /^(simulate|first trace|check) /.test(l)).pop() ?? 'no phase finished';
      return [`${int(hosts)} hosts`, 'failed', '', '', '', '', `${String(why).trim().slice(0, 50)} (after: ${reached})`, ''];
    }
    const f = JSON.parse(line) as Figures;
    return [
      `${int(f.hosts)} hosts`, ms(f.simulateMs), mb(f.simulateRss), ms(f.firstTraceMs),
      f.complete ? ms(f.checkMs) : `> ${ms(budgetMs)} (stopped)`, `${int(f.traces)}`,
      f.complete ? (f.holds ? 'all hold' : 'VIOLATED') : 'incomplete', mb(f.peakRss),
    ];
  });
  console.log(table(['cloud', 'simulate', 'rss after', 'first trace', 'check', 'traces', 'verdict', 'peak rss'], rows));
  console.log('simulate = normalize + realize; traces = distinct flows the check walked (one per class of alike flows).\n');
}

if (require.main === module) {
  const hosts = Number(process.argv[2]);
  if (hosts) console.log(JSON.stringify(measure(hosts, Number(process.env.NETSPEC_BENCH_CHECK_BUDGET_MS ?? 120_000))));
  else oneNetworkAtScale();
}
