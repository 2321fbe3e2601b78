import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mergeReports } from '../check/merge';
import type { CheckReport } from '../check/run';
import type { Shard } from '../invariants/types';
import type { CheckJob } from './check-job';
import type { WorkerMessage } from './check-worker';

/**
 * Runs one check on `count` worker threads, shard k of `within` on worker k (within a shard of a
 * CI matrix, the workers split that shard further), and merges their reports. Progress is the
 * sum over the workers.
 */
export async function checkOnWorkers(job: CheckJob, count: number, within: Shard | undefined,
  onProgress?: (done: number, total: number, label: string) => void): Promise<CheckReport> {
  const outer = within ?? { index: 0, count: 1 };
  const done = new Array<number>(count).fill(0);
  const total = new Array<number>(count).fill(0);
  const workers: Worker[] = [];
  // The first failure ends every worker: none is left running behind an error.
  const stopAll = () => { for (const w of workers) void w.terminate(); };
  const reports = await Promise.all(Array.from({ length: count }, (_, k) => {
    // Worker k of shard i/n judges shard i + k·n of n·count: the shares stay disjoint and complete.
    const shard = { index: outer.index + k * outer.count, count: outer.count * count };
    return new Promise<CheckReport>((resolve, reject) => {
      const w = new Worker(workerFile(), { workerData: { job, shard }, ...workerOptions() });
      workers.push(w);
      let settled = false;
      const fail = (e: Error) => { if (!settled) { settled = true; stopAll(); reject(e); } };
      w.on('message', (m: WorkerMessage) => {
        if (m.kind === 'progress') {
          done[k] = m.done;
          total[k] = m.total;
          onProgress?.(sum(done), sum(total), m.label);
        } else if (m.kind === 'report') { settled = true; resolve(m.report); }
        else fail(new Error(m.message));
      });
      w.on('error', fail);
      // Ending without a report (an invariant module calling process.exit, say) is a failure too.
      w.on('exit', (code) => fail(new Error(`check worker ${k + 1} exited with ${code} before its report`)));
    });
  }));
  return mergeReports(reports, job.allViolations ? Infinity : 1);
}

/** The compiled worker next to this file; under a TypeScript runner, its source. */
function workerFile(): string {
  const js = path.join(__dirname, 'check-worker.js');
  return existsSync(js) ? js : path.join(__dirname, 'check-worker.ts');
}

function workerOptions(): { execArgv?: string[] } {
  return workerFile().endsWith('.ts') ? { execArgv: ['--require', 'esbuild-register'] } : {};
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
