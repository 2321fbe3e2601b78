/**
 * Allure history by test id. allure-jest derives a result's history id from the test's full name,
 * so renaming a test or a describe starts a new history. `applyIdsToAllure` rewrites the results
 * of a run (`reports/allure-results/*-result.json`) so that `historyId` and `testCaseId` come from
 * the test's `// @id` instead: a test keeps its history through renames and moves. Tests that Jest
 * expands (`it.each`, `describe.each`) get one history per expanded name, derived from the id.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TestWithId } from './ids';
import { projectPath, uuid5 } from './test-ids';

const SEED = / \(with seed=-?\d+\)$/;

interface AllureResult {
  name?: string;
  fullName?: string;
  titlePath?: string[];
  historyId?: string;
  testCaseId?: string;
}

export interface AllureIdsResult {
  results: number;
  updated: number;
  /** Full names of results from the given spec files that matched no test with an id. */
  unmatched: string[];
}

export function applyIdsToAllure(resultsDir: string, tests: readonly TestWithId[]): AllureIdsResult {
  const byFile = new Map<string, TestWithId[]>();
  for (const t of tests) if (t.id) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
  const files = [...byFile.keys()].map((file) => ({ file, rel: projectPath(file), base: basename(file) }));
  const out: AllureIdsResult = { results: 0, updated: 0, unmatched: [] };
  for (const entry of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const path = join(resultsDir, entry);
    const r = JSON.parse(readFileSync(path, 'utf8')) as AllureResult;
    out.results++;
    // `<project name>:<path from the working directory>#<names>` (allure-jest), or an absolute path.
    const specPath = r.fullName?.slice(0, r.fullName.indexOf('#')).replace(/\\/g, '/') ?? '';
    const spec = files.find((f) => specPath === f.rel || specPath.endsWith(`/${f.rel}`) || specPath.endsWith(`:${f.rel}`));
    if (!spec || r.name === undefined) continue;
    const at = r.titlePath?.lastIndexOf(spec.base) ?? -1;
    const suites = at >= 0 ? r.titlePath!.slice(at + 1) : [];
    const names = [...suites, r.name];
    const test = byFile.get(spec.file)!.find((t) => t.patterns.length === names.length
      && t.patterns.every((p, i) => new RegExp(`^(?:${p})$`).test(names[i])));
    if (!test) { out.unmatched.push(r.fullName ?? r.name); continue; }
    // @fast-check/jest appends a seed that changes every run: it is no part of the identity.
    const historyId = test.templated ? uuid5(names.map((n) => n.replace(SEED, '')).join('\n'), test.id) : test.id!;
    if (r.historyId !== historyId || r.testCaseId !== historyId) {
      r.historyId = historyId;
      r.testCaseId = historyId;
      writeFileSync(path, JSON.stringify(r));
    }
    out.updated++;
  }
  return out;
}
