/**
 * The registry is complete (jest-extended's index meta-test): every matcher file is exported from
 * `all.ts` under its own name, declared in `NetspecMatchers`, and registered on `expect`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as all from '../all';

const dir = join(__dirname, '..');
const matcherFiles = readdirSync(dir).filter((f) => /^to[A-Z]\w*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
const exported = Object.keys(all).sort();

/** The method names declared in `interface NetspecMatchers<R> { … }`. */
function declaredMatchers(): string[] {
  const text = readFileSync(join(dir, 'types.generated.ts'), 'utf8');
  const body = /export interface NetspecMatchers<R> \{([\s\S]*?)\n\}/.exec(text)?.[1];
  if (!body) throw new Error('matchers/types.generated.ts: no `export interface NetspecMatchers<R> { … }`');
  return [...body.matchAll(/^\s*(to\w+)\s*\([^)]*\)\s*:\s*R\s*;/gm)].map((m) => m[1]).sort();
}

describe('matchers registry', () => {
  test('there are matcher files to check', () => {
    expect(matcherFiles.length).toBeGreaterThanOrEqual(11);
  });

  test('all.ts exports exactly the matcher files, each under its file name', () => {
    expect(exported).toEqual(matcherFiles);
  });

  test.each(matcherFiles)('%s.ts exports a function named after its file, and all.ts re-exports it', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, name)) as Record<string, unknown>;
    expect(typeof mod[name]).toBe('function');
    expect((all as Record<string, unknown>)[name]).toBe(mod[name]);
  });

  test('NetspecMatchers declares exactly the exported matchers', () => {
    expect(declaredMatchers()).toEqual(exported);
  });

  test.each(exported)('%s is registered on expect (setupFilesAfterEnv loads matchers/index.ts)', (name) => {
    expect(typeof (expect(null) as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(typeof (expect(null).not as unknown as Record<string, unknown>)[name]).toBe('function');
  });
});
