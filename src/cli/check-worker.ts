/**
 * One worker thread of `netspec check --workers N`: resolves the same job as the main thread (the
 * cloud is loaded and realized here, not sent), judges its shard and posts the report back, with
 * progress on the way. Traces in counterexamples are plain data and cross as structured clones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCheck } from '../check/run';
import type { Shard } from '../invariants/types';
import { simulate } from '../simulation';
import { resolveCheckJob, type CheckJob } from './check-job';

export type WorkerMessage =
  | { kind: 'progress'; done: number; total: number; label: string }
  | { kind: 'report'; report: ReturnType<typeof runCheck> }
  | { kind: 'error'; message: string };

const { job, shard } = workerData as { job: CheckJob; shard: Shard };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
try {
  const { cloud, invariants } = resolveCheckJob(job);
  const report = runCheck(simulate(cloud), invariants, {
    allViolations: job.allViolations, shard, onProgress: (done, total, label) => post({ kind: 'progress', done, total, label }),
  });
  post({ kind: 'report', report });
} catch (e) {
  post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
