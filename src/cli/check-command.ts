import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertReportDirWritable, generateHtmlReport } from '../report/html';
import { assertResultsDirWritable, writeCheckResults } from '../report/check-results';
import { defaultHtmlDir, defaultResultsDir } from '../report/paths';
import { builtinInvariants } from '../invariants';
import { simulate } from '../simulation';
import { checkToJson, renderCheckTable } from '../check/render';
import { checkToJunit, writeJunit } from '../check/junit';
import { runCheck, selectInvariants } from '../check/run';
import { loadCloud } from './load-cloud';
import { progressBar } from './progress';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';
import { loadIntents } from '../intents/load';
import { assertIntentsResolve, intentInvariants } from '../intents/invariants';
import { loadInvariantModule } from './invariant-modules';

export const CHECK_USAGE = `usage: netspec check [--topology FILE] [--only NAME[,NAME...]] [--json [--timings]] [--all] [--report] [--results DIR]
                     [--out DIR] [--junit FILE] [--intents FILE] [--invariants MODULE]

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
--json's shape is versioned (schemaVersion) and documented in docs/check-json.md.
Exit status: 0 when every invariant holds, 1 on a violation, 2 on invalid input.`;

export function checkCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      topology: { type: 'string' }, only: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' },
      report: { type: 'boolean' }, results: { type: 'string' }, timings: { type: 'boolean' }, out: { type: 'string' }, junit: { type: 'string' },
      intents: { type: 'string' }, invariants: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) { out(CHECK_USAGE); return 0; }
  rejectEmptyPaths(values, { topology: 'file', results: 'directory', out: 'directory', junit: 'file', intents: 'file', invariants: 'file' });
  if (values.timings && !values.json) throw new UsageError('--timings goes with --json (the table always shows the times)');
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const { selected, unknown } = selectInvariants(only);
  if (unknown.length) {
    throw new UsageError(`unknown invariant ${unknown.map((u) => JSON.stringify(u)).join(', ')} (invariants: ${builtinInvariants.map((i) => i.name).join(', ')})`);
  }
  const cloud = loadCloud(values.topology);
  const intents = values.intents ? loadIntents(values.intents) : [];
  assertIntentsResolve(cloud, intents);
  const own = values.invariants ? loadInvariantModule(values.invariants) : [];
  const extra = [...intentInvariants(intents), ...own];
  const taken = new Set(selected.map((i) => i.name));
  for (const inv of extra) {
    if (taken.has(inv.name)) throw new UsageError(`two invariants are named ${JSON.stringify(inv.name)}: rename the intent or the module's invariant`);
    taken.add(inv.name);
  }
  const invariants = [...selected, ...extra];
  // Where the results and the report go is checked before the work, not after it.
  const results = values.results ? path.resolve(values.results) : defaultResultsDir();
  assertResultsDirWritable(results);
  if (values.report) {
    const html = path.resolve(values.out ?? defaultHtmlDir());
    if (results === html || results.startsWith(html + path.sep)) throw new UsageError(`--out ${html} holds --results ${results}: the report would replace the results it is built from`);
    assertReportDirWritable(values.out);
  }
  const sim = simulate(cloud);
  const report = runCheck(sim, invariants, { allViolations: values.all, onProgress: values.json ? undefined : progressBar(process.stderr) });
  out(values.json ? JSON.stringify(checkToJson(cloud, report, { timings: values.timings }), null, 2) : renderCheckTable(cloud, report));
  if (values.junit) writeJunit(values.junit, checkToJunit(cloud, report));
  writeCheckResults(cloud, report, results);
  if (values.report) {
    const html = generateHtmlReport(results, values.out, { name: `netspec check: ${cloud.name}` });
    if (!values.json) out(`\nreport: ${html}`);
  }
  return report.holds ? 0 : 1;
}
