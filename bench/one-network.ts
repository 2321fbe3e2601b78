/**
 * One network over many hosts (`oneNetworkCloudSpec`): a broadcast reaches every host, and each
 * host holds a tunnel port, a flow and a flood output per peer (N² in all). Each size runs in its
 * own process so its peak RSS is its own: normalize + realize (booting every guest by DHCP), the
 * first trace (compiling what it meets), then `netspec check` with every built-in invariant under
 * the bench's time budget. A size that outlives its time limit is stopped and says how far it got.
 *
 *   node dist/bench/one-network.js 2500      one size, a JSON line
 *
 * NETSPEC_BENCH_CHECK_BUDGET_MS (default 120 s) bounds the check, NETSPEC_BENCH_SIZE_LIMIT_MS
 * (default 600 s) a whole size, NETSPEC_BENCH_ONE_NETWORK_SIZES (e.g. `100,200`) picks the sizes.
 */
import { spawnSync } from 'node:child_process';
import { runCheck } from '../src/check/run';
import { builtinInvariants } from '../src/invariants';
import { normalizeCloud } from '../src/model/normalize';
import { simulate } from '../src/simulation';
import { oneNetworkCloudSpec } from '../src/testing/one-network-cloud';
import { mb, peakRss, timed } from './measure';
import { int, ms, table } from './table';

const SIZES = (process.env.NETSPEC_BENCH_ONE_NETWORK_SIZES ?? '100,500,2500').split(',').map(Number);
const SIZE_LIMIT_MS = Number(process.env.NETSPEC_BENCH_SIZE_LIMIT_MS ?? 600_000);

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
  /** CPU time of the whole child (user + system): less disturbed by other processes than wall time. */
  cpuMs: number;
}

/** User + system CPU time of this process so far. */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function measure(hosts: number, budgetMs: number): Figures {
  // Phases go to stderr as they end, so a child that dies says how far it got.
  const phase = (name: string, t: { ms: number }) => console.error(`${name} ${ms(t.ms)}, peak rss ${mb(peakRss())}`);
  const t0 = performance.now();
  const sim = timed(() => simulate(normalizeCloud(oneNetworkCloudSpec(hosts), 'one-network')));
  phase('simulate', sim);
  const simulateRss = peakRss();
  const first = timed(() => sim.value.trace('vm1', 'vm2'));
  phase('first trace', first);
  let lastReport = 0;
  const onProgress = (done: number, total: number) => {
    if (performance.now() - lastReport < 10_000) return;
    lastReport = performance.now();
    console.error(`checking ${done}/${total} sources at ${ms(performance.now() - t0)}, peak rss ${mb(peakRss())}`);
  };
  const check = timed(() => runCheck(sim.value, builtinInvariants, { budgetMs, onProgress }));
  phase('check', check);
  const r = check.value;
  return {
    hosts, simulateMs: sim.ms, simulateRss, firstTraceMs: first.ms, checkMs: check.ms, complete: r.complete, holds: r.holds,
    // Every flow-level trace is judged by the invariants about all flows: the largest count is the traces walked.
    traces: Math.max(...r.results.map((x) => x.classes)), flows: r.results.reduce((n, x) => n + x.flows, 0), peakRss: peakRss(), cpuMs: cpuMs(),
  };
}

/** Runs every size in a child process; a child that dies (out of memory) is reported, not fatal. */
export function oneNetworkAtScale(budgetMs = Number(process.env.NETSPEC_BENCH_CHECK_BUDGET_MS ?? 120_000)): void {
  console.log(`== (d) one network over N hosts: simulate, first trace, check (budget ${ms(budgetMs)}), each size in its own process (limit ${ms(SIZE_LIMIT_MS)})\n`);
  const rows = SIZES.map((hosts) => {
    const child = spawnSync(process.execPath, [__filename, String(hosts)], {
      encoding: 'utf8', env: { ...process.env, NETSPEC_BENCH_CHECK_BUDGET_MS: String(budgetMs) }, maxBuffer: 1 << 24, timeout: SIZE_LIMIT_MS,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      const err = child.stderr.split('\n');
      const why = err.find((l) => /heap out of memory|Error/.test(l))
        ?? (child.error && /ETIMEDOUT/.test(String(child.error)) ? `stopped at the ${ms(SIZE_LIMIT_MS)} limit` : undefined)
        ?? child.signal ?? `exit ${child.status}`;
      const reached = err.filter((l) => /^(simulate|first trace|check|checking) /.test(l)).pop() ?? 'no phase finished';
      return [`${int(hosts)} hosts`, 'failed', '', '', '', '', `${String(why).trim().slice(0, 50)} (after: ${reached})`, '', ''];
    }
    const f = JSON.parse(line) as Figures;
    return [
      `${int(f.hosts)} hosts`, ms(f.simulateMs), mb(f.simulateRss), ms(f.firstTraceMs),
      f.complete ? ms(f.checkMs) : `> ${ms(budgetMs)} (stopped)`, `${int(f.traces)}`,
      f.complete ? (f.holds ? 'all hold' : 'VIOLATED') : 'incomplete', mb(f.peakRss), ms(f.cpuMs),
    ];
  });
  console.log(table(['cloud', 'simulate', 'rss after', 'first trace', 'check', 'traces', 'verdict', 'peak rss', 'cpu'], rows));
  console.log('simulate = normalize + realize + booting the guests; traces = distinct flows the check walked (one per class of alike flows);');
  console.log('cpu = user + system time of the size\'s process.\n');
}

if (require.main === module) {
  const hosts = Number(process.argv[2]);
  if (hosts) console.log(JSON.stringify(measure(hosts, Number(process.env.NETSPEC_BENCH_CHECK_BUDGET_MS ?? 120_000))));
  else oneNetworkAtScale();
}
