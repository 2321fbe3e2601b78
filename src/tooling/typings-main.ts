/**
 * `npm run typings`: regenerates `matchers/types.generated.ts` from `matchers/to*.ts`.
 * `--check` writes nothing and exits 1 when the file is out of date (for CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_MATCHERS_DIR, generateMatcherTypings, TypingsError } from './typings';

export function typingsMain(argv: string[], out = (s: string) => { process.stdout.write(`${s}\n`); },
  err = (s: string) => { process.stderr.write(`${s}\n`); }): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length) { err(`typings: unknown argument ${JSON.stringify(unknown[0])} (usage: typings [--check])`); return 2; }
  const file = join(DEFAULT_MATCHERS_DIR, 'types.generated.ts');
  const shown = relative(process.cwd(), file);
  let text: string;
  try {
    text = generateMatcherTypings();
  } catch (e) {
    if (e instanceof TypingsError) { err(`typings: ${e.message}`); return 2; }
    throw e;
  }
  let current: string | undefined;
  try { current = readFileSync(file, 'utf8'); } catch { current = undefined; }
  if (current === text) { out(`${shown} is up to date`); return 0; }
  if (check) { err(`${shown} is out of date: run \`npm run typings\``); return 1; }
  writeFileSync(file, text);
  out(`wrote ${shown}`);
  return 0;
}

if (require.main === module) process.exitCode = typingsMain(process.argv.slice(2));
