import { pieces, type FirstCut, type HopCut, type LastCut, type Legs } from '../check/legs';
import type { Trace } from '../trace/types';
import type { InstanceInfo } from './flows';
import type { Destination, Violation } from './types';

/** What the search lends the legs: walking and judging one flow, and what each judge allows. */
export interface Walker {
  applicable(from: InstanceInfo, to: Destination): number[];
  walk(from: InstanceInfo, to: InstanceInfo, ks: number[]): { t: Trace; found: (Violation | null)[] };
  splices(k: number, t: Trace, from: InstanceInfo, to: Destination): boolean;
  reachesSubnetOf(t: Trace, name: string): boolean;
}

interface Walk<C> {
  /** Let go once a piece's verdicts are settled (hops and last pieces keep only their cut): thousands are kept. */
  t?: Trace;
  from: InstanceInfo;
  to: InstanceInfo;
  ks: number[];
  found: (Violation | null)[];
  cut: C | null;
  /** By invariant: whether this walk's verdict holds and survives splicing (worked out once). */
  held?: boolean[];
}

/** A first piece keeps its trace: the legs cut it anew for each destination subnet. */
type FirstWalk = Walk<never> & { t: Trace };

/**
 * The three pieces of flows between subnets (check/legs.ts), each walked once per class and
 * reused: first pieces by (source class, the destination's remote class), meeting hops by the
 * two addresses' classes, last pieces by (the source's remote class, destination).
 */
export class SplicedLegs {
  private readonly firsts = new Map<string, { bySubnet: Map<string, FirstWalk>; nowhere: FirstWalk[] }>();
  private readonly hops = new Map<string, Walk<HopCut>>();
  private readonly lasts = new Map<string, Walk<LastCut>>();
  private readonly firstCuts = new Map<Trace, Map<string, FirstCut | null>>();
  private source: string | undefined;
  /** The one flow walked for real last, so a piece that happened to be it is not walked twice. */
  private real: { from: InstanceInfo; to: InstanceInfo; walk: { t: Trace; found: (Violation | null)[] }; ks: number[] } | undefined;

  constructor(private readonly w: Walker, private readonly legs: Legs) {}

  /**
   * Verdicts for every flow from class A (fine) to destinations `fine` (the fine classes of one
   * coarse class, on another subnet than A's), through `record`. False when the legs cannot
   * speak for them (then the caller walks them as before).
   */
  coarse(a: InstanceInfo, b0: InstanceInfo, ks: number[], fine: Iterable<InstanceInfo>,
    record: (b: InstanceInfo, fks: number[], verdicts: (Violation | null)[], whole: boolean) => void): boolean {
    const first = this.first(a, b0, ks);
    if (!first) return false;
    // A walk that reached no subnet stands for every destination of the remote class.
    if (!this.reaches(first, first.to) && !this.reaches(first, b0)) {
      if (ks.length !== first.ks.length || !ks.every((k) => first.ks.includes(k) && first.found[k] === null)) return false;
      record(b0, ks, [], true);
      return true;
    }
    for (const b of fine) {
      const fks = this.w.applicable(a, b);
      if (!fks.length) continue;
      const held = this.composed(first, a, b, fks);
      const rest = fks.filter((k) => !held.includes(k));
      const verdicts = rest.length ? this.walkReal(a, b, rest) : [];
      for (const k of held) verdicts[k] = null;
      record(b, fks, verdicts, false);
    }
    return true;
  }

  /**
   * The subnets reached by a walk from `a` toward `b0` that reached neither b0's subnet nor its
   * own destination's and broke none of `ks`: it stands for every destination of b0's remote
   * class on a subnet it never reached. Undefined when no such walk is at hand.
   */
  wide(a: InstanceInfo, b0: InstanceInfo, ks: number[]): ReadonlySet<string> | undefined {
    const first = this.first(a, b0, ks);
    if (!first || this.reaches(first, first.to) || this.reaches(first, b0)) return undefined;
    if (ks.length !== first.ks.length || !ks.every((k) => first.ks.includes(k) && first.found[k] === null)) return undefined;
    return this.legs.classes.subnetsReachedBy(first.t);
  }

  /** Whether a walk reached b's subnet (the classes remember each walk's subnets). */
  private reaches(walk: FirstWalk, b: InstanceInfo): boolean {
    return this.w.reachesSubnetOf(walk.t, b.instance.name);
  }

  private composed(first: FirstWalk, a: InstanceInfo, b: InstanceInfo, fks: number[]): number[] {
    const held = fks.filter((k) => this.holds(first, k));
    if (!held.length) return [];
    const cut = this.firstCut(first, b);
    if (!cut) return [];
    const hop = this.hop(a, b);
    if (!hop?.cut) return [];
    const last = this.last(a, b);
    if (!last?.cut || !pieces(cut, hop.cut, last.cut)) return [];
    return held.filter((k) => this.holds(hop, k) && this.holds(last, k));
  }

  /** A piece whose verdicts, and whether they survive splicing, are worked out now, so its trace can go. */
  private settled<C>(walk: Walk<C>): Walk<C> {
    this.holds(walk, -1);
    walk.t = undefined;
    return walk;
  }

  private holds(walk: Walk<unknown>, k: number): boolean {
    if (!walk.held) {
      walk.held = [];
      for (const j of walk.ks) walk.held[j] = walk.found[j] === null && this.w.splices(j, walk.t!, walk.from, walk.to);
    }
    return walk.held[k] === true;
  }

  /**
   * The first piece for a flow from `a` toward `b0`'s remote class: a walk that reached b0's
   * subnet (the legs cut it there), else one that reached no subnet at all and judged the same
   * invariants (it stands for every destination it never came near), else a new walk to b0.
   * Keeping several per key is what lets one router's source reach its own subnets by legs and
   * every subnet behind other routers by one walk, instead of walking each of those.
   */
  private first(a: InstanceInfo, b0: InstanceInfo, ks: number[]): FirstWalk | undefined {
    const c = this.legs.classes;
    const source = c.classOf(a.instance.name);
    // The search takes source classes one at a time: first pieces of the ones before are never asked again.
    if (source !== this.source) { this.firsts.clear(); this.firstCuts.clear(); this.source = source; }
    const key = `${source}\u0000${c.remoteClassOf(b0.instance.name, a.instance.name)}`;
    let known = this.firsts.get(key);
    if (!known) this.firsts.set(key, (known = { bySubnet: new Map(), nowhere: [] }));
    const subnet = c.subnetOf(b0.instance.name) ?? b0.instance.name;
    const near = known.bySubnet.get(subnet);
    if (near) return near;
    const wide = known.nowhere.find((w) => w.ks.length === ks.length && ks.every((k) => w.ks.includes(k)));
    if (wide) return wide;
    const walk: FirstWalk = { ...this.walkOnce(a, b0, ks), from: a, to: b0, ks, cut: null };
    // The legs cut a first piece where it met its own destination's subnet: a walk that never
    // did speaks only for destinations it never came near.
    if (this.reaches(walk, walk.to)) {
      for (const s of c.subnetsReachedBy(walk.t)) if (!known.bySubnet.has(s)) known.bySubnet.set(s, walk);
    } else {
      known.nowhere.push(walk);
    }
    return walk;
  }

  private firstCut(first: FirstWalk, b: InstanceInfo): FirstCut | null {
    let byDestination = this.firstCuts.get(first.t);
    if (!byDestination) this.firstCuts.set(first.t, (byDestination = new Map()));
    const subnet = this.legs.classes.subnetOf(b.instance.name) ?? b.instance.name;
    let cut = byDestination.get(subnet);
    if (cut === undefined) byDestination.set(subnet, (cut = this.legs.firstCut(first.t, first.to.instance.name, b.instance.name)));
    return cut;
  }

  private hop(a: InstanceInfo, b: InstanceInfo): Walk<HopCut> | undefined {
    const c = this.legs.classes;
    const key = `${c.sourceClassOf(a.instance.name, b.instance.name)}\u0000${c.sourceClassOf(b.instance.name, a.instance.name)}`;
    let walk = this.hops.get(key);
    if (!walk) {
      const ks = this.w.applicable(a, b);
      if (!ks.length) return undefined;
      const done = this.walkOnce(a, b, ks);
      this.hops.set(key, (walk = this.settled({ ...done, from: a, to: b, ks, cut: this.legs.hopCut(done.t) })));
    }
    return walk;
  }

  private last(a: InstanceInfo, b: InstanceInfo): Walk<LastCut> | undefined {
    const key = `${this.legs.classes.remoteClassOf(a.instance.name, b.instance.name)}\u0000${b.instance.name}`;
    let walk = this.lasts.get(key);
    if (!walk) {
      const ks = this.w.applicable(a, b);
      if (!ks.length) return undefined;
      const done = this.walkOnce(a, b, ks);
      this.lasts.set(key, (walk = this.settled({ ...done, from: a, to: b, ks, cut: this.legs.lastCut(done.t, a.instance.name) })));
    }
    return walk;
  }

  private walkOnce(a: InstanceInfo, b: InstanceInfo, ks: number[]): { t: Trace; found: (Violation | null)[] } {
    if (this.real && this.real.from === a && this.real.to === b && ks.every((k) => this.real!.ks.includes(k))) return this.real.walk;
    const walk = this.w.walk(a, b, ks);
    this.real = { from: a, to: b, walk, ks };
    return walk;
  }

  private walkReal(a: InstanceInfo, b: InstanceInfo, ks: number[]): (Violation | null)[] {
    return [...this.walkOnce(a, b, ks).found];
  }
}
