import { mainPath } from '../trace/leaves';
import type { Hop, Trace } from '../trace/types';

/**
 * The path that decided a trace's outcome (for a flood, the copy that was answered or
 * delivered), followed by the reply's path. Path matchers and invariants look here.
 */
export function decisivePath(t: Trace): Hop[] {
  return t.reply ? mainPath(t.root).concat(mainPath(t.reply)) : mainPath(t.root);
}

/** The hop where the trace's disposition happened. */
export function finalHop(t: Trace): Hop | undefined {
  const path = t.reply && t.disposition.direction === 'reply' ? mainPath(t.reply) : mainPath(t.root);
  for (let i = path.length - 1; i >= 0; i--) {
    const h = path[i];
    if (h.host === t.disposition.at.host && h.device === t.disposition.at.device) return h;
  }
  return path[path.length - 1];
}
