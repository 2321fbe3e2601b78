import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from 'ts-morph';
import { FIXTURES, REPO, run } from './__fixtures__/helpers';
import { specFiles } from './files';
import { formatFinding, LINT_RULES, lintFiles, lintSource, type LintRule } from './lint';
import { createToolingProject } from './project';

const BAD = join(FIXTURES, 'bad.fixture.ts');

/** `// expect: rule-a, rule-b` markers in the fixture: the findings lint must report, by line. */
function markers(file: string): { line: number; rule: string }[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((text, i) => {
    const m = /\/\/ expect: ([\w-]+(?:, [\w-]+)*)\s*$/.exec(text);
    return m ? m[1].split(', ').map((rule) => ({ line: i + 1, rule })) : [];
  });
}

let project: Project;
beforeAll(() => { project = createToolingProject(); });

describe('netspec lint on the bad-spec fixture', () => {
  it('reports exactly the marked lines, with the marked rules', () => {
    const found = lintFiles([BAD], project).map((f) => ({ line: f.line, rule: f.rule }));
    const sort = (xs: { line: number; rule: string }[]) => [...xs].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
    expect(sort(found)).toEqual(sort(markers(BAD)));
  });

  it('has an example of every rule', () => {
    expect([...new Set(markers(BAD).map((m) => m.rule))].sort()).toEqual(Object.keys(LINT_RULES).sort());
  });

  it('prints file:line:col rule-id message', () => {
    const [first] = lintFiles([BAD], project);
    expect(formatFinding(first, REPO)).toBe(
      "src/tooling/__fixtures__/bad.fixture.ts:27:5 unasserted-trace sim.trace('vm1', 'vm3') is computed and thrown away: "
      + 'assert on the trace with expect(…) (write `void` to discard it on purpose)');
  });
});

describe('netspec lint on good specs', () => {
  it('finds nothing in specs/', () => {
    expect(lintFiles(specFiles([join(REPO, 'specs')]), project).map((f) => formatFinding(f, REPO))).toEqual([]);
  });

  it('finds nothing in examples/', () => {
    const files = specFiles([join(REPO, 'examples')]);
    expect(files.length).toBeGreaterThan(0);
    expect(lintFiles(files, project).map((f) => formatFinding(f, REPO))).toEqual([]);
  });
});

describe('lint rules, one case each', () => {
  const lint = (body: string) => lintSource('/x.spec.ts', body, project).map((f) => `${f.line} ${f.rule}`);

  it('follows a trace through a variable into expect, a property read or a helper call', () => {
    expect(lint(`it('a', () => {
  const t = sim.trace('vm1', 'vm2');
  const u = sim.trace('vm1', 'vm3');
  const w = sim.trace('vm1', 'vm4');
  expect(t).toBeDeliveredTo('vm2');
  expect(u.disposition.kind).toBe('delivered');
  show(w);
});`)).toEqual([]);
  });

  it('ignores console.trace', () => {
    expect(lint("it('a', () => { console.trace('here'); expect(1).toBe(1); });")).toEqual([]);
  });

  it('counts an unused fc.check result as unasserted, and fc.assert as an assertion', () => {
    expect(lint("import fc from 'fast-check';\nit('a', () => {\n  fc.check(fc.property(fc.nat(), (n) => n >= 0));\n});"))
      .toEqual(['2 test-without-assertion', '3 unasserted-trace']);
  });

  it('knows expect imported under another name from @jest/globals', () => {
    expect(lint("import { expect as e } from '@jest/globals';\nit('a', () => {\n  e(1);\n});")).toEqual(['3 expect-without-matcher']);
  });

  it('knows test imported under another name from @fast-check/jest', () => {
    expect(lint("import { test as t } from '@fast-check/jest';\nt.only('a', () => { expect(1).toBe(1); });")).toEqual(['2 focused-test']);
  });

  it('finds duplicates under describe.each templates and it.each titles, not across describes', () => {
    expect(lint(`describe.each([1, 2])('n=%s', () => {
  it.each([3])('x %s', () => expect(1).toBe(1));
  it.each([4])('x %s', () => expect(1).toBe(1));
});
describe('other', () => { it('x %s', () => expect(1).toBe(1)); });`)).toEqual(['3 duplicate-test-name']);
  });

  it('accepts await expect(…).resolves.toX() and expect.assertions(n)', () => {
    expect(lint("it('a', async () => {\n  expect.assertions(1);\n  await expect(Promise.resolve(1)).resolves.toBe(1);\n});")).toEqual([]);
  });

  it('silences one line with netspec-lint-disable-next-line, only for the rules named', () => {
    expect(lint("it('a', () => {\n  // netspec-lint-disable-next-line unasserted-trace\n  sim.trace('vm1', 'vm2');\n  expect(1).toBe(1);\n});")).toEqual([]);
    expect(lint("it('a', () => {\n  // netspec-lint-disable-next-line skipped-test\n  sim.trace('vm1', 'vm2');\n  expect(1).toBe(1);\n});")).toEqual(['3 unasserted-trace']);
  });

  it('every rule has a description', () => {
    for (const rule of Object.keys(LINT_RULES) as LintRule[]) expect(LINT_RULES[rule].length).toBeGreaterThan(20);
  });
});

describe('the lint command', () => {
  it('exits 0 on specs/ and says so on stderr', async () => {
    const r = await run('lint', join(REPO, 'specs'));
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toEqual([`netspec lint: ${specFiles([join(REPO, 'specs')]).length} files, no findings`]);
  });

  it('exits 1 on the fixture, one line per finding', async () => {
    const r = await run('lint', BAD);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toHaveLength(markers(BAD).length);
    expect(r.out.split('\n').every((l) => /^\S+:\d+:\d+ [a-z-]+ .+$/.test(l))).toBe(true);
    expect(r.err).toEqual([`netspec lint: ${markers(BAD).length} findings in 1 of 1 file`]);
  });

  it('exits 2 on a missing path or an unknown option, with one line', async () => {
    expect(await run('lint', 'no/such/dir')).toEqual({ code: 2, out: '', err: ['netspec lint: no such file or directory: no/such/dir'] });
    const r = await run('lint', '--nope');
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
  });

  it('--rules lists every rule; --help prints the usage', async () => {
    const rules = await run('lint', '--rules');
    expect(rules.out.split('\n').map((l) => l.split(' ')[0])).toEqual(Object.keys(LINT_RULES));
    expect((await run('lint', '--help')).out).toMatch(/^usage: netspec lint/);
  });
});

describe('loading', () => {
  it('netspec trace and netspec check never load ts-morph; lint does (and lints specs/ by default)', () => {
    const script = `
      const { main } = require('./src/cli/main');
      const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/](ts-morph|@ts-morph)[\\\\/]/.test(k));
      (async () => {
        const quiet = () => {};
        await main(['trace', '--from', 'vm1', '--to', 'vm3'], quiet, quiet);
        const results = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'netspec-lint-test-'));
        await main(['check', '--only', 'sameNetworkNeverRouted', '--json', '--results', results], quiet, quiet);
        require('node:fs').rmSync(results, { recursive: true, force: true });
        const before = loaded();
        const code = await main(['lint'], quiet, quiet); // the default path: specs/
        process.stdout.write(JSON.stringify({ before, after: loaded(), code }));
      })();`;
    const r = spawnSync(process.execPath, ['-r', 'esbuild-register', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, code: 0 });
  });
});
