/**
 * A line writer for stdout or stderr. When the reader goes away early (`netspec check | head -1`),
 * the write fails with EPIPE: the rest of the output is dropped quietly and the command ends with
 * its own exit status, instead of an unhandled 'error' event and a stack trace.
 */
const closed = new WeakSet<NodeJS.WritableStream>();
const guarded = new WeakSet<NodeJS.WritableStream>();

export function lineWriter(stream: NodeJS.WritableStream): (s: string) => void {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      closed.add(stream);
    });
  }
  return (s) => { if (!closed.has(stream)) stream.write(`${s}\n`); };
}
