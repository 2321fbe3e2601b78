/**
 * `netspec ids`: every test in the specs carries a unique `// @id <uuid>` on the line above it.
 * `checkIds` lists what is missing or wrong; `fixIds` adds missing ids and renews duplicated ones
 * (the first occurrence keeps its id), writing files in place without touching anything else.
 */
import { writeFileSync } from 'node:fs';
import type { Project } from 'ts-morph';
import { readSource } from './files';
import { toolingProject } from './project';
import { readSpec, titlePattern } from './spec-model';
import { deterministicTestId, ID_COMMENT, ID_LIKE, idAbove, projectPath } from './test-ids';

export type IdProblemKind = 'missing' | 'duplicate' | 'stray' | 'malformed' | 'shared-line';

export interface IdProblem {
  file: string;
  line: number;
  kind: IdProblemKind;
  message: string;
}

/** A test as the id tools see it. */
export interface TestWithId {
  file: string;
  /** Line of the call that registers the test (1-based) and its indentation. */
  line: number;
  indent: string;
  /** Describe titles and the test title, as written. */
  namePath: string[];
  /** Whether Jest expands a title on the path (`it.each`, `describe.each`, a computed title). */
  templated: boolean;
  /** Regular expressions (sources) for the names Jest gives each level of `namePath` at run time. */
  patterns: string[];
  id?: string;
  idLine?: number;
}

interface FileIds {
  file: string;
  lines: string[];
  tests: TestWithId[];
  problems: IdProblem[];
}

/** The tests of one file with their ids, and what is wrong with the file's id comments. */
export function readFileIds(file: string, text: string, project: Project = toolingProject()): FileIds {
  const sf = project.createSourceFile(file, text, { overwrite: true });
  try {
    const lines = text.split('\n');
    const problems: IdProblem[] = [];
    const tests: TestWithId[] = readSpec(sf).tests.map((t) => {
      const line = sf.getLineAndColumnAtPos(t.call.getStart()).line;
      const above = idAbove(lines, line);
      return {
        file, line, indent: /^\s*/.exec(lines[line - 1])![0],
        namePath: [...t.path, t.title],
        templated: [...t.parents, t].some((r) => !r.literal || r.callee.modifiers.includes('each')),
        patterns: [...t.parents, t].map(titlePattern),
        id: above?.id, idLine: above?.line,
      };
    });
    const byLine = new Map<number, TestWithId[]>();
    for (const t of tests) byLine.set(t.line, [...(byLine.get(t.line) ?? []), t]);
    for (const [line, same] of byLine) {
      if (same.length < 2) continue;
      problems.push({ file, line, kind: 'shared-line', message: `${same.length} tests start on this line (${same.map((t) => JSON.stringify(t.namePath.at(-1))).join(', ')}): put each on its own line to give it an id` });
      for (const t of same) { t.id = undefined; t.idLine = undefined; }
    }
    const used = new Set(tests.map((t) => t.idLine));
    lines.forEach((l, i) => {
      if (!ID_LIKE.test(l)) return;
      if (!ID_COMMENT.test(l)) problems.push({ file, line: i + 1, kind: 'malformed', message: `malformed id comment ${JSON.stringify(l.trim())}: write // @id <uuid>` });
      else if (!used.has(i + 1)) problems.push({ file, line: i + 1, kind: 'stray', message: 'this @id is above no test (a deleted or moved test?): remove it or move it above its test' });
    });
    return { file, lines, tests, problems };
  } finally {
    project.removeSourceFile(sf);
  }
}

export interface IdsReport {
  files: number;
  tests: TestWithId[];
  problems: IdProblem[];
}

/** Every test without an id, every duplicated id, every stray or malformed id comment. */
export function checkIds(files: readonly string[], project: Project = toolingProject()): IdsReport {
  const all = files.map((f) => readFileIds(f, readSource(f), project));
  const problems = all.flatMap((f) => f.problems);
  const first = new Map<string, TestWithId>();
  for (const t of all.flatMap((f) => f.tests)) {
    const name = JSON.stringify(t.namePath.join(' › '));
    if (!t.id) {
      if (!problems.some((p) => p.kind === 'shared-line' && p.file === t.file && p.line === t.line)) {
        problems.push({ file: t.file, line: t.line, kind: 'missing', message: `test ${name} has no id` });
      }
      continue;
    }
    const prior = first.get(t.id);
    if (prior) {
      problems.push({ file: t.file, line: t.line, kind: 'duplicate', message: `test ${name} has the id ${t.id} of ${JSON.stringify(prior.namePath.join(' › '))} (${projectPath(prior.file)}:${prior.line})` });
    } else first.set(t.id, t);
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { files: files.length, tests: all.flatMap((f) => f.tests), problems };
}

export interface FixResult {
  /** Files rewritten, with how many ids were added and renewed in each. */
  changed: { file: string; added: number; renewed: number }[];
  /** What --fix cannot decide: stray, malformed and shared-line problems. */
  remaining: IdProblem[];
}

/** Adds an id above every test without one and renews duplicated ids; writes changed files. */
export function fixIds(files: readonly string[], project: Project = toolingProject()): FixResult {
  const all = files.map((f) => readFileIds(f, readSource(f), project));
  const taken = new Set(all.flatMap((f) => f.tests.map((t) => t.id).filter((id): id is string => !!id)));
  const kept = new Set<string>();
  const changed: FixResult['changed'] = [];
  for (const f of all) {
    const inserts: { line: number; text: string }[] = [];
    let renewed = 0;
    const lines = [...f.lines];
    const shared = new Set(f.problems.filter((p) => p.kind === 'shared-line').map((p) => p.line));
    for (const t of f.tests) {
      if (shared.has(t.line)) continue;
      if (t.id && !kept.has(t.id)) { kept.add(t.id); continue; }
      const id = freshId(projectPath(t.file), t.namePath, taken);
      kept.add(id);
      if (t.id) {
        lines[t.idLine! - 1] = lines[t.idLine! - 1].replace(/@id\s+\S+/, `@id ${id}`);
        renewed++;
      } else inserts.push({ line: t.line, text: `${t.indent}// @id ${id}` });
    }
    for (const ins of [...inserts].sort((a, b) => b.line - a.line)) lines.splice(ins.line - 1, 0, ins.text);
    if (inserts.length || renewed) {
      writeFileSync(f.file, lines.join('\n'));
      changed.push({ file: f.file, added: inserts.length, renewed });
    }
  }
  return { changed, remaining: all.flatMap((f) => f.problems) };
}

function freshId(path: string, namePath: string[], taken: Set<string>): string {
  for (let salt = 0; ; salt++) {
    const id = deterministicTestId(path, namePath, salt);
    if (!taken.has(id)) { taken.add(id); return id; }
  }
}
