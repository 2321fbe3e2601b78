import type { Branch, Hop, Trace } from '../trace/types';
import { leaves } from '../trace/leaves';
import type { FlowClasses } from './port-classes';

/**
 * Compositional legs. A flow from A to B on another subnet is two legs: until the packet first
 * reaches B's subnet (for a routed flow: the router), and from there on. The first leg is the
 * same for every destination of B's coarse class (state outside a subnet cannot tell them
 * apart), the second the same for every source of A's source class (past the router, frames
 * carry A's address, and every piece of state naming it is in the class). So the flow A → B is
 * spliced from A → B0 (B0 alike B before the subnet) and S0 → B (S0 alike A after it): when
 * both hold, and each judge says its verdict survives splicing, A → B holds without a walk of
 * its own. The answer is spliced the same way, at the last hop in B's subnet. Anything that
 * would make the splice differ from a real walk (a flood, a leg that meets the other flow's own
 * attachment, split points that disagree) and the flow is walked for real.
 */
export interface Legs {
  /** The class that decides a source's second legs to one destination. */
  sourceClassOf(source: string, destination: string): string | undefined;
  /** Where `t` (A → B0) can be cut after its first leg, or null when it cannot be spliced. */
  firstLeg(t: Trace, b0: string): Cut | null;
  /** Where `t` (S0 → B) can be cut before its second leg, or null when it cannot be spliced. */
  secondLeg(t: Trace, s0: string): Cut | null;
}

/** Where a walk is cut: the hop where its request first meets the subnet, and where its answer last does. */
export interface Cut {
  request: string;
  reply: string | null;
}

/** Whether a first and a second leg splice into one flow: both are cut at the same places. */
export function meet(first: Cut, second: Cut): boolean {
  return first.request === second.request && first.reply === second.reply;
}

export function legsOf(classes: FlowClasses): Legs {
  return {
    sourceClassOf: (a, b) => classes.sourceClassOf(a, b),
    firstLeg(t, b0) {
      const touches = classes.hopTouchesSubnetOf(b0);
      const cut = requestCut(t.root, touches);
      if (!cut || cut.index === 0) return null;
      if (!t.reply) return { request: place(cut.hop), reply: null };
      const reply = linear(t.reply);
      const j = reply ? lastIndex(reply, touches) : -1;
      if (!reply || j < 0 || meets(reply.slice(j + 1), classes.attachmentOf(b0))) return null;
      return { request: place(cut.hop), reply: place(reply[j]) };
    },
    secondLeg(t, s0) {
      const touches = classes.hopTouchesSubnetOf(t.flow.to);
      const own = classes.attachmentOf(s0);
      const cut = requestCut(t.root, touches);
      if (!cut || cut.after.some((hops) => meets(hops, own))) return null;
      if (!t.reply) return { request: place(cut.hop), reply: null };
      const reply = linear(t.reply);
      const j = reply ? lastIndex(reply, touches) : -1;
      if (!reply || j < 0 || meets(reply.slice(0, j + 1), own)) return null;
      return { request: place(cut.hop), reply: place(reply[j]) };
    },
  };
}

/**
 * Where a request first meets the subnet: one hop, the same on every copy that meets it (copies
 * of a flood that never get there are left as they are), with what every such copy does after.
 */
function requestCut(root: Branch, touches: (h: Hop) => boolean): { hop: Hop; index: number; after: Hop[][] } | null {
  let cut: { hop: Hop; index: number; after: Hop[][] } | null = null;
  for (const { path } of leaves(root)) {
    const i = path.findIndex(touches);
    if (i < 0) continue;
    if (cut && cut.hop !== path[i]) return null;
    if (!cut) cut = { hop: path[i], index: i, after: [] };
    cut.after.push(path.slice(i));
  }
  return cut;
}

/** The hops of a walk that never forked into two copies (a branch that goes on in one fork is one path), else null. */
function linear(b: Branch): Hop[] | null {
  const hops: Hop[] = [];
  for (let at: Branch | undefined = b; at; at = at.forks[0]) {
    if (at.forks.length > 1) return null;
    hops.push(...at.hops);
  }
  return hops;
}

function place(h: Hop): string {
  return `${h.host}\u0000${h.device}\u0000${h.in ?? ''}\u0000${h.out ?? ''}`;
}

function lastIndex(hops: Hop[], p: (h: Hop) => boolean): number {
  for (let i = hops.length - 1; i >= 0; i--) if (p(hops[i])) return i;
  return -1;
}

/** Whether a leg passes a place of an instance's own attachment. */
function meets(hops: Hop[], own: ReadonlySet<string>): boolean {
  return hops.some((h) => own.has(`${h.host}\u0000${h.device}`)
    || (h.in !== undefined && own.has(`${h.host}\u0000${h.device}\u0000${h.in}`))
    || (h.out !== undefined && own.has(`${h.host}\u0000${h.device}\u0000${h.out}`)));
}
