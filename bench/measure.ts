/** Timing and memory helpers: wall-clock via `process.hrtime.bigint()`, single-threaded. */

export const now = (): bigint => process.hrtime.bigint();
export const msSince = (t0: bigint): number => Number(now() - t0) / 1e6;

/** Runs `fn` once; returns its result and the milliseconds it took. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = now();
  const value = fn();
  return { value, ms: msSince(t0) };
}

export interface Rate {
  /** Operations per second of the fastest window: the least disturbed by other processes. */
  best: number;
  /** Operations per second over all windows. */
  mean: number;
  iterations: number;
  ms: number;
}

/**
 * Calls `fn(i)` over `windows` windows, each lasting ≥ minMs/windows and ≥ minIterations/windows
 * calls. The clock is read once per batch so it does not weigh on fast operations.
 */
export function rate(fn: (i: number) => unknown, minMs = 1000, minIterations = 1000, windows = 5, batch = 50): Rate {
  let iterations = 0;
  let best = 0;
  let total = 0;
  for (let w = 0; w < windows; w++) {
    const t0 = now();
    let n = 0;
    let ms = 0;
    while (ms < minMs / windows || n < minIterations / windows) {
      for (let b = 0; b < batch; b++, n++) fn(iterations++);
      ms = msSince(t0);
    }
    best = Math.max(best, (n * 1000) / ms);
    total += ms;
  }
  return { best, mean: (iterations * 1000) / total, iterations, ms: total };
}

/** The fastest of `runs` calls, in milliseconds. */
export function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, timed(fn).ms);
  return best;
}

export interface Memory {
  rss: number;
  heapUsed: number;
}

export function memory(): Memory {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** Peak resident set size of the process so far, in bytes (getrusage ru_maxrss). */
export const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
