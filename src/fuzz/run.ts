/**
 * `npm run fuzz`: mutated topologies and OpenStack dumps through the public API (see cases.ts),
 * on worker threads with a watchdog: a case that sends no answer within FUZZ_HANG_MS is a hang,
 * its worker is replaced and the run goes on. Prints cases, accepted, rejected by rule, crashes,
 * bad rejections (an issue without file, path or rule, or a message reading "undefined"), hangs,
 * slow cases and peak memory; exits 1 on any crash, hang or bad rejection.
 *
 *   FUZZ_TOPOLOGIES=100000 FUZZ_DUMPS=10000 FUZZ_SEED=1 FUZZ_WORKERS=2 npm run fuzz
 *   FUZZ_CASE=topology:1234 npm run fuzz     # replay one case and print it in full
 */
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { dumpCase, dumpSeeds, topologyCase, topologySeeds, type Outcome } from './cases';
import { Tally, type CaseReport, type Kind } from './tally';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SEED = env('FUZZ_SEED', 1);
const HANG_MS = env('FUZZ_HANG_MS', 20_000);
const CHUNK = 200;

interface Job { kind: Kind; start: number; end: number }

function report(kind: Kind, n: number, o: Outcome & { ops: string[] }, ms: number): CaseReport {
  return { kind, n, ms, outcome: o.kind, rules: o.kind === 'rejected' ? o.rules : [],
    bad: o.kind === 'rejected' ? o.bad : [], error: o.kind === 'crash' ? o.error : undefined, ops: o.ops };
}

function workerMain(): void {
  const topo = topologySeeds(), dumps = dumpSeeds();
  const dir = join(tmpdir(), `netspec-fuzz-${process.pid}-${(workerData as { id: number }).id}`);
  parentPort!.on('message', (job: Job | null) => {
    if (!job) return process.exit(0);
    for (let n = job.start; n < job.end; n++) {
      const t = performance.now();
      const o = job.kind === 'topology' ? topologyCase(topo, SEED, n) : dumpCase(dumps, SEED, n, join(dir, String(n % 2)));
      parentPort!.postMessage(report(job.kind, n, o, performance.now() - t));
    }
    parentPort!.postMessage({ done: true });
  });
  parentPort!.postMessage({ done: true }); // ready: loading the seeds is not part of any case's time
}

function jobs(kind: Kind, count: number): Job[] {
  const out: Job[] = [];
  for (let s = 0; s < count; s += CHUNK) out.push({ kind, start: s, end: Math.min(count, s + CHUNK) });
  return out;
}

async function main(): Promise<void> {
  const one = process.env.FUZZ_CASE;
  if (one) {
    const [kind, n] = one.split(':');
    const o = kind === 'dump' ? dumpCase(dumpSeeds(), SEED, Number(n), join(tmpdir(), 'netspec-fuzz-replay')) : topologyCase(topologySeeds(), SEED, Number(n));
    console.log(JSON.stringify(o, null, 2));
    return;
  }
  const queue = [...jobs('topology', env('FUZZ_TOPOLOGIES', 100_000)), ...jobs('dump', env('FUZZ_DUMPS', 10_000))];
  const tally = new Tally();
  const started = performance.now();
  let id = 0;
  const spawn = (): Promise<void> => new Promise((done) => {
    const w = new Worker(__filename, { workerData: { id: id++ } });
    let job: Job | undefined, next = 0, last = performance.now(), replaced = false;
    const give = () => {
      job = queue.shift();
      if (!job) { w.postMessage(null); return; }
      next = job.start; last = performance.now();
      w.postMessage(job);
    };
    const watchdog = setInterval(() => {
      if (!job || performance.now() - last < HANG_MS) return;
      tally.hang(job.kind, next);
      clearInterval(watchdog);
      // The rest of the chunk goes back to the queue; a fresh worker takes over.
      if (next + 1 < job.end) queue.unshift({ ...job, start: next + 1 });
      job = undefined;
      replaced = true;
      void w.terminate().then(() => spawn().then(done));
    }, 500);
    w.on('message', (m: CaseReport | { done: true }) => {
      last = performance.now();
      if ('done' in m) return give();
      tally.add(m);
      next = m.n + 1;
    });
    w.on('error', (e) => { tally.workerError(e); });
    w.on('exit', () => { clearInterval(watchdog); if (!replaced) done(); });
  });
  const workers = env('FUZZ_WORKERS', Math.max(1, availableParallelism()));
  await Promise.all(Array.from({ length: workers }, spawn));
  console.log(tally.render(SEED, workers, performance.now() - started, process.resourceUsage().maxRSS * 1024));
  if (!tally.clean) process.exitCode = 1;
}

if (isMainThread) void main();
else workerMain();
