/**
 * Generated blocks in a hand-edited file:
 *
 *   // netspec:generated begin network:selfservice1
 *   …rewritten on every run…
 *   // netspec:generated end network:selfservice1
 *
 * `mergeBlocks` rewrites the blocks it is given in place, adds new ones after the block that
 * precedes them, removes blocks no longer generated, and leaves every line outside the blocks as
 * it was.
 */

export const BEGIN = '// netspec:generated begin';
export const END = '// netspec:generated end';
const BEGIN_LINE = /^\s*\/\/ netspec:generated begin (\S+)\s*$/;
const END_LINE = /^\s*\/\/ netspec:generated end (\S+)\s*$/;

export interface Block {
  id: string;
  /** The lines between the markers. */
  body: string;
}

interface Located extends Block {
  /** Line indexes of the begin and end markers. */
  begin: number;
  end: number;
}

/** A file whose markers do not pair up: fixing it needs a person, not a rewrite. */
export class BlockError extends Error {
  override readonly name = 'BlockError';
}

export function renderBlock(b: Block): string {
  return `${BEGIN} ${b.id}\n${b.body.replace(/\n+$/, '')}\n${END} ${b.id}`;
}

/** The generated blocks of a file, in order. */
export function findBlocks(text: string): Located[] {
  const lines = text.split('\n');
  const out: Located[] = [];
  let open: { id: string; begin: number } | undefined;
  lines.forEach((line, i) => {
    const b = BEGIN_LINE.exec(line);
    const e = END_LINE.exec(line);
    if (b) {
      if (open) throw new BlockError(`line ${i + 1}: block ${b[1]} begins inside block ${open.id} (begun on line ${open.begin + 1})`);
      open = { id: b[1], begin: i };
    } else if (e) {
      if (!open || open.id !== e[1]) throw new BlockError(`line ${i + 1}: end of block ${e[1]} ${open ? `inside block ${open.id}` : 'without its begin'}`);
      out.push({ id: open.id, begin: open.begin, end: i, body: lines.slice(open.begin + 1, i).join('\n') });
      open = undefined;
    }
  });
  if (open) throw new BlockError(`line ${open.begin + 1}: block ${open.id} never ends (no "${END} ${open.id}")`);
  const seen = new Set<string>();
  for (const b of out) {
    if (seen.has(b.id)) throw new BlockError(`line ${b.begin + 1}: a second block ${b.id}`);
    seen.add(b.id);
  }
  return out;
}

export interface MergeResult {
  text: string;
  rewritten: string[];
  added: string[];
  removed: string[];
  unchanged: string[];
}

/** `existing` with its generated blocks replaced by `blocks` (see the file comment). */
export function mergeBlocks(existing: string, blocks: readonly Block[]): MergeResult {
  const found = findBlocks(existing);
  const wanted = new Map(blocks.map((b) => [b.id, b]));
  const result: MergeResult = { text: '', rewritten: [], added: [], removed: [], unchanged: [] };
  const lines = existing.split('\n');
  // Replace or drop the blocks already there, bottom up so earlier indexes stay valid.
  for (const b of [...found].reverse()) {
    const next = wanted.get(b.id);
    if (!next) {
      const blankAfter = lines[b.end + 1] === '' && (b.begin === 0 || lines[b.begin - 1] === '') ? 1 : 0;
      lines.splice(b.begin, b.end - b.begin + 1 + blankAfter);
      result.removed.unshift(b.id);
      continue;
    }
    const body = next.body.replace(/\n+$/, '');
    if (body === b.body) { result.unchanged.unshift(b.id); continue; }
    lines.splice(b.begin, b.end - b.begin + 1, ...renderBlock(next).split('\n'));
    result.rewritten.unshift(b.id);
  }
  // Insert the new ones after the block that precedes them in `blocks` (or before the first block).
  let text = lines.join('\n');
  const present = new Set(found.map((b) => b.id));
  blocks.forEach((b, i) => {
    if (present.has(b.id)) return;
    const now = findBlocks(text);
    const before = blocks.slice(0, i).reverse().find((p) => now.some((n) => n.id === p.id));
    const ls = text.split('\n');
    const rendered = renderBlock(b).split('\n');
    if (before) {
      const at = now.find((n) => n.id === before.id)!.end + 1;
      ls.splice(at, 0, '', ...rendered);
    } else if (now.length) {
      ls.splice(now[0].begin, 0, ...rendered, '');
    } else {
      while (ls.length && ls[ls.length - 1] === '') ls.pop();
      ls.push(...(ls.length ? [''] : []), ...rendered);
    }
    text = ls.join('\n');
    present.add(b.id);
    result.added.push(b.id);
  });
  result.text = text.endsWith('\n') ? text : `${text}\n`;
  return result;
}
