import type { Branch, Disposition, Hop, Trace } from './types';

const RANK: Record<Disposition['kind'], number> = { answered: 6, delivered: 5, exits: 4, dropped: 2, 'no-route': 2, loop: 3 };

function rank(d: Disposition): number {
  return d.kind === 'dropped' && d.quiet ? 1 : RANK[d.kind];
}

/** Every leaf of a trace tree with the hops from the root to it, depth first. */
export function leaves(root: Branch): { path: Hop[]; end: Disposition }[] {
  const out: { path: Hop[]; end: Disposition }[] = [];
  const visit = (b: Branch, prefix: Hop[]) => {
    const path = prefix.concat(b.hops);
    if (b.end) out.push({ path, end: b.end });
    for (const f of b.forks) visit(f, path);
  };
  visit(root, []);
  return out;
}

/**
 * The outcome that speaks for a whole tree: an answer or a delivery if any branch got one,
 * otherwise the most telling failure — a flood's ordinary non-recipients rank last, and among
 * equal failures the one that got furthest wins (a dnsmasq refusal beats a flood copy's drop).
 */
export function bestLeaf(root: Branch): Disposition {
  let best: Disposition | undefined;
  let bestDepth = -1;
  let bestRank = 0;
  const visit = (b: Branch, depth: number) => {
    const d = depth + b.hops.length;
    // A failure decided by a host's own stack or a process (it received the packet and refused
    // it) tells more than a bridge discarding a flood copy.
    const r = b.end ? rank(b.end) + ((b.end.kind === 'dropped' || b.end.kind === 'no-route') && b.hops[b.hops.length - 1]?.kind !== 'ovs' ? 0.5 : 0) : 0;
    if (b.end && (!best || r > bestRank || (r === bestRank && d > bestDepth))) {
      best = b.end;
      bestRank = r;
      bestDepth = d;
    }
    for (const f of b.forks) visit(f, d);
  };
  visit(root, 0);
  return best ?? { kind: 'dropped', at: { host: '?', device: '?' }, rule: 'none', reason: 'the walk produced no outcome' };
}

/** The hops from the root to the leaf that `bestLeaf` picked: the path a reader cares about. */
export function mainPath(root: Branch): Hop[] {
  const best = bestLeaf(root);
  return leaves(root).find((l) => l.end === best)?.path ?? root.hops;
}

/** The request's own outcome, whatever became of its reply (a trace's disposition says the reply's failure). */
export function requestOutcome(t: Trace): Disposition {
  return t.disposition.direction === 'reply' ? bestLeaf(t.root) : t.disposition;
}
