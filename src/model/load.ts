/**
 * Topology files: YAML (which includes JSON) parsed with the `yaml` package, then validated and
 * normalized. Every failure, from a missing file to a YAML syntax error, is a `TopologyError`.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { Cloud } from './types';
import type { CloudSpec } from './spec';
import { TopologyError } from './errors';
import { normalizeCloud } from './normalize';

export function parseTopology(text: string, file: string): Cloud {
  const lines = new LineCounter();
  // uniqueKeys (the default) turns a repeated key, a likely copy-paste slip, into an error.
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length) {
    throw new TopologyError(doc.errors.map((e) => ({
      file, path: `line ${lines.linePos(e.pos[0]).line}`, rule: 'syntax', message: e.message.split('\n')[0],
    })));
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
