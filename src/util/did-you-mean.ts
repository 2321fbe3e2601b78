/**
 * Edit distance with adjacent transpositions (optimal string alignment): how many single-character
 * insertions, deletions, substitutions or swaps turn `a` into `b`. A swap (`egde`) is one typo.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    [before, prev] = [prev, cur];
  }
  return prev[b.length];
}

/** The option closest to `word`, if one is close enough to be a typo of it (case ignored). */
export function closest(word: string, options: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  const w = word.toLowerCase();
  for (const o of options) {
    // The distance is at least the difference in length: skip the quadratic comparison then (a 10 kB name once cost 10 ms per issue).
    if (Math.abs(o.length - w.length) >= bestD) continue;
    const d = editDistance(w, o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}

/** ` (did you mean "x"?)` for the closest option, or nothing. */
export function didYouMean(word: string, options: Iterable<string>): string {
  const best = closest(word, options);
  return best ? ` (did you mean "${best}"?)` : '';
}
