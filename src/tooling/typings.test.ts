import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from 'ts-morph';
import { createToolingProject } from './project';
import { DEFAULT_MATCHERS_DIR, MATCHER_FILE, generateMatcherTypings, TypingsError } from './typings';

const GENERATED = join(DEFAULT_MATCHERS_DIR, 'types.generated.ts');

describe('matchers/types.generated.ts', () => {
  const current = readFileSync(GENERATED, 'utf8');

  it('is up to date with matchers/to*.ts (run `npm run typings` when this fails)', () => {
    const fresh = generateMatcherTypings();
    if (fresh !== current) {
      throw new Error('matchers/types.generated.ts is out of date: run `npm run typings` and commit the result.\n'
        + `First difference at line ${firstDifferentLine(current, fresh)}.`);
    }
  });

  it('declares one method per matcher file, nothing else', () => {
    const files = readdirSync(DEFAULT_MATCHERS_DIR).filter((f) => MATCHER_FILE.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    const body = /export interface NetspecMatchers<R> \{([\s\S]*?)\n\}/.exec(current)![1];
    expect([...body.matchAll(/^ {2}(\w+)\(.*\): R;$/gm)].map((m) => m[1])).toEqual(files);
  });

  it('declares both Jest augmentations over the one interface', () => {
    expect(current).toContain("declare module 'expect' {\n  interface Matchers<R extends void | Promise<void>, T = unknown> extends NetspecMatchers<R> {}\n}");
    expect(current).toContain('declare global {\n  namespace jest {\n    interface Matchers<R, T = {}> extends NetspecMatchers<R> {}\n  }\n}');
  });

  it('matchers/types.ts declares nothing by hand: it re-exports the generated interface', () => {
    const types = readFileSync(join(DEFAULT_MATCHERS_DIR, 'types.ts'), 'utf8').replace(/\/\*\*[\s\S]*?\*\/\s*/, '');
    expect(types.trim()).toBe("export type { NetspecMatchers } from './types.generated';");
  });
});

describe('generateMatcherTypings', () => {
  let project: Project;
  beforeAll(() => { project = createToolingProject(true); });
  const gen = (files: Record<string, string>, outFile?: string) =>
    generateMatcherTypings({ project, matchersDir: '/m', outFile, files });
  const method = (text: string, name: string) => new RegExp(`^ {2}${name}[(<].*$`, 'm').exec(text)?.[0];

  const toBeFine = `import type { MatcherContext } from 'expect';
import type { Location } from '../src/trace/location';
import { Thing as Renamed } from './shared';
export interface FineOptions { strict?: boolean }
/**
 * Passes when fine.
 * @param where a location
 */
export function toBeFine(this: MatcherContext, received: unknown, where: Location, opts: FineOptions = {}, limit?: number, ...rest: Renamed[]) {
  return { pass: true, message: () => '' };
}`;

  it('drops this and received, keeps names and declared types; a default value makes a parameter optional', () => {
    expect(method(gen({ 'toBeFine.ts': toBeFine }), 'toBeFine'))
      .toBe('  toBeFine(where: Location, opts?: FineOptions, limit?: number, ...rest: Renamed[]): R;');
  });

  it('imports what the types need: rebased imports, aliases kept, local types from the matcher file; globals need none', () => {
    const text = gen({ 'toBeFine.ts': toBeFine, 'toBeOk.ts': 'export function toBeOk(this: C, r: unknown, re: RegExp | Record<string, Array<number>>) {}' });
    expect(text.split('\n').filter((l) => l.startsWith('import'))).toEqual([
      "import type { Location } from '../src/trace/location';",
      "import type { Thing as Renamed } from './shared';",
      "import type { FineOptions } from './toBeFine';",
    ]);
    expect(method(text, 'toBeOk')).toBe('  toBeOk(re: RegExp | Record<string, Array<number>>): R;');
  });

  it('rebases imports for another output directory', () => {
    const text = gen({ 'toBeFine.ts': toBeFine }, '/out/types/netspec.d.ts');
    expect(text).toContain("import type { Location } from '../../src/trace/location';");
    expect(text).toContain("import type { FineOptions } from '../../m/toBeFine';");
  });

  it('copies the TSDoc, tags included', () => {
    expect(gen({ 'toBeFine.ts': toBeFine })).toContain('  /**\n   * Passes when fine.\n   * @param where a location\n   */\n  toBeFine(');
  });

  it('keeps type parameters and does not import them', () => {
    const text = gen({ 'toHave.ts': 'export function toHave<K extends string>(this: C, r: unknown, key: K, value?: Partial<Record<K, Opt>>) {}\nexport type Opt = 1;' });
    expect(method(text, 'toHave')).toBe('  toHave<K extends string>(key: K, value?: Partial<Record<K, Opt>>): R;');
    expect(text).toContain("import type { Opt } from './toHave';");
    expect(text).not.toMatch(/import type \{ K \}/);
  });

  it.each([
    ['a local type that is not exported', 'interface Hidden { a: 1 }\nexport function toX(this: C, r: unknown, h: Hidden) {}', 'export `Hidden`'],
    ['a parameter without a type', 'export function toX(this: C, r: unknown, h) {}', 'parameter `h` of toX needs a type annotation'],
    ['no `this` parameter', 'export function toX(r: unknown, h: number) {}', 'must take `this: MatcherContext` first'],
    ['an arrow function', 'export const toX = function (this: C, r: unknown) {};', 'a variable (write a function declaration)'],
    ['no function of the file’s name', 'export function toY(this: C, r: unknown) {}', 'no function named toX'],
  ])('rejects %s, naming the file', (_what, source, message) => {
    expect(() => gen({ 'toX.ts': source })).toThrow(TypingsError);
    expect(() => gen({ 'toX.ts': source })).toThrow(/^matchers\/toX\.ts: /);
    expect(() => gen({ 'toX.ts': source })).toThrow(message);
  });

  it('rejects one name imported from two places by two matchers', () => {
    expect(() => gen({
      'toA.ts': "import type { Opt } from './a';\nexport function toA(this: C, r: unknown, o: Opt) {}",
      'toB.ts': "import type { Opt } from './b';\nexport function toB(this: C, r: unknown, o: Opt) {}",
    })).toThrow('`Opt` means ./b');
  });
});

function firstDifferentLine(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i + 1;
}
