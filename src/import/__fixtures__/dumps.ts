/**
 * Test helpers: the two dumps of the reference cloud, and changed copies of them in a temporary
 * directory (the fixtures themselves are never touched).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { TopologyError } from '../../model/errors';
import { importOpenStack, type ImportResult } from '../openstack';

/** `openstack ... -f json` output of the reference cloud. */
export const CLI_DUMP = join(__dirname, '..', '..', '..', 'examples', 'openstack');
/** The same cloud as the Neutron and Nova APIs return it. */
export const API_DUMP = join(__dirname, 'api');

export type Json = any;

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'netspec-import-'));
  made.push(d);
  return d;
}

/**
 * A copy of `base` in a temporary directory, changed by `edit`: it receives every file parsed
 * (by name) and may change, add (assign) or delete (`delete files[name]`) them.
 */
export function dumpWith(base: string, edit: (files: Record<string, Json>) => void = () => {}): string {
  const dir = join(tempDir(), 'dump');
  cpSync(base, dir, { recursive: true });
  const files: Record<string, Json> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) files[f] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const before = new Set(Object.keys(files));
  edit(files);
  for (const f of before) if (!(f in files)) rmSync(join(dir, f));
  for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  return dir;
}

/** The issues of a failing import, one formatted line each. */
export function importProblems(dir: string): string[] {
  let result: ImportResult;
  try {
    result = importOpenStack(dir);
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  throw new Error(`expected the import of ${dir} to fail; it gave ${result.cloud.instances.length} instances`);
}

/** Rows of a CLI list file or the items of an API response. */
export const rows = (file: Json, key: string): Json[] => (Array.isArray(file) ? file : file[key]);
