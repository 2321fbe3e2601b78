import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { builtinInvariants } from '../invariants';
import { main } from './main';

/** docs/ci.md's GitHub Actions and GitLab CI examples: every `npx netspec` command runs and passes. */
const ROOT = path.join(__dirname, '..', '..');
const doc = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
const pipelines = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as Record<string, unknown>);

interface GithubJob { steps: { run?: string }[] }
interface GitlabJob { script: string[]; artifacts: { paths: string[]; reports: { junit: string } } }
const github = pipelines.find((p) => 'jobs' in p) as { jobs: Record<string, GithubJob> } | undefined;
const gitlab = pipelines.find((p) => 'netspec' in p) as { netspec: GitlabJob } | undefined;

const examples: [string, () => string[], () => string[]][] = [
  ['GitHub Actions', () => Object.values(github!.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? s.run.split('\n') : []))), () => ['reports/html/index.html', 'reports/netspec-junit.xml']],
  ['GitLab CI', () => gitlab!.netspec.script, () => [...gitlab!.netspec.artifacts.paths.map((p) => `${p}/index.html`), gitlab!.netspec.artifacts.reports.junit]],
];

describe('docs/ci.md', () => {
  let project: string;
  const cwd = process.cwd();
  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'netspec-ci-docs-'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-cloud-tests' }));
    copyFileSync(path.join(ROOT, 'examples', 'reference-cloud.yaml'), path.join(project, 'cloud.yaml'));
  });
  afterAll(() => { process.chdir(cwd); rmSync(project, { recursive: true, force: true }); });

  it('has both examples', () => {
    expect(github).toBeDefined();
    expect(gitlab).toBeDefined();
  });

  it.each(examples)('%s: every netspec command passes and writes what the pipeline keeps', async (_, commands, artifacts) => {
    const netspec = commands().map((c) => c.trim()).filter((c) => c.startsWith('npx netspec '));
    expect(netspec.length).toBeGreaterThanOrEqual(2);
    rmSync(path.join(project, 'reports'), { recursive: true, force: true });
    process.chdir(project);
    try {
      for (const command of netspec) {
        const err: string[] = [];
        const code = await main(command.split(/\s+/).slice(2), () => undefined, (s) => err.push(s));
        expect({ command, code, err }).toEqual({ command, code: 0, err: [] });
      }
    } finally {
      process.chdir(cwd);
    }
    for (const file of artifacts()) expect(existsSync(path.join(project, file))).toBe(true);
    expect(readFileSync(path.join(project, 'reports', 'netspec-junit.xml'), 'utf8')).toContain(`<testsuite name="netspec check: reference" tests="${builtinInvariants.length}" failures="0"`);
  }, 120_000);
});
