import { createHash } from 'node:crypto';

/**
 * Deterministic identifiers: the same topology always yields the same UUIDs and MACs, so device
 * names (`qrouter-<id>`, `tap<port id[:11]>`) and snapshots are stable across runs.
 */
function digest(seed: string): Buffer {
  return createHash('sha1').update(seed).digest();
}

/** A UUID (version-5 layout) derived from `seed`. */
export function stableUuid(seed: string): string {
  const b = digest(seed);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A MAC under Neutron's default `base_mac` fa:16:3e:00:00:00, derived from `seed`. */
export function stableMac(seed: string): string {
  const b = digest(seed);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `fa:16:3e:${hex(b[0])}:${hex(b[1])}:${hex(b[2])}`;
}

/** A MAC under another base (`dvr_base_mac` fa:16:3f:00:00:00 for DVR host MACs), derived from `seed`. */
export function stableMacUnder(base: string, seed: string): string {
  return `${base.split(':').slice(0, 3).join(':')}${stableMac(seed).slice(8)}`;
}
