/** A one-line progress bar on a terminal; silent when output is not a terminal (CI logs, pipes). */
export function progressBar(stream: NodeJS.WriteStream): ((done: number, total: number, label: string) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return (done, total, label) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const line = done >= total ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    stream.write(`\r${line.padEnd(80)}${done >= total ? '\r' : ''}`);
  };
}
