/**
 * The dump directory: one JSON file per resource, each either what the OpenStack CLI prints
 * (`-f json`: a list of rows keyed by column headers, or one object for `show`) or what the
 * Neutron/Nova API returns (`{"networks": [...]}`, `{"router": {...}}`). The format is detected
 * per file, so a dump may mix both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TopologyError } from '../model/errors';
import type { Issues, Source } from './issues';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Format = 'cli' | 'api';

/** One kind of list file: its name, the command and the API call that print it. */
export interface ListFile {
  file: string;
  /** The API's collection key, e.g. `networks`. */
  apiKey: string;
  cli: string;
  api: string;
  /** CLI columns that only the right invocation prints (e.g. `--long`), with a hint. */
  cliColumns?: { columns: string[]; hint: string };
}

export interface ListRows {
  format: Format;
  rows: { row: Obj; index: number }[];
  file: string;
}

/** A `show` file: the CLI's object, or the API's `{"<key>": {...}}`. */
export interface ShowFile {
  format: Format;
  row: Obj;
  file: string;
}

export class Dump {
  private readonly names: Set<string>;
  /** The format each file read was in, by file name. */
  readonly formats = new Map<string, Format>();

  constructor(readonly dir: string, private readonly issues: Issues) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
    if (!isDir) {
      throw new TopologyError([{ file: dir, path: '(directory)', rule: 'file', message: 'no such directory: pass the directory holding the JSON files' }]);
    }
    this.names = new Set(readdirSync(dir));
  }

  /** The file as the user would name it: DIR/file. */
  path(file: string): string { return join(this.dir, file); }
  has(file: string): boolean { return this.names.has(file); }

  /** Parsed JSON, or undefined (with an issue) when it is unreadable or not JSON. */
  private json(file: string): unknown {
    const src: Source = { file: this.path(file), what: '(file)' };
    let text: string;
    try {
      text = readFileSync(this.path(file), 'utf8');
    } catch (e) {
      this.issues.add(src, 'file', `cannot read: ${(e as Error).message}`);
      return undefined;
    }
    if (!text.trim()) {
      this.issues.add(src, 'syntax', 'the file is empty (did the command fail?)');
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
      this.issues.add({ ...src, what: line ? `line ${line}` : '(file)' }, 'syntax', `not JSON: ${(e as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }

  /** Rows of a list file; undefined when it is absent (reported if required) or unusable. */
  list(kind: ListFile, required: boolean): ListRows | undefined {
    const file = this.path(kind.file);
    if (!this.has(kind.file)) {
      if (required) {
        this.issues.add({ file, what: '(file)' }, 'file', `missing: save \`${kind.cli}\` (or the body of ${kind.api}) as ${kind.file}`);
      }
      return undefined;
    }
    const data = this.json(kind.file);
    if (data === undefined) return undefined;
    let format: Format;
    let items: unknown[];
    if (Array.isArray(data)) {
      format = 'cli';
      items = data;
    } else if (isObj(data) && Array.isArray(data[kind.apiKey])) {
      format = 'api';
      items = data[kind.apiKey] as unknown[];
    } else {
      const got = isObj(data) ? `an object with keys ${Object.keys(data).slice(0, 6).join(', ') || '(none)'}` : JSON.stringify(data)?.slice(0, 40);
      this.issues.add({ file, what: '(file)' }, 'format',
        `neither \`${kind.cli}\` output (a JSON list) nor an API response ({"${kind.apiKey}": [...]}); got ${got}`);
      return undefined;
    }
    this.formats.set(kind.file, format);
    const rows: ListRows['rows'] = [];
    items.forEach((row, index) => {
      if (isObj(row)) rows.push({ row, index });
      else this.issues.add({ file, what: `item ${index}` }, 'format', `must be an object, not ${JSON.stringify(row)?.slice(0, 40)}`);
    });
    if (format === 'cli' && kind.cliColumns && rows.length) {
      const missing = kind.cliColumns.columns.filter((c) => !(c in rows[0].row));
      if (missing.length) {
        this.issues.add({ file, what: '(file)' }, 'format', `no ${missing.map((c) => `"${c}"`).join(', ')} column: ${kind.cliColumns.hint}`);
        return undefined;
      }
    }
    return { format, rows, file };
  }

  /** The first of `candidates` (e.g. `router-router1.json`, `router-<id>.json`) that exists. */
  show(candidates: string[], apiKey: string): ShowFile | undefined {
    const name = candidates.find((c) => this.has(c));
    if (!name) return undefined;
    const file = this.path(name);
    const data = this.json(name);
    if (data === undefined) return undefined;
    if (isObj(data) && isObj(data[apiKey])) { this.formats.set(name, 'api'); return { format: 'api', row: data[apiKey] as Obj, file }; }
    if (isObj(data) && 'id' in data) { this.formats.set(name, 'cli'); return { format: 'cli', row: data, file }; }
    this.issues.add({ file, what: '(file)' }, 'format', `neither \`openstack ... show -f json\` output (an object with "id") nor an API response ({"${apiKey}": {...}})`);
    return undefined;
  }
}

/** A file-name-safe form of a name or id, for `router-<name>.json`. */
export const fileKey = (s: string) => s.replace(/[/\\\0]/g, '_');

// ---- value coercion: the CLI prints machine-readable values with -f json, but older clients and
// hand-edited dumps use the human-readable forms; both are accepted.

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined =>
  (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const TRUE = new Set(['true', 'True', 'UP', 'up', 'yes', 'External', ':-)', 'enabled']);
const FALSE = new Set(['false', 'False', 'DOWN', 'down', 'no', 'Internal', 'XXX', 'disabled']);
export const bool = (v: unknown): boolean | undefined =>
  (typeof v === 'boolean' ? v : typeof v === 'string' ? (TRUE.has(v) ? true : FALSE.has(v) ? false : undefined) : undefined);
export const strList = (v: unknown): string[] | undefined => {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/[,\s]+/).filter(Boolean);
  return undefined;
};
/** `[{"a": ..}]`, or the CLI's human form `a='x', b='y'` (one dict per line). */
export function dictList(v: unknown): Obj[] | undefined {
  if (Array.isArray(v)) return v.filter(isObj);
  if (typeof v !== 'string') return undefined;
  return v.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const o: Obj = {};
    for (const m of line.matchAll(/(\w+)='([^']*)'/g)) o[m[1]] = m[2];
    return o;
  });
}
/** Parses a JSON-encoded dict the CLI printed as a string (e.g. `External gateway info`). */
export function dict(v: unknown): Obj | null | undefined {
  if (v === null) return null;
  if (isObj(v)) return v;
  if (typeof v === 'string') {
    if (!v.trim()) return null;
    try { const o: unknown = JSON.parse(v); return isObj(o) ? o : undefined; } catch { return undefined; }
  }
  return undefined;
}
