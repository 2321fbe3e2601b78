/** Test helpers for the tooling tests (not shipped: __fixtures__ is outside the build). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { main } from '../../cli/main';

export const REPO = join(__dirname, '..', '..', '..');
export const FIXTURES = __dirname;

/**
 * A scratch directory inside the repository (so project-relative paths and the tsconfig `paths`
 * work), removed by `cleanup`. Its name matches no testMatch by itself; files written into it are
 * only run by the test that writes them.
 */
export function scratchDir(name: string): { dir: string; cleanup: () => void } {
  const dir = join(FIXTURES, `tmp-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the CLI with captured output; every `out`/`err` call is one entry. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err };
}

export interface JestAssertion {
  fullName: string;
  title: string;
  status: string;
  failureMessages: string[];
}

/**
 * Runs Jest in a child process on the `*.child.ts` spec files under `dir` (a name no other Jest run
 * matches), with netspec's matchers and the `netspec` module mapping (as users have them), and
 * returns each file's assertion results.
 */
export function childJest(dir: string, extraConfig: Record<string, unknown> = {}): Map<string, JestAssertion[]> {
  const outputFile = join(dir, `jest-results-${Date.now()}.json`);
  const config = {
    rootDir: REPO, roots: [dir], testMatch: ['**/*.child.ts'], testEnvironment: 'node',
    moduleNameMapper: { '^netspec$': '<rootDir>/src/index.ts', '^netspec/matchers$': '<rootDir>/matchers/index.ts' },
    setupFilesAfterEnv: ['<rootDir>/matchers/index.ts'],
    transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
    ...extraConfig,
  };
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/jest/bin/jest.js'), '--ci', '--json', `--outputFile=${outputFile}`,
    '--config', JSON.stringify(config)], { cwd: REPO, encoding: 'utf8' });
  let json: { testResults: { name: string; message: string; assertionResults: JestAssertion[] }[] };
  try {
    json = JSON.parse(readFileSync(outputFile, 'utf8'));
  } catch {
    throw new Error(`jest wrote no results (exit ${r.status}):\n${r.stderr}`);
  }
  const out = new Map<string, JestAssertion[]>();
  for (const t of json.testResults) {
    if (t.assertionResults.length === 0) throw new Error(`${t.name} did not run:\n${t.message}`);
    out.set(basename(t.name), t.assertionResults);
  }
  return out;
}
