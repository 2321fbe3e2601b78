import path from 'node:path';
import { ALLURE_RESULTS } from './paths';
import { isAllureResultFile } from './allure-files';
import { assertOutputDirWritable, replaceOutputDir, type OutputDirOptions } from './output-dir';
import { createHash } from 'node:crypto';
import type { Cloud } from '../model/types';
import type { CheckReport } from '../check/run';
import { cloudSummary } from '../check/render';
import { renderMinimal } from '../trace/views/minimal';
import { traceToJson } from '../trace/json';
import { renderSvg } from './svg';
import { environmentInfo } from './environment-info';
import { attachmentName } from '../util/file-name';
import { invariantStatus, NOT_APPLICABLE_REASON } from '../invariants/status';

/**
 * Writes `netspec check`'s verdicts as Allure results, one test per invariant, so the same HTML
 * report shows a check run: the summary table, and each counterexample drawn as a picture.
 */
export function writeCheckResults(cloud: Cloud, report: CheckReport, resultsDir: string): void {
  // A check replaces the results of the previous check; never those of a test run in progress.
  if ((globalThis as { allureTestRuntime?: unknown }).allureTestRuntime && path.resolve(resultsDir) === ALLURE_RESULTS) {
    throw new Error(`netspec check inside an Allure test run must write its results elsewhere than ${ALLURE_RESULTS} (use --results)`);
  }
  // Written whole into a new directory, then renamed into place: never a half-written result set,
  // never a user's file deleted (see output-dir.ts).
  replaceOutputDir(resultsDir, resultsDirOptions(resultsDir), (dir) => writeResults(cloud, report, dir));
}

/** Before a check runs: would its results be refused? (`netspec check` fails before the work.) */
export function assertResultsDirWritable(resultsDir: string): void {
  assertOutputDirWritable(resultsDir, resultsDirOptions(resultsDir));
}

function resultsDirOptions(resultsDir: string): OutputDirOptions {
  return { what: 'Allure results', legacy: path.resolve(resultsDir) === ALLURE_RESULTS ? isAllureResultFile : undefined };
}

function writeResults(cloud: Cloud, report: CheckReport, resultsDir: string): void {
  // Loaded only here: `netspec check` without results never pays for Allure.
  const { ReporterRuntime, createDefaultWriter } = require('allure-js-commons/sdk/reporter') as typeof import('allure-js-commons/sdk/reporter');
  const runtime = new ReporterRuntime({
    writer: createDefaultWriter({ resultsDir }),
    environmentInfo: environmentInfo(cloudSummary(cloud)),
  });
  runtime.writeEnvironmentInfo();
  for (const r of report.results) {
    // Each shard of a CI matrix is its own test, so merged results keep every share apart.
    const share = report.shard ? ` (shard ${report.shard.index + 1}/${report.shard.count})` : '';
    const fullName = `netspec check:${cloud.name}#${r.invariant}${share}`;
    const start = Date.now();
    const uuid = runtime.startTest({
      name: `${r.invariant}${share}`,
      fullName,
      testCaseId: md5(fullName),
      historyId: md5(fullName),
      description: r.description,
      labels: [
        { name: 'epic', value: 'netspec check' }, { name: 'feature', value: cloud.name },
        { name: 'story', value: r.invariant }, { name: 'suite', value: `netspec check: ${cloud.name}` },
      ],
      parameters: [{ name: 'flows', value: String(r.flows) }, { name: 'traced', value: String(r.classes) }],
      start,
    });
    const table = [['invariant', r.invariant], ['flows checked', r.flows], ['classes traced', r.classes], ['violations', r.violations.length], ['time (ms)', r.durationMs.toFixed(1)]];
    runtime.writeAttachment(uuid, null, 'summary.csv', Buffer.from(table.map((row) => row.join(',')).join('\n')), { contentType: 'text/csv' });
    for (const v of r.violations) {
      if (!v.trace) continue;
      const mark = new Set(v.hop ? [v.hop] : []);
      runtime.writeAttachment(uuid, null, attachmentName(v.flow, 'path', 'svg'), Buffer.from(renderSvg(v.trace, { failing: mark })), { contentType: 'image/svg+xml' });
      runtime.writeAttachment(uuid, null, attachmentName(v.flow, 'minimal', 'txt'), Buffer.from(renderMinimal(v.trace, { mark })), { contentType: 'text/plain' });
      runtime.writeAttachment(uuid, null, attachmentName(v.flow, 'trace', 'json'), Buffer.from(JSON.stringify(traceToJson(v.trace), null, 2)), { contentType: 'application/json' });
    }
    runtime.updateTest(uuid, (t) => {
      const status = invariantStatus(r);
      t.status = (status === 'holds' ? 'passed' : status === 'violated' ? 'failed' : 'skipped') as typeof t.status;
      if (status === 'not applicable') t.statusDetails = { message: `Not applicable: ${r.invariant} ${report.shard ? 'judged nothing in this share of the check (other shares may have flows of its kind)' : NOT_APPLICABLE_REASON}` };
      if (!r.holds) {
        const v = r.violations[0];
        t.statusDetails = {
          message: `Expected the cloud to satisfy ${r.invariant}: ${v.flow}: ${v.reason}${otherViolations(r.violations)}`,
          trace: v.trace ? renderMinimal(v.trace, { mark: new Set(v.hop ? [v.hop] : []) }) : undefined,
        };
      }
    });
    runtime.stopTest(uuid, { duration: Math.round(r.durationMs) });
    runtime.writeTest(uuid);
  }
}

/** The message names every violating flow (up to a few), so a reviewer sees the breadth at a glance. */
function otherViolations(violations: readonly { flow: string }[]): string {
  if (violations.length < 2) return '';
  const shown = violations.slice(1, 1 + MAX_FLOWS_NAMED).map((v) => v.flow);
  const more = violations.length - 1 - shown.length;
  return ` (${violations.length} violations; also ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}
const MAX_FLOWS_NAMED = 8;

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}
