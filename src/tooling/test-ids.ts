/**
 * Stable test ids, as Tempest's `idempotent_id`: a `// @id <uuid>` comment on the line above each
 * `it`/`test`, so names stay readable and an id survives renames and moves. New ids are
 * deterministic (a UUID v5 of the file's path in its project and the test's describe path), so
 * `netspec ids --fix` and `netspec scaffold` give a test the same id. No ts-morph here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The id comment: `// @id 6f1c9a52-…`, alone on its line. */
export const ID_COMMENT = /^\s*\/\/\s*@id\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/i;
/** Any comment line that means to carry an id (to report malformed ones). */
export const ID_LIKE = /^\s*\/\/\s*@id\b/;

const NAMESPACE = 'a3c6f0e2-5d8b-4e4f-9a51-7b2d0c9e6f11';

/** A name-based UUID (RFC 9562 version 5) in netspec's namespace, or in `namespace`. */
export function uuid5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The id a test gets when it has none: from its file (relative to its project) and its name path. */
export function deterministicTestId(projectPath: string, namePath: readonly string[], salt = 0): string {
  return uuid5([projectPath, ...namePath, ...(salt ? [`#${salt}`] : [])].join('\n'));
}

/** A file's path relative to the nearest directory above it with a package.json, with `/`. */
export function projectPath(file: string): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const up = dirname(dir);
    if (up === dir) return file.split(sep).join('/');
    dir = up;
  }
  return relative(dir, file).split(sep).join('/');
}

/**
 * The id of the test whose call starts on `line` (1-based): the `// @id` comment among the comment
 * lines directly above it.
 */
export function idAbove(lines: readonly string[], line: number): { id: string; line: number } | undefined {
  for (let i = line - 2; i >= 0 && /^\s*\/\//.test(lines[i]); i--) {
    const m = ID_COMMENT.exec(lines[i]);
    if (m) return { id: m[1].toLowerCase(), line: i + 1 };
  }
  return undefined;
}
