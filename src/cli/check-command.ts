import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertReportDirWritable, generateHtmlReport } from '../report/html';
import { assertResultsDirWritable, writeCheckResults } from '../report/check-results';
import { defaultHtmlDir, defaultResultsDir } from '../report/paths';
import { builtinInvariants } from '../invariants';
import { simulate } from '../simulation';
import { checkToJson, renderCheckTable } from '../check/render';
import { checkToJunit, writeJunit } from '../check/junit';
import { runCheck } from '../check/run';
import type { Shard } from '../invariants/types';
import { resolveCheckJob, type CheckJob } from './check-job';
import { readCaptured } from '../captured';
import { loadCloud } from './load-cloud';
import { checkOnWorkers } from './check-workers';
import { progressBar } from './progress';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';

export const CHECK_USAGE = `usage: netspec check [--topology FILE] [--captured DIR] [--only NAME[,NAME...]] [--json [--timings]] [--all] [--report] [--results DIR]
                     [--out DIR] [--junit FILE] [--intents FILE] [--invariants MODULE] [--workers N] [--shard I/N]

Realizes the cloud (the built-in reference cloud without --topology) and proves every built-in
invariant exhaustively: every instance pair, DHCP, metadata and the way out from every instance.
Flows that must behave alike are traced once per class. Prints a table and every counterexample.
  --only   run only these invariants: ${builtinInvariants.map((i) => i.name).join(', ')}
  --json   print the result as JSON: verdicts only, the same bytes on every run over the same cloud
  --timings  with --json: add how long each invariant took, in a separate "timings" object
  --all    report every violation, not only the first counterexample per invariant
  --results  where to write Allure results (default reports/allure-results, in the current directory)
  --report   also build the single-file HTML report, titled after the cloud
  --out      where --report writes it (default reports/html, in the current directory)
  --junit    also write JUnit XML to FILE, one test case per invariant
  --intents  also check what you intend: YAML of reachable/unreachable intents (see the README), one invariant each
  --invariants  also check the invariants a JavaScript or TypeScript module exports (defineFlowInvariant, ...)
  --workers  split the check over N worker threads (default 1), each loading the cloud itself
  --shard    check only share I of N (1-based, like jest --shard): run I = 1..N as the jobs of a CI
             matrix and merge their --results with 'netspec report --results A --results B ...'
  --captured  prove them on the state a capture holds (see netspec import --captured), judged
             against the logical cloud of --topology, else of the Neutron dump in DIR/openstack/
--json's shape is versioned (schemaVersion) and documented in docs/check-json.md.
Exit status: 0 when every invariant holds, 1 on a violation, 2 on invalid input.`;

export async function checkCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      topology: { type: 'string' }, captured: { type: 'string' }, only: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' },
      report: { type: 'boolean' }, results: { type: 'string' }, timings: { type: 'boolean' }, out: { type: 'string' }, junit: { type: 'string' },
      intents: { type: 'string' }, invariants: { type: 'string' }, workers: { type: 'string' }, shard: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) { out(CHECK_USAGE); return 0; }
  rejectEmptyPaths(values, { topology: 'file', captured: 'directory', results: 'directory', out: 'directory', junit: 'file', intents: 'file', invariants: 'file' });
  if (values.timings && !values.json) throw new UsageError('--timings goes with --json (the table always shows the times)');
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const workers = values.workers === undefined ? 1 : countOption('--workers', values.workers, 1, 64);
  const shard = values.shard === undefined ? undefined : shardOption(values.shard);
  const job: CheckJob = { topology: values.topology, only, intents: values.intents, invariants: values.invariants, allViolations: values.all };
  const captured = values.captured === undefined ? undefined : capturedCheck(values.captured, values.topology, workers, job);
  const { cloud, invariants } = captured ?? resolveCheckJob(job);
  // Where the results and the report go is checked before the work, not after it.
  const results = values.results ? path.resolve(values.results) : defaultResultsDir();
  assertResultsDirWritable(results);
  if (values.report) {
    const html = path.resolve(values.out ?? defaultHtmlDir());
    if (results === html || results.startsWith(html + path.sep)) throw new UsageError(`--out ${html} holds --results ${results}: the report would replace the results it is built from`);
    assertReportDirWritable(values.out);
  }
  const onProgress = values.json ? undefined : progressBar(process.stderr);
  const report = workers > 1
    ? { ...(await checkOnWorkers(job, workers, shard, onProgress)), ...(shard ? { shard } : {}) }
    : runCheck(captured ? simulate(cloud, captured.dataplane) : simulate(cloud), invariants, { allViolations: values.all, onProgress, shard });
  out(values.json ? JSON.stringify(checkToJson(cloud, report, { timings: values.timings }), null, 2) : renderCheckTable(cloud, report));
  if (values.junit) writeJunit(values.junit, checkToJunit(cloud, report));
  writeCheckResults(cloud, report, results);
  if (values.report) {
    const html = generateHtmlReport(results, values.out, { name: `netspec check: ${cloud.name}` });
    if (!values.json) out(`\nreport: ${html}`);
  }
  return report.holds ? 0 : 1;
}

/** The capture's plane and the cloud it is judged against; a capture without a logical cloud is a usage error. */
function capturedCheck(dir: string, topology: string | undefined, workers: number, job: CheckJob) {
  if (workers > 1) throw new UsageError('--captured runs in one thread: drop --workers');
  if (job.intents && !topology) throw new UsageError('--intents with --captured needs --topology FILE (the cloud the intents name)');
  const c = readCaptured(dir, { cloud: topology ? loadCloud(topology) : undefined });
  if (!c.cloud) throw new UsageError(`check --captured ${dir}: no logical cloud to judge it against: pass --topology FILE or put the Neutron dump in ${dir}/openstack/`);
  const { invariants } = resolveCheckJob(job);
  return { cloud: c.cloud, invariants, dataplane: c.dataplane };
}

/** A whole number option within bounds, or a usage error naming it. */
function countOption(name: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${name} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** `--shard I/N`, 1-based as a CI matrix counts; the shard returned is 0-based. */
function shardOption(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(n >= 1 && n <= 10_000 && i >= 1 && i <= n)) throw new UsageError(`--shard ${JSON.stringify(text)}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/4`);
  return { index: i - 1, count: n };
}
