/**
 * Names come from topology files and OpenStack dumps, i.e. from tenants: they are data, and the
 * characters below must never reach a terminal, a generated file or a comment raw. A terminal
 * obeys C0/C1 controls and ESC sequences (colours, cursor moves, window titles, "clear screen");
 * CR rewrites the line; bidi overrides and isolates reorder what a reader sees (Trojan Source,
 * CVE-2021-42574); U+2028/U+2029 end a line in JavaScript source; a lone surrogate cannot be
 * written as UTF-8 and would silently become U+FFFD.
 *
 * Every such character is shown as an escape that is also valid JSON and TypeScript (`\n`, `\r`,
 * `\t`, `\u001b`, `\u202e`), so escaped JSON stays the same JSON. Everything else, accents and
 * CJK included, stays as it is.
 */

/** C0 and C1 controls and DEL; line and paragraph separators; bidi marks, embeddings, overrides and isolates; BOM. */
const UNSAFE_CLASS = '\\p{Cc}\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]|\\p{Cs}`, 'gu');
const UNSAFE_BUT_NEWLINE = new RegExp(`(?!\\n)[${UNSAFE_CLASS}]|\\p{Cs}`, 'gu');
const UNSAFE_TEST = new RegExp(`[${UNSAFE_CLASS}]|\\p{Cs}`, 'u');

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The escape a character is shown as: `\n`, `\r`, `\t`, else `\uXXXX`. */
export function escapeChar(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Whether `s` holds a character that must not be shown raw. */
export function hasUnsafeChars(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** A name (or any one-line text made from names) safe to show: every unsafe character escaped, newlines included. */
export function printable(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** Multi-line text safe for a terminal: line breaks stay, every other unsafe character is escaped. */
export function printableText(s: string): string {
  return s.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}
