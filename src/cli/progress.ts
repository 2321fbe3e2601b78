/**
 * A one-line progress bar on a terminal, with the time left estimated from the pace so far;
 * silent when output is not a terminal (CI logs, pipes).
 */
export function progressBar(stream: NodeJS.WriteStream, now: () => number = () => performance.now()): ((done: number, total: number, label: string) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const start = now();
  return (done, total, label) => {
    stream.write(`\r${progressLine(done, total, label, now() - start).padEnd(80)}${done >= total ? '\r' : ''}`);
  };
}

/** `[######..........] 12/40 ETA 3 s flows from vm1`; empty once done. */
export function progressLine(done: number, total: number, label: string, elapsedMs: number): string {
  if (done >= total) return '';
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  const eta = done > 0 ? ` ETA ${formatSeconds((elapsedMs / done) * (total - done))}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${eta} ${label}`.slice(0, 79);
}

function formatSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
