import { HOSTILE_NAMES, RAW_UNSAFE } from '../testing/hostile-names';
import { printable, printableText } from './printable';

describe('printable', () => {
  it.each(HOSTILE_NAMES.map((h) => [h.label, h.name]))('%s: one line, no raw control, bidi or separator character', (_, name) => {
    expect(printable(name)).not.toMatch(RAW_UNSAFE);
    expect(printable(printable(name))).toBe(printable(name));
  });

  it('shows escapes that read back as JSON; keeps accents, CJK and emoji', () => {
    expect(printable('vm\u001b[31m')).toBe('vm\\u001b[31m'); // the README's examples
    expect(printable('web\u202e')).toBe('web\\u202e');
    expect(printable('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(printable('café 网络 🙂')).toBe('café 网络 🙂');
    // JSON escaped for a terminal is still the same JSON.
    const names = HOSTILE_NAMES.map((h) => h.name);
    expect(JSON.parse(printableText(JSON.stringify({ names }, null, 2)))).toEqual({ names });
  });

  it('printableText keeps line breaks and escapes the rest', () => {
    expect(printableText('line 1\nline\u001b[2J 2\r')).toBe('line 1\nline\\u001b[2J 2\\r');
  });
});
