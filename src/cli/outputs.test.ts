import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from '../check/run';
import { builtinInvariants } from '../invariants';
import { referenceCloud } from '../model/reference';
import { writeCheckResults } from '../report/check-results';
import { OUTPUT_MARKER } from '../report/output-dir';
import { simulate } from '../simulation';
import { runCli } from '../testing/cli';

/** Where netspec writes directories, it never destroys what it did not write. */
let root: string;
beforeAll(() => { root = mkdtempSync(path.join(tmpdir(), 'netspec-outputs-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = runCli;

const listing = (dir: string) => readdirSync(dir).sort();

describe('netspec check --results DIR', () => {
  it('writes the results and marks the directory netspec\'s; a second run replaces them', async () => {
    const dir = path.join(root, 'results');
    expect((await run('check', '--only', 'sameNetworkNeverRouted', '--results', dir)).code).toBe(0);
    const first = listing(dir);
    expect(first).toContain(OUTPUT_MARKER);
    expect(first.some((f) => f.endsWith('-result.json'))).toBe(true);
    expect((await run('check', '--only', 'sameNetworkNeverRouted', '--results', dir)).code).toBe(0);
    expect(listing(dir)).not.toEqual(first); // new uuids: replaced, not added to
    expect(listing(dir).filter((f) => f.endsWith('-result.json'))).toHaveLength(1);
  });

  it('refuses a non-empty directory it did not write (exit 2, naming it), and deletes nothing', async () => {
    const dir = path.join(root, 'mine');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.md'), 'keep');
    const r = await run('check', '--json', '--results', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`refusing to write Allure results to ${dir}: it is not empty and netspec did not write it`);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
    expect(listing(dir)).toEqual(['notes.md']);
  });

  it('refuses a regular file given as DIR and leaves it as it was', async () => {
    const file = path.join(root, 'cloud.yaml');
    writeFileSync(file, 'name: mine\n');
    const r = await run('check', '--results', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: it is a file, not a directory`);
    expect(readFileSync(file, 'utf8')).toBe('name: mine\n');
  });

  it('--results . never empties the working directory', async () => {
    const before = listing('.');
    const r = await run('check', '--results', '.');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`refusing to write Allure results to ${process.cwd()}: it is the working directory`);
    expect(listing('.')).toEqual(before);
  });

  const linux = process.platform === 'linux' ? it : it.skip;
  linux('--results /proc/x fails at once with a clear error', async () => {
    const r = await run('check', '--results', '/proc/netspec-x');
    expect(r.code).toBe(2);
    expect(r.err).toBe('netspec check: cannot write Allure results to /proc/netspec-x: no directory can be created there (ENOENT)');
    expect(r.out).toBe(''); // refused before the check ran, not after
  });

  it('a check interrupted while writing leaves the previous complete results, and no temporary directory', () => {
    const parent = path.join(root, 'interrupted');
    const dir = path.join(parent, 'results');
    const cloud = referenceCloud();
    const report = runCheck(simulate(cloud), builtinInvariants.slice(0, 4));
    writeCheckResults(cloud, report, dir);
    const previous = new Map(listing(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    // The writer fails on the third invariant, after two have been written.
    const failing = { ...report, results: [...report.results] };
    Object.defineProperty(failing.results, 2, { get: () => { throw new Error('disk full'); } });
    expect(() => writeCheckResults(cloud, failing, dir)).toThrow('disk full');
    expect(listing(parent)).toEqual(['results']);
    expect(new Map(listing(dir).map((f) => [f, readFileSync(path.join(dir, f))]))).toEqual(previous);
  });

  it('--report refuses, before the check, an --out that would replace the results', async () => {
    const dir = path.join(root, 'same');
    for (const out of [dir, root]) {
      const r = await run('check', '--report', '--results', dir, '--out', out);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('the report would replace the results it is built from');
    }
  });

  it('--report refuses, before the check, a foreign --out directory', async () => {
    const out = path.join(root, 'site-for-check');
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), 'mine');
    const r = await run('check', '--report', '--results', path.join(root, 'results-for-site'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`refusing to write the HTML report to ${out}`);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('mine');
  });
});

describe('netspec report --out DIR', () => {
  it('refuses an --out holding the results it is built from; the results stay', async () => {
    const results = path.join(root, 'own-results');
    writeCheckResults(referenceCloud(), runCheck(simulate(referenceCloud()), builtinInvariants.slice(0, 1)), results);
    const before = listing(results);
    for (const out of [results, root]) {
      const r = await run('report', '--results', results, '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toContain('holds the results it is built from');
    }
    expect(listing(results)).toEqual(before);
  });

  it('refuses a non-empty directory it did not write, before building anything', async () => {
    const results = path.join(root, 'report-results');
    writeCheckResults(referenceCloud(), runCheck(simulate(referenceCloud()), builtinInvariants.slice(0, 1)), results);
    const out = path.join(root, 'site');
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), '<h1>my site</h1>');
    writeFileSync(path.join(out, 'about.html'), '<h1>about</h1>');
    const r = await run('report', '--results', results, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`refusing to write the HTML report to ${out}: it is not empty and netspec did not write it`);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('<h1>my site</h1>');
    expect(listing(out)).toEqual(['about.html', 'index.html']);
  });
});

describe('netspec scaffold --out FILE', () => {
  it('creates missing parent directories and writes the spec whole', async () => {
    const file = path.join(root, 'new', 'nested', 'cloud.spec.ts');
    const r = await run('scaffold', '--out', file);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('netspec:generated begin');
    expect(listing(path.dirname(file))).toEqual(['cloud.spec.ts']);
  });

  it('a directory given as FILE is refused, not read', async () => {
    const r = await run('scaffold', '--out', root);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`netspec scaffold: --out ${root} is a directory: give the spec's file path`);
  });

  const linux = process.platform === 'linux' ? it : it.skip;
  linux('a place that takes no file or directory (/proc) fails at once with a clear error', async () => {
    const nested = await run('scaffold', '--out', '/proc/netspec-x/cloud.spec.ts');
    expect(nested.code).toBe(2);
    expect(nested.err).toBe('netspec scaffold: cannot write the spec to /proc/netspec-x/cloud.spec.ts: no directory can be created there (ENOENT)');
    const flat = await run('scaffold', '--out', '/proc/netspec-x.spec.ts');
    expect(flat.code).toBe(2);
    expect(flat.err).toMatch(/^netspec scaffold: cannot write \/proc\/netspec-x\.spec\.ts: /);
  });
});

describe('netspec check --junit FILE', () => {
  const linux = process.platform === 'linux' ? it : it.skip;
  linux('a place that takes no directory (/proc) fails at once with a clear error, not a spin', async () => {
    const r = await run('check', '--only', 'sameNetworkNeverRouted', '--results', path.join(root, 'junit-results-1'), '--junit', '/proc/netspec-x/junit.xml');
    expect(r.code).toBe(2);
    expect(r.err).toBe('netspec check: cannot write JUnit XML to /proc/netspec-x/junit.xml: no directory can be created there (ENOENT)');
  });

  it('a directory given as FILE is refused with exit 2 and left alone', async () => {
    const dir = path.join(root, 'junit-dir');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const r = await run('check', '--only', 'sameNetworkNeverRouted', '--results', path.join(root, 'junit-results-2'), '--junit', dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`netspec check: cannot write JUnit XML to ${dir}: it is a directory, not a file`);
    expect(listing(dir)).toEqual(['keep.txt']);
  });
});
