/**
 * File names made from names (Allure attachments are saved under theirs when downloaded from the
 * report): one path segment, nothing a file system or shell treats specially, bounded length.
 * Path separators, NUL, the characters `printable` escapes and those Windows forbids become `_`;
 * a leading dot (`..`, hidden files) and trailing dots and spaces too; a long name keeps its start
 * and gets a hash of the whole, so different long names stay different.
 */
import { createHash } from 'node:crypto';
import { printable } from './printable';

/** At most this many bytes of UTF-8, well under the 255 most file systems allow, with room for a suffix. */
export const MAX_FILE_NAME_BYTES = 120;
const FORBIDDEN = /[/\\<>:"|?*]/u;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function safeFileName(name: string, maxBytes = MAX_FILE_NAME_BYTES): string {
  const chars = [...name].map((c) => (FORBIDDEN.test(c) || printable(c) !== c ? '_' : c));
  let s = chars.join('');
  if (bytes(s) > maxBytes) {
    const tail = `~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
    let head = '';
    for (const c of chars) { if (bytes(head) + bytes(c) + tail.length > maxBytes) break; head += c; }
    s = head + tail;
  }
  s = s.replace(/^\./, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  return s || '_';
}

/** An attachment's name: `<what> (<kind>).<ext>`, e.g. `vm1 → vm3 (path).svg`, `<what>` made safe. */
export function attachmentName(what: string, kind: string, ext: string): string {
  return `${safeFileName(what)} (${kind}).${ext}`;
}
