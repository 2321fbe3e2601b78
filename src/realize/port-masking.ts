/**
 * A port range as the value/mask matches Open vSwitch takes (neutron.common.utils
 * port_rule_masking): the fewest aligned blocks covering min..max, each `0x0400/0xfc00`, or the
 * port itself for a block of one.
 */
export function portRuleMasking(min: number, max: number): (number | string)[] {
  const out: (number | string)[] = [];
  let lo = min;
  while (lo <= max) {
    // The largest aligned block starting at lo that stays inside the range.
    let size = 1;
    while (size < 0x10000 && lo % (size * 2) === 0 && lo + size * 2 - 1 <= max) size *= 2;
    out.push(size === 1 ? lo : `0x${lo.toString(16).padStart(4, '0')}/0x${((0xffff & ~(size - 1)) >>> 0).toString(16).padStart(4, '0')}`);
    lo += size;
  }
  return out;
}
