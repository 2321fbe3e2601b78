/**
 * How generated TypeScript holds text it did not write (names from the topology, paths): names
 * are data, so they appear only inside string literals or, for readers, inside comments, and in
 * either place they can never end it.
 *
 * - String literals: quoted as JSON.stringify would, plus U+2028/U+2029, bidi controls and lone
 *   surrogates escaped (`tsString`); `parseTsString` reads such a literal back.
 * - Comments: every line terminator, control and bidi character shown as an escape and `*\/`
 *   broken, so the text stays one line of comment in `//` and `/* *\/` comments alike (`commentText`).
 * - Block markers: the id of a block named after an object is one word (`blockId`), the same
 *   for the same name on every run, so re-running scaffold finds the block again.
 */
import { createHash } from 'node:crypto';
import { escapeChar, printable } from '../util/printable';

const UNSAFE_IN_STRING = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/gu;

/** A TypeScript string literal: single-quoted, or double-quoted when that needs no escapes. */
export function tsString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(q === "'" ? /'/g : /"/g, `\\${q}`).replace(UNSAFE_IN_STRING, escapeChar);
  return `${q}${body}${q}`;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The value of a string literal `tsString` wrote (or any simple one: `\n`, `\uXXXX`, `\u{…}`, `\xXX`), or undefined. */
export function parseTsString(literal: string): string | undefined {
  const q = literal[0];
  if ((q !== "'" && q !== '"') || literal.length < 2 || literal[literal.length - 1] !== q) return undefined;
  let out = '';
  for (let i = 1; i < literal.length - 1; i++) {
    const c = literal[i];
    if (c === q || c === '\n' || c === '\r') return undefined;
    if (c !== '\\') { out += c; continue; }
    const e = literal[++i];
    if (e === undefined || i >= literal.length - 1) return undefined;
    let hex: RegExpExecArray | null;
    if ((hex = /^u\{([0-9a-fA-F]{1,6})\}/.exec(literal.slice(i)))) { out += String.fromCodePoint(parseInt(hex[1], 16)); i += hex[0].length - 1; }
    else if ((hex = /^u([0-9a-fA-F]{4})/.exec(literal.slice(i)))) { out += String.fromCharCode(parseInt(hex[1], 16)); i += 4; }
    else if ((hex = /^x([0-9a-fA-F]{2})/.exec(literal.slice(i)))) { out += String.fromCharCode(parseInt(hex[1], 16)); i += 2; }
    else out += SIMPLE_ESCAPES[e] ?? e;
  }
  return out;
}

/** Text for inside a `//` or `/* *\/` comment: one line, nothing that ends the comment, nothing that reorders it. */
export function commentText(s: string): string {
  return printable(s).replace(/\*\//g, '*\\/');
}

const MAX_ID = 100;

/**
 * The id of the generated block for an object, `kind:name`, as one word: `%`, whitespace and the
 * characters `printable` escapes become `%` and four hex digits (all of them are single UTF-16
 * units); a long name keeps its first characters and a hash of the whole name.
 */
export function blockId(kind: string, name: string): string {
  const encoded = [...name].map((c) => (/[%\s]/u.test(c) || printable(c) !== c ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c));
  if (encoded.join('').length <= MAX_ID) return `${kind}:${encoded.join('')}`;
  let head = '';
  for (const c of encoded) { if (head.length + c.length > MAX_ID - 14) break; head += c; }
  return `${kind}:${head}~${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}
