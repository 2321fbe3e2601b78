import { describe, expect, it } from '@jest/globals';
import { portRuleMasking } from './port-masking';

/** Which ports a list of OVS `tp_dst` matches (a port, or `value/mask`) accepts. */
function accepted(matches: (number | string)[]): Set<number> {
  const out = new Set<number>();
  for (const m of matches) {
    const [value, mask] = typeof m === 'number' ? [m, 0xffff] : m.split('/').map(Number);
    for (let p = 0; p <= 0xffff; p++) if ((p & mask) === value) out.add(p);
  }
  return out;
}

describe('portRuleMasking', () => {
  it.each([[22, 22], [8000, 8080], [1, 65535], [1024, 2047], [0, 0], [65535, 65535], [1000, 1999]])('covers exactly %i..%i', (min, max) => {
    const got = accepted(portRuleMasking(min, max));
    expect(got.size).toBe(max - min + 1);
    expect(Math.min(...got)).toBe(min);
    expect(Math.max(...got)).toBe(max);
  });

  it('writes aligned blocks as Neutron does (a single port plainly)', () => {
    expect(portRuleMasking(22, 22)).toEqual([22]);
    expect(portRuleMasking(1024, 2047)).toEqual(['0x0400/0xfc00']);
    expect(portRuleMasking(8000, 8080)).toEqual(['0x1f40/0xffc0', '0x1f80/0xfff0', 8080]);
  });
});
