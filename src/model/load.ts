/**
 * Topology files: YAML (which includes JSON) parsed with the `yaml` package, then validated and
 * normalized. Every failure, from a missing file to a YAML syntax error, is a `TopologyError`.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Cloud } from './types';
import type { CloudSpec } from './spec';
import { TopologyError } from './errors';
import { normalizeCloud } from './normalize';

export function parseTopology(text: string, file: string): Cloud {
  const lines = new LineCounter();
  // yaml's own uniqueKeys check compares every key with every other (40,000 keys took 40 s), so
  // repeated keys, a likely copy-paste slip, are found here with one set per mapping instead.
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines, uniqueKeys: false });
  const errors = [...doc.errors.map((e) => ({ pos: e.pos[0], message: e.message.split('\n')[0] })), ...duplicateKeys(doc)];
  if (errors.length) {
    throw new TopologyError(errors.map((e) => ({ file, path: `line ${lines.linePos(e.pos).line}`, rule: 'syntax', message: e.message })));
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // e.g. an alias to an undefined anchor, only detected when resolving.
    throw new TopologyError([{ file, path: '(document)', rule: 'syntax', message: (e as Error).message }]);
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const { $schema: _editorHint, ...spec } = data as Record<string, unknown>;
    data = spec;
  }
  return normalizeCloud(data as CloudSpec, file);
}

function duplicateKeys(doc: Document): { pos: number; message: string }[] {
  const found: { pos: number; message: string }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : String(pair.key);
        if (seen.has(key)) found.push({ pos: (pair.key as { range?: number[] } | null)?.range?.[0] ?? map.range?.[0] ?? 0, message: 'Map keys must be unique' });
        seen.add(key);
      }
    },
  });
  return found;
}

export function loadTopology(file: string): Cloud {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new TopologyError([{ file, path: '(file)', rule: 'file', message: `cannot read topology file: ${why}` }]);
  }
  return parseTopology(text, file);
}
