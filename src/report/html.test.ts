import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from '../check/run';
import { builtinInvariants } from '../invariants';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import { writeCheckResults } from './check-results';
import { generateHtmlReport, ReportError } from './html';
import { PACKAGE_ROOT } from './paths';

/** The report is built where the user is: their paths, their project's name, their allurerc. */
describe('generateHtmlReport in the user\'s folder', () => {
  let project: string;
  const cloud = referenceCloud();
  const report = runCheck(simulate(cloud), builtinInvariants.slice(0, 2));
  const title = (index: string) => /<title>\s*([^<]*?)\s*<\/title>/.exec(readFileSync(index, 'utf8'))?.[1];
  const tests = (dir: string) => Object.keys((JSON.parse(readFileSync(path.join(dir, 'test-results.json'), 'utf8')) as { byId: object }).byId).length;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'netspec-project-'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-lab-tests' }));
    writeCheckResults({ ...cloud, name: 'lab-a' }, report, path.join(project, 'shard-1'));
    writeCheckResults({ ...cloud, name: 'lab-b' }, report, path.join(project, 'shard-2'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('merges several results directories, resolved against cwd, into one report titled after the project', () => {
    const before = readdirSync(PACKAGE_ROOT);
    const index = generateHtmlReport(['shard-1', 'shard-2'], 'merged', { cwd: project });
    expect(index).toBe(path.join(project, 'merged', 'index.html'));
    expect(tests(path.join(project, 'merged'))).toBe(4);
    expect(title(index)).toBe('my-lab-tests');
    expect(readdirSync(PACKAGE_ROOT)).toEqual(before);
  }, 60_000);

  it('writes reports/html in cwd by default, titled as asked', () => {
    const index = generateHtmlReport('shard-1', undefined, { cwd: project, name: 'netspec check: lab-a' });
    expect(index).toBe(path.join(project, 'reports', 'html', 'index.html'));
    expect(title(index)).toBe('netspec check: lab-a');
  }, 60_000);

  it("honours the user's own allurerc", () => {
    const own = mkdtempSync(path.join(tmpdir(), 'netspec-allurerc-'));
    try {
      writeFileSync(path.join(own, 'allurerc.json'), JSON.stringify({ name: 'Our network', plugins: { awesome: { options: { singleFile: true } } } }));
      const index = generateHtmlReport(path.join(project, 'shard-2'), 'out', { cwd: own });
      expect(title(index)).toBe('Our network');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }, 60_000);

  it('names a missing results directory', () => {
    expect(() => generateHtmlReport(['shard-1', 'nope'], 'x', { cwd: project })).toThrow(ReportError);
    expect(() => generateHtmlReport(['nope'], 'x', { cwd: project })).toThrow(path.join(project, 'nope'));
  });
});
