import path from 'node:path';

const FEATURES: Record<string, string> = {
  'east-west': 'east-west', 'north-south': 'north-south', dhcp: 'DHCP', metadata: 'metadata',
  invariants: 'invariants', 'control-plane': 'control plane',
};

/** Epic and feature for a test from its file path: `specs/dhcp.spec.ts` → Neutron ML2/OVS behaviour / DHCP. */
export function labelsFor(file: string): { epic: string; feature: string } {
  const parts = file.split(/[\\/]/);
  const base = path.basename(file).replace(/\.(spec|test)\.ts$/, '');
  const epic = parts[0] === 'specs' ? 'Neutron ML2/OVS behaviour' : parts[0] === 'examples' ? 'examples' : 'netspec internals';
  const generative = parts[0] === 'specs' && parts[1] === 'generative';
  const feature = (Object.hasOwn(FEATURES, base) ? FEATURES[base] : undefined) ?? (generative ? 'generative' : parts.length > 2 ? parts[1] : base);
  return { epic, feature };
}

interface CircusBlock { name: string; parent?: CircusBlock }

/** The top-level describe of the running test (jest-circus keeps it in its global state). */
export function topDescribe(): string | undefined {
  const state = (globalThis as Record<symbol, { currentlyRunningTest?: CircusBlock } | undefined>)[Symbol.for('JEST_STATE_SYMBOL')];
  let block = state?.currentlyRunningTest?.parent;
  let top: string | undefined;
  while (block && block.parent) { top = block.name; block = block.parent; }
  return top;
}
