import { printable } from '../util/printable';

/**
 * Escapes text for XML/HTML: names come from topology files and must never become markup. Control
 * and bidi characters are shown as escapes (see util/printable): XML forbids most controls, and
 * bidi overrides would reorder the picture.
 */
export function escapeXml(s: string): string {
  return printable(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
