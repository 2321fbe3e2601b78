import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Project } from 'ts-morph';
import { FIXTURES, REPO, run, scratchDir } from './__fixtures__/helpers';
import { applyIdsToAllure } from './allure-ids';
import { specFiles } from './files';
import { checkIds } from './ids';
import { lintFiles } from './lint';
import { createToolingProject } from './project';
import { deterministicTestId, ID_COMMENT, idAbove, projectPath, uuid5 } from './test-ids';

const FIXTURE = join(FIXTURES, 'ids.fixture.ts');

/** The problems the fixture marks: `// problem: kind` at a line's end, plus its bad id comments. */
function expectedProblems(text: string): { line: number; kind: string }[] {
  const lines = text.split('\n');
  const marked = lines.flatMap((l, i) => {
    const m = /\/\/ problem: ([\w-]+)\s*$/.exec(l);
    return m ? [{ line: i + 1, kind: m[1] }] : [];
  });
  const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
  return [...marked, { line: lineOf('@id not-a-uuid'), kind: 'malformed' }, { line: lineOf('@id 3333'), kind: 'stray' }]
    .sort((a, b) => a.line - b.line);
}

let project: Project;
beforeAll(() => { project = createToolingProject(); });

describe('test ids', () => {
  it('uuid5 is RFC 9562 version 5 (the DNS-namespace example) and ids are deterministic', () => {
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const id = deterministicTestId('specs/dhcp.spec.ts', ['DHCP REQUEST', 'is answered']);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicTestId('specs/dhcp.spec.ts', ['DHCP REQUEST', 'is answered'])).toBe(id);
    expect(deterministicTestId('specs/dhcp.spec.ts', ['DHCP REQUEST', 'is answered'], 1)).not.toBe(id);
    expect(deterministicTestId('specs/other.spec.ts', ['DHCP REQUEST', 'is answered'])).not.toBe(id);
  });

  it('projectPath is relative to the nearest package.json', () => {
    expect(projectPath(join(REPO, 'specs', 'dhcp.spec.ts'))).toBe('specs/dhcp.spec.ts');
  });

  it('idAbove reads the id among the comment lines right above a line', () => {
    const lines = ['x', '  // note', '  // @id 6F1C9A52-0000-4000-8000-000000000000', '  // more', "  it('a')", '', "it('b')"];
    expect(idAbove(lines, 5)).toEqual({ id: '6f1c9a52-0000-4000-8000-000000000000', line: 3 });
    expect(idAbove(lines, 7)).toBeUndefined();
  });
});

describe('netspec ids --check', () => {
  it('reports missing, duplicate, malformed, stray and shared-line ids in the fixture, by line', () => {
    const report = checkIds([FIXTURE], project);
    expect(report.problems.map((p) => ({ line: p.line, kind: p.kind }))).toEqual(expectedProblems(readFileSync(FIXTURE, 'utf8')));
    expect(report.tests).toHaveLength(10);
  });

  it('prints file:line kind message and exits 1; 2 without a mode', async () => {
    const r = await run('ids', '--check', FIXTURE);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe('src/tooling/__fixtures__/ids.fixture.ts:10 missing test "suite › has none" has no id');
    expect(r.out).toContain('has the id 11111111-1111-4111-8111-111111111111 of "suite › has an id" (src/tooling/__fixtures__/ids.fixture.ts:8)');
    expect(r.err).toEqual(['netspec ids: 10 tests in 1 files, 7 problems']);
    expect((await run('ids', FIXTURE)).code).toBe(2);
    expect((await run('ids', '--check', '--fix', FIXTURE)).code).toBe(2);
    expect((await run('ids', '--check', 'no/such.spec.ts')).err).toEqual(['netspec ids: no such file or directory: no/such.spec.ts']);
  });
});

describe('netspec ids --fix', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => { scratch = scratchDir('ids'); });
  afterEach(() => scratch.cleanup());

  it('adds missing ids (deterministic) and renews duplicates; leaves what needs a person, and exits 1', async () => {
    const file = join(scratch.dir, 'ids.fixture.ts');
    copyFileSync(FIXTURE, file);
    const r = await run('ids', '--fix', file);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(`${relative(REPO, file)}: 3 ids added, 1 duplicated id renewed`);
    const after = checkIds([file], project);
    expect(after.problems.map((p) => p.kind)).toEqual(['malformed', 'stray', 'shared-line']);
    const hasNone = after.tests.find((t) => t.namePath.at(-1) === 'has none')!;
    expect(hasNone.id).toBe(deterministicTestId(projectPath(file), ['suite', 'has none']));
    expect(after.tests.find((t) => t.namePath.at(-1) === 'has an id')!.id).toBe('11111111-1111-4111-8111-111111111111');
    expect(after.tests.find((t) => t.namePath.at(-1) === 'copied the first test with its id')!.id).not.toBe('11111111-1111-4111-8111-111111111111');
  });

  it('on a copy of specs/: only adds `// @id` lines, then --check passes, a second --fix changes nothing, lint stays clean', async () => {
    cpSync(join(REPO, 'specs'), scratch.dir, { recursive: true });
    const files = specFiles([scratch.dir]);
    const before = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    expect((await run('ids', '--fix', scratch.dir)).code).toBe(0);
    for (const f of files) {
      const now = readFileSync(f, 'utf8').split('\n');
      const added = now.filter((l) => ID_COMMENT.test(l) && !before.get(f)!.includes(l));
      expect(now.filter((l) => !added.includes(l)).join('\n')).toBe(before.get(f));
    }
    const check = await run('ids', '--check', scratch.dir);
    expect(check.code).toBe(0);
    expect(check.err[0]).toMatch(/^netspec ids: \d+ tests in \d+ files, every one with a unique id$/);
    const snapshot = files.map((f) => readFileSync(f, 'utf8'));
    expect((await run('ids', '--fix', scratch.dir)).out).toBe('');
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(snapshot);
    expect(lintFiles(files, project)).toEqual([]);
  });
});

describe('netspec ids --allure', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeAll(() => { scratch = scratchDir('allure'); });
  afterAll(() => scratch.cleanup());

  const spec = (renamed: boolean) => `import { fc, test } from '@fast-check/jest';
describe('plain', () => {
  it('${renamed ? 'was renamed' : 'keeps its history'}', () => { expect(1).toBe(1); });
  it.each([['a'], ['b']])('each %s', (x) => { expect(x).toBeTruthy(); });
});
describe.each([1, 2])('n=%s', (n) => {
  it(\`doubles \${n}\`, () => { expect(n * 2).toBe(n + n); });
});
test.prop([fc.nat()])('a property', (n) => n >= 0);
`;

  /** Runs the spec in the scratch dir with allure-jest, rewrites the results' ids, returns name → historyId. */
  function runWithAllure(): Record<string, string> {
    const results = join(scratch.dir, `allure-results-${Date.now()}`);
    const config = {
      rootDir: REPO, roots: [scratch.dir], testMatch: ['**/*.child.ts'],
      testEnvironment: 'allure-jest/node', testEnvironmentOptions: { resultsDir: results },
      transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
    };
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/jest/bin/jest.js'), '--ci', '--config', JSON.stringify(config)], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`jest failed:\n${r.stderr}`);
    const applied = applyIdsToAllure(results, checkIds([join(scratch.dir, 'history.child.ts')], project).tests);
    expect(applied).toEqual({ results: 6, updated: 6, unmatched: [] });
    return Object.fromEntries(readdirSync(results).filter((f) => f.endsWith('-result.json')).map((f) => {
      const j = JSON.parse(readFileSync(join(results, f), 'utf8')) as { name: string; titlePath: string[]; historyId: string; testCaseId: string };
      expect(j.testCaseId).toBe(j.historyId);
      return [[...j.titlePath.slice(j.titlePath.indexOf('history.child.ts') + 1), j.name.replace(/ \(with seed=-?\d+\)$/, '')].join(' › '), j.historyId];
    }));
  }

  it('keys Allure history by the @id, so a renamed test keeps its history', async () => {
    const file = join(scratch.dir, 'history.child.ts');
    writeFileSync(file, spec(false));
    expect((await run('ids', '--fix', file)).code).toBe(0);
    const ids = Object.fromEntries(checkIds([file], project).tests.map((t) => [t.namePath.at(-1), t.id!]));
    const first = runWithAllure();
    expect(first['plain › keeps its history']).toBe(ids['keeps its history']);
    expect(first['a property']).toBe(ids['a property']);
    // Tests Jest expands get one history each, derived from the id.
    expect(first['plain › each a']).toBe(uuid5('plain\neach a', ids['each %s']));
    expect(new Set([first['plain › each a'], first['plain › each b'], first['n=1 › doubles 1'], first['n=2 › doubles 2']]).size).toBe(4);

    writeFileSync(file, readFileSync(file, 'utf8').replace("it('keeps its history'", "it('was renamed'"));
    const second = runWithAllure();
    expect(second['plain › was renamed']).toBe(first['plain › keeps its history']);
    expect(second['plain › each b']).toBe(first['plain › each b']);
  });
});
