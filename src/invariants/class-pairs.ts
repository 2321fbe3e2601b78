/**
 * Flows between two classes of instances, counted and listed without walking them: shared by the
 * check (one walk per pair of classes) and what-if (one comparison per pair of classes).
 */

export function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x); else m.set(k, [x]);
  }
  return m;
}

/** A flow from A to B (two distinct members), if there is one: A's first member's when it can be. */
export function representatives<T>(A: readonly T[], B: readonly T[]): [T, T] | undefined {
  const y = B.find((b) => b !== A[0]);
  if (y) return [A[0], y];
  const x = A.find((a) => a !== B[0]);
  return x ? [x, B[0]] : undefined;
}

/** Flows from A to B: every pair of distinct members. */
export function pairCount<T>(A: readonly T[], B: readonly T[]): number {
  // Classes are small and this runs for every pair of classes: no set unless both are large.
  let both = 0;
  if (A.length * B.length <= 1024) {
    for (const a of A) if (B.includes(a)) both++;
  } else {
    const inB = new Set(B);
    for (const a of A) if (inB.has(a)) both++;
  }
  return A.length * B.length - both;
}
