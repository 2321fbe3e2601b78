/**
 * Which files the spec tools work on: each path given, or every spec/test file under a directory.
 * No ts-morph here, so commands can check their arguments before paying for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SPEC_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', 'reports']);

/** A path that does not exist: the commands turn it into a usage error (exit 2). */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
}

/**
 * Absolute paths of the files to work on, sorted: a file is taken as given (whatever its name);
 * a directory contributes every `*.spec.*` / `*.test.*` below it, outside node_modules and dot
 * directories.
 */
export function specFiles(paths: readonly string[], cwd = process.cwd()): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let stat;
    try { stat = statSync(abs); } catch { throw new MissingPathError(`no such file or directory: ${p}`); }
    if (stat.isDirectory()) walk(abs, out);
    else out.add(abs);
  }
  return [...out].sort();
}

function walk(dir: string, out: Set<string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && SPEC_FILE.test(e.name)) out.add(p);
  }
}

export function readSource(file: string): string {
  return readFileSync(file, 'utf8');
}
