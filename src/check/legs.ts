import { leaves } from '../trace/leaves';
import type { Branch, Hop, Trace } from '../trace/types';
import type { FlowClasses } from './port-classes';

/**
 * Compositional legs. A flow from A to B on another subnet is three pieces: the walk until it
 * first reaches B's subnet (for a routed flow: the router's hop), that hop, and the walk on from
 * it. The first piece is the same for every destination that state outside its subnet cannot
 * tell from B (its remote class, across subnets); the hop the same for every pair of addresses
 * alike where it is; the last piece the same for every source whose address state outside its
 * own subnet cannot tell from A's. So A → B is spliced from three walks, each done once per
 * class: when all three hold and every judge says its verdict survives splicing, A → B holds
 * without a walk of its own. The answer is cut the same way. Anything that would make a splice
 * differ from a real walk (pieces that do not meet at the same ports, a piece that passes the
 * other flow's own attachment, a flood in an answer) and the flow is walked for real.
 */
export interface Legs {
  classes: FlowClasses;
  /** Where a walk to `to` can be cut before `b`'s subnet: the port it enters the meeting hop by (it depends on b's subnet only). */
  firstCut(t: Trace, to: string, b: string): FirstCut | null;
  /** The meeting hop of a walk: where it first reaches its destination's subnet. */
  hopCut(t: Trace): HopCut | null;
  /** Where a walk from `s0` can be cut after the meeting hop: the port it leaves it by. */
  lastCut(t: Trace, s0: string): LastCut | null;
}

/** Places are `host\0device\0port`; replies are null when the walk has no answer. */
export interface FirstCut { enters: string; replyLeaves: string | null }
export interface HopCut { enters: string; leaves: string; replyEnters: string | null; replyLeaves: string | null }
export interface LastCut { leaves: string; replyEnters: string | null }

/** Whether three pieces meet: at the hop's ports, both ways. */
export function pieces(first: FirstCut, hop: HopCut, last: LastCut): boolean {
  return first.enters === hop.enters && hop.leaves === last.leaves
    && first.replyLeaves === hop.replyLeaves && last.replyEnters === hop.replyEnters;
}

export function legsOf(classes: FlowClasses): Legs {
  // A first piece is cut once per destination subnet: its copies' paths, and where each first
  // (and its answer last) touches every subnet, are read once per walk.
  const shapes = new WeakMap<Trace, Shape>();
  const shapeOf = (t: Trace): Shape => {
    let shape = shapes.get(t);
    if (shape) return shape;
    const paths = leaves(t.root).map((l) => l.path);
    const first = paths.map((path) => {
      const at = new Map<string, number>();
      path.forEach((h, i) => classes.subnetsAtHop(h, (subnet) => { if (!at.has(subnet)) at.set(subnet, i); }));
      return at;
    });
    const reply = t.reply ? linear(t.reply) : null;
    const last = new Map<string, number>();
    reply?.forEach((h, i) => classes.subnetsAtHop(h, (subnet) => { last.set(subnet, i); }));
    shapes.set(t, (shape = { paths, first, reply, last }));
    return shape;
  };
  const cutsOf = (t: Trace, name: string) => {
    const subnet = classes.subnetOf(name);
    const shape = shapeOf(t);
    const request = requestCut(shape, subnet);
    if (!request) return null;
    if (!t.reply) return { request, reply: null };
    const hops = shape.reply;
    const j = !hops ? -1 : subnet === undefined ? hops.length - 1 : shape.last.get(subnet) ?? -1;
    return hops && j >= 0 ? { request, reply: { hops, index: j } } : undefined;
  };
  return {
    classes,
    firstCut(t, to, b) {
      const cut = cutsOf(t, b);
      if (!cut || cut.request.index === 0) return null;
      // Where the walk first met b's subnet must be where it first met its own destination's.
      const own = requestCut(shapeOf(t), classes.subnetOf(to));
      if (!own || own.hop !== cut.request.hop) return null;
      if (!cut.reply) return { enters: enters(cut.request.hop), replyLeaves: null };
      // (b's own attachment is in its subnet: after the last hop there, the answer cannot pass it.)
      if (meets(cut.reply.hops, classes.attachmentOf(to), cut.reply.index + 1)) return null;
      return { enters: enters(cut.request.hop), replyLeaves: leavesBy(cut.reply.hops[cut.reply.index]) };
    },
    hopCut(t) {
      const cut = cutsOf(t, t.flow.to);
      if (!cut) return null;
      const hop = cut.request.hop;
      const back = cut.reply ? cut.reply.hops[cut.reply.index] : undefined;
      return { enters: enters(hop), leaves: leavesBy(hop), replyEnters: back ? enters(back) : null, replyLeaves: back ? leavesBy(back) : null };
    },
    lastCut(t, s0) {
      const cut = cutsOf(t, t.flow.to);
      const own = classes.attachmentOf(s0);
      if (!cut || cut.request.after.some(([path, i]) => meets(path, own, i + 1))) return null;
      if (!cut.reply) return { leaves: leavesBy(cut.request.hop), replyEnters: null };
      if (meets(cut.reply.hops, own, 0, cut.reply.index)) return null;
      return { leaves: leavesBy(cut.request.hop), replyEnters: enters(cut.reply.hops[cut.reply.index]) };
    },
  };
}

/** A walk's copies (root to leaf), where each first touches each subnet, its answer's hops and where they last touch each. */
interface Shape { paths: Hop[][]; first: Map<string, number>[]; reply: Hop[] | null; last: Map<string, number> }

/**
 * Where a request first meets the subnet (any hop when there is none): one hop, the same on every
 * copy that meets it (copies of a flood that never get there are left as they are), with each
 * such copy's path and where on it that hop is.
 */
function requestCut(shape: Shape, subnet: string | undefined): { hop: Hop; index: number; after: [Hop[], number][] } | null {
  let cut: { hop: Hop; index: number; after: [Hop[], number][] } | null = null;
  for (let p = 0; p < shape.paths.length; p++) {
    const path = shape.paths[p];
    const i = subnet === undefined ? (path.length ? 0 : -1) : shape.first[p].get(subnet) ?? -1;
    if (i < 0) continue;
    if (cut && cut.hop !== path[i]) return null;
    if (!cut) cut = { hop: path[i], index: i, after: [] };
    cut.after.push([path, i]);
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

function enters(h: Hop): string {
  return `${h.host}\u0000${h.device}\u0000${h.in ?? ''}`;
}

function leavesBy(h: Hop): string {
  return `${h.host}\u0000${h.device}\u0000${h.out ?? ''}`;
}

/** Whether a leg (hops `from` up to `to`) passes a place of an instance's own attachment. */
function meets(hops: readonly Hop[], own: ReadonlySet<string>, from = 0, to = hops.length): boolean {
  if (!own.size) return false;
  for (let i = from; i < to; i++) {
    const h = hops[i];
    const device = `${h.host}\u0000${h.device}`;
    if (own.has(device) || (h.in !== undefined && own.has(`${device}\u0000${h.in}`)) || (h.out !== undefined && own.has(`${device}\u0000${h.out}`))) return true;
  }
  return false;
}
