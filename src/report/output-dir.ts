import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Directories netspec writes (Allure results, the HTML report) are netspec's only when they carry
 * this marker. netspec replaces or empties a directory only if it is new, empty or marked, so a
 * user's own files are never deleted, whatever path is given.
 */
export const OUTPUT_MARKER = '.netspec-output';

export class OutputDirError extends Error {
  override readonly name = 'OutputDirError';
}

export interface OutputDirOptions {
  /** What the directory holds, for messages: 'Allure results', 'the HTML report'. */
  what: string;
  /**
   * Entries that earlier versions of netspec wrote, before the marker existed, in a location
   * netspec itself chose (the default reports/ directories): such a directory counts as netspec's.
   */
  legacy?: (entry: string) => boolean;
}

/**
 * Writes a directory whole: `write` fills a new sibling temporary directory, which is renamed into
 * place only when complete. An interrupted or failed write leaves the previous contents intact
 * and no temporary directory behind.
 */
export function replaceOutputDir(dir: string, opts: OutputDirOptions, write: (tmp: string) => void): string {
  let target = checkReplaceable(dir, opts);
  const parent = path.dirname(target);
  makeDirs(parent, dir, opts.what);
  if (sweepStale(parent, path.basename(target))) target = checkReplaceable(dir, opts);
  let tmp: string;
  try {
    tmp = mkdtempSync(path.join(parent, `${tmpPrefix(path.basename(target))}${process.pid}-`));
  } catch (e) {
    throw cannotWrite(dir, opts.what, e);
  }
  try {
    markOwned(tmp, opts.what);
    write(tmp);
    markOwned(tmp, opts.what); // again: a writer may have cleared the directory it was given
    swapInto(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/**
 * Refuses now what replaceOutputDir would refuse after the work (a foreign, file or unwritable
 * target), so a long run never ends in that error. Creates nothing but missing parents.
 */
export function assertOutputDirWritable(dir: string, opts: OutputDirOptions): void {
  const target = checkReplaceable(dir, opts);
  const parent = path.dirname(target);
  makeDirs(parent, dir, opts.what);
  try {
    rmSync(mkdtempSync(path.join(parent, `${tmpPrefix(path.basename(target))}${process.pid}-`)), { recursive: true, force: true });
  } catch (e) {
    throw cannotWrite(dir, opts.what, e);
  }
}

/**
 * Empties a directory in place (it stays, so a process writing into it meanwhile never finds it
 * gone) and marks it netspec's; creates it when missing. Refuses a directory holding foreign files.
 */
export function clearOutputDir(dir: string, opts: OutputDirOptions): void {
  const target = checkReplaceable(dir, opts);
  if (!existsSync(target)) makeDirs(target, dir, opts.what);
  for (const entry of readdirSync(target)) {
    if (entry !== OUTPUT_MARKER) rmSync(path.join(target, entry), { recursive: true, force: true });
  }
  markOwned(target, opts.what);
}

/** Creates a directory and its missing parents, one level at a time, with a clear error. */
export function makeDirs(dir: string, shown = dir, what = 'output'): void {
  // mkdirSync(..., { recursive: true }) never returns where a parent refuses every entry
  // (/proc/x, on Node 20): walk up to what exists and create each level ourselves.
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new OutputDirError(`cannot write ${what} to ${shown}: ${at} is a file, not a directory`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw cannotWrite(shown, what, e);
    }
  }
}

/** The absolute directory to replace, after every refusal that protects the user's files. */
function checkReplaceable(dir: string, { what, legacy }: OutputDirOptions): string {
  if (dir.trim() === '') throw new OutputDirError(`the directory for ${what} is empty: give a directory path`);
  let target = path.resolve(process.cwd(), dir);
  if (!existsSync(target)) {
    if (lstatExists(target)) throw new OutputDirError(`cannot write ${what} to ${dir}: it is a broken symbolic link`);
    return target;
  }
  target = realpathSync(target); // a symbolic link to a directory: replace what it points to, keep the link
  if (!statSync(target).isDirectory()) throw new OutputDirError(`cannot write ${what} to ${dir}: it is a file, not a directory (give a directory path)`);
  const cwd = realpathSync(process.cwd());
  if (cwd === target || cwd.startsWith(target.endsWith(path.sep) ? target : target + path.sep)) {
    throw new OutputDirError(`refusing to write ${what} to ${dir}: it is the working directory${cwd === target ? '' : ' or one of its parents'}; give a directory of its own, e.g. ${path.join(dir, 'netspec-results')}`);
  }
  const entries = readdirSync(target);
  if (entries.length === 0 || entries.includes(OUTPUT_MARKER) || (legacy && entries.every(legacy))) return target;
  const sample = entries.filter((e) => !legacy?.(e)).slice(0, 3).map((e) => JSON.stringify(e)).join(', ');
  throw new OutputDirError(`refusing to write ${what} to ${dir}: it is not empty and netspec did not write it (no ${OUTPUT_MARKER} file; it holds ${sample}${entries.length > 3 ? ', ...' : ''}). Give a new or empty directory, or move those files away`);
}

function lstatExists(p: string): boolean {
  try { lstatSync(p); return true; } catch { return false; }
}

function markOwned(dir: string, what: string): void {
  writeFileSync(path.join(dir, OUTPUT_MARKER), `${JSON.stringify({ writtenBy: 'netspec', holds: what })}\nnetspec replaces this directory on its next run; files you add here are lost then.\n`);
}

/** Renames the complete new directory into place; the old one goes only after the new one is there. */
function swapInto(tmp: string, target: string): void {
  if (!existsSync(target)) { renameSync(tmp, target); return; }
  const old = `${tmp}.old`;
  renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (e) {
    renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

function tmpPrefix(base: string): string {
  return `.${base}.netspec-tmp-`;
}

/**
 * What a killed run left beside the target: its temporary directory (marked ours) is removed; the
 * previous contents it had moved aside (`.old`) go back into place if the new ones never arrived.
 */
function sweepStale(parent: string, base: string): boolean {
  const prefix = tmpPrefix(base);
  let restored = false;
  let entries: string[];
  try { entries = readdirSync(parent); } catch { return false; }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    const stale = path.join(parent, entry);
    const target = path.join(parent, base);
    if (entry.endsWith('.old') && !existsSync(target)) { renameSync(stale, target); restored = true; }
    else if (entry.endsWith('.old') || existsSync(path.join(stale, OUTPUT_MARKER))) rmSync(stale, { recursive: true, force: true });
  }
  return restored;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const WHY = new Map([
  ['EACCES', 'permission denied'], ['EPERM', 'operation not permitted'], ['EROFS', 'read-only file system'],
  ['ENOTDIR', 'a parent is a file, not a directory'], ['ENOSPC', 'no space left on the device'],
  ['ENOENT', 'no directory can be created there'],
]);

function cannotWrite(dir: string, what: string, e: unknown): OutputDirError {
  const err = e as NodeJS.ErrnoException;
  return new OutputDirError(`cannot write ${what} to ${dir}: ${WHY.get(err.code ?? '') ?? err.message}${err.code ? ` (${err.code})` : ''}`);
}
