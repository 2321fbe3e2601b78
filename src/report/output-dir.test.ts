import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAllureResultFile } from './allure-files';
import { clearOutputDir, OUTPUT_MARKER, OutputDirError, replaceOutputDir } from './output-dir';

const OPTS = { what: 'Allure results' };
let root: string;

beforeEach(() => { root = mkdtempSync(path.join(tmpdir(), 'netspec-outdir-')); });
afterEach(() => { jest.restoreAllMocks(); rmSync(root, { recursive: true, force: true }); });

const put = (dir: string, files: Record<string, string>) => {
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
};
const write = (files: Record<string, string>) => (tmp: string) => put(tmp, files);
/** Everything beside the target: a temporary directory left behind would show here. */
const siblings = () => readdirSync(root).sort();
const refusal = (f: () => void): string => {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(OutputDirError); return (e as Error).message; }
  throw new Error('expected an OutputDirError');
};

describe('replaceOutputDir', () => {
  it('writes a new directory, marked as netspec\'s, and leaves nothing else beside it', () => {
    const dir = path.join(root, 'results');
    replaceOutputDir(dir, OPTS, write({ 'a.json': '1' }));
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'a.json']);
    expect(siblings()).toEqual(['results']);
  });

  it('creates missing parents', () => {
    const dir = path.join(root, 'a', 'b', 'results');
    replaceOutputDir(dir, OPTS, write({ 'a.json': '1' }));
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('1');
  });

  it('replaces its own previous results whole', () => {
    const dir = path.join(root, 'results');
    replaceOutputDir(dir, OPTS, write({ 'old.json': '1' }));
    replaceOutputDir(dir, OPTS, write({ 'new.json': '2' }));
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'new.json']);
    expect(siblings()).toEqual(['results']);
  });

  it('writes into an existing empty directory', () => {
    const dir = path.join(root, 'results');
    mkdirSync(dir);
    replaceOutputDir(dir, OPTS, write({ 'a.json': '1' }));
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'a.json']);
  });

  it('refuses a non-empty directory netspec did not write, naming it and what to do; its files stay', () => {
    const dir = path.join(root, 'mine');
    put(dir, { 'thesis.tex': 'years of work' });
    const message = refusal(() => replaceOutputDir(dir, OPTS, write({ 'a.json': '1' })));
    expect(message).toContain(dir);
    expect(message).toContain('netspec did not write it');
    expect(message).toContain('"thesis.tex"');
    expect(message).toContain('Give a new or empty directory');
    expect(readFileSync(path.join(dir, 'thesis.tex'), 'utf8')).toBe('years of work');
    expect(siblings()).toEqual(['mine']);
  });

  it('refuses a regular file given as the directory and leaves it alone', () => {
    const file = path.join(root, 'notes.txt');
    writeFileSync(file, 'keep me');
    expect(refusal(() => replaceOutputDir(file, OPTS, write({ 'a.json': '1' })))).toContain(`${file}: it is a file, not a directory`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(refusal(() => replaceOutputDir(path.join(file, 'sub'), OPTS, write({})))).toContain('is a file, not a directory');
  });

  it('never takes the working directory or one of its parents, even an empty one', () => {
    const cwd = path.join(root, 'project', 'sub');
    mkdirSync(cwd, { recursive: true });
    jest.spyOn(process, 'cwd').mockReturnValue(cwd);
    expect(refusal(() => replaceOutputDir('.', OPTS, write({ 'a.json': '1' })))).toContain('it is the working directory');
    expect(refusal(() => replaceOutputDir('..', OPTS, write({ 'a.json': '1' })))).toContain('or one of its parents');
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(path.join(root, 'project'))).toEqual(['sub']);
  });

  it('an interrupted write leaves the previous complete results and no temporary directory', () => {
    const dir = path.join(root, 'results');
    replaceOutputDir(dir, OPTS, write({ 'complete.json': 'previous run' }));
    expect(() => replaceOutputDir(dir, OPTS, (tmp) => {
      put(tmp, { 'half.json': '...' });
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'complete.json']);
    expect(readFileSync(path.join(dir, 'complete.json'), 'utf8')).toBe('previous run');
    expect(siblings()).toEqual(['results']);
  });

  it('a run killed mid-way is cleaned up by the next: its temporary directory goes, moved-aside results come back', () => {
    const dir = path.join(root, 'results');
    const deadPid = 2 ** 22 + 1; // above Linux's pid_max: no such process
    put(path.join(root, `.results.netspec-tmp-${deadPid}-abc123`), { [OUTPUT_MARKER]: '{}', 'half.json': '...' });
    put(path.join(root, `.results.netspec-tmp-${deadPid}-def456.old`), { [OUTPUT_MARKER]: '{}', 'complete.json': 'previous run' });
    put(path.join(root, '.results.netspec-tmp-notours'), { 'keep.txt': 'x' });
    expect(() => replaceOutputDir(dir, OPTS, () => { throw new Error('interrupted again'); })).toThrow('interrupted again');
    expect(readFileSync(path.join(dir, 'complete.json'), 'utf8')).toBe('previous run');
    expect(siblings()).toEqual(['.results.netspec-tmp-notours', 'results']);
  });

  it('follows a symbolic link to a directory and keeps the link', () => {
    const real = path.join(root, 'real');
    replaceOutputDir(real, OPTS, write({ 'old.json': '1' }));
    symlinkSync(real, path.join(root, 'link'));
    replaceOutputDir(path.join(root, 'link'), OPTS, write({ 'new.json': '2' }));
    expect(readdirSync(path.join(root, 'link')).sort()).toEqual([OUTPUT_MARKER, 'new.json']);
    expect(readdirSync(real).sort()).toEqual([OUTPUT_MARKER, 'new.json']);
  });

  const linux = process.platform === 'linux' ? it : it.skip;
  linux('a place that takes no directory (/proc) fails at once with a clear error', () => {
    expect(refusal(() => replaceOutputDir('/proc/netspec-results', OPTS, write({ 'a.json': '1' }))))
      .toBe('cannot write Allure results to /proc/netspec-results: no directory can be created there (ENOENT)');
    expect(refusal(() => replaceOutputDir('/proc/netspec/results', OPTS, write({ 'a.json': '1' }))))
      .toMatch(/^cannot write Allure results to \/proc\/netspec\/results: .*\(ENOENT\)$/);
  });

  it('accepts a legacy directory only when every entry is one the caller recognises', () => {
    const dir = path.join(root, 'allure-results');
    put(dir, { 'environment.properties': 'a=b', '0a7a65fe-a711-4726-8d55-8fc0c6c87622-result.json': '{}' });
    replaceOutputDir(dir, { what: 'Allure results', legacy: isAllureResultFile }, write({ 'new.json': '2' }));
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'new.json']);
    rmSync(dir, { recursive: true });
    put(dir, { 'environment.properties': 'a=b', 'notes.md': 'mine' });
    expect(refusal(() => replaceOutputDir(dir, { what: 'Allure results', legacy: isAllureResultFile }, write({})))).toContain('"notes.md"');
  });
});

describe('clearOutputDir', () => {
  it('creates a missing directory, marked', () => {
    const dir = path.join(root, 'reports', 'allure-results');
    clearOutputDir(dir, OPTS);
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });

  it('empties its own directory in place', () => {
    const dir = path.join(root, 'allure-results');
    clearOutputDir(dir, OPTS);
    put(dir, { 'x-result.json': '{}' });
    put(path.join(dir, 'sub'), { 'y.txt': '' });
    clearOutputDir(dir, OPTS);
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });

  it('refuses a directory holding files netspec did not write, and deletes none of them', () => {
    const dir = path.join(root, 'allure-results');
    put(dir, { 'environment.properties': 'a=b', 'notes.md': 'mine' });
    expect(refusal(() => clearOutputDir(dir, { what: 'Allure results', legacy: isAllureResultFile }))).toContain('"notes.md"');
    expect(readdirSync(dir).sort()).toEqual(['environment.properties', 'notes.md']);
  });

  it('takes over a legacy directory of Allure results written before the marker existed', () => {
    const dir = path.join(root, 'allure-results');
    put(dir, { 'environment.properties': 'a=b', '1089d7b7-62eb-4c68-8b66-7a9c9ee89265-attachment.csv': 'x' });
    clearOutputDir(dir, { what: 'Allure results', legacy: isAllureResultFile });
    expect(existsSync(path.join(dir, OUTPUT_MARKER))).toBe(true);
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });
});
