import type { Simulation } from '../simulation';
import { portById } from '../model/queries';
import type { Trace } from '../trace/types';
import { instancesOf, type InstanceInfo } from './flows';
import { SplicedLegs } from './spliced-legs';
import { groupBy, pairCount, representatives } from './class-pairs';
import type { CheckOptions, Destination, FlowJudge, Invariant, InvariantResult, Violation } from './types';

const SPECIAL = ['internet', 'dhcp', 'metadata'] as const;

function name(to: Destination): string {
  return typeof to === 'string' ? to : to.instance.name;
}

/**
 * Searches for counterexamples to several invariants in one pass over every flow of the cloud
 * (each instance to every other instance, to the internet, DHCP and metadata). Each flow is
 * traced once whatever number of invariants speak about it, and only violations are kept.
 *
 * With classes (CheckOptions.classOf), flows are visited class by class: one trace stands for
 * every flow from a source class to a destination class, and for every flow to a whole coarse
 * destination class when the trace never reached the destination's subnet. Flows are still
 * counted one by one, and each member of a violating class is reported.
 */
export function searchCounterexamples(sim: Simulation, invariants: readonly Invariant[], opts: CheckOptions = {}): InvariantResult[] {
  const s = new Search(sim, invariants, opts);
  if (s.judges.some(Boolean)) {
    if (opts.classOf) s.byClass(); else s.byFlow();
  }
  opts.onProgress?.(s.steps - 1, s.steps, 'invariants about state');
  s.states();
  opts.onProgress?.(s.steps, s.steps, '');
  for (const r of s.results) {
    r.holds = r.violations.length === 0;
    r.applicable = r.flows > 0;
    if (s.stopped) r.complete = false;
  }
  return s.results;
}

class Search {
  readonly results: InvariantResult[];
  readonly judges: (FlowJudge | undefined)[];
  private readonly max: number;
  private readonly list: InstanceInfo[];
  stopped = false;
  /** Progress steps: one per source (class), and one for the invariants about state. */
  steps = 1;
  /** Where shares count on from after the sources: state cases are dealt out after them, all invariants' in one run. */
  private position = 0;

  constructor(private readonly sim: Simulation, private readonly invariants: readonly Invariant[], private readonly opts: CheckOptions) {
    this.max = opts.maxViolations ?? 1;
    this.results = invariants.map((i) => ({
      invariant: i.name, description: i.description, holds: true, applicable: false, flows: 0, classes: 0, durationMs: 0, violations: [],
    }));
    this.judges = invariants.map((i) => i.judge?.(sim));
    this.list = instancesOf(sim);
  }

  /** Whether the `i`-th source or state case is this shard's to judge. */
  private mine(i: number): boolean {
    const sh = this.opts.shard;
    return !sh || i % sh.count === sh.index;
  }

  private open(k: number): boolean {
    return this.results[k].violations.length < this.max;
  }

  private applicable(from: InstanceInfo, to: Destination): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.judges.length; k++) if (this.judges[k] && this.open(k) && this.judges[k]!.applies(from, to)) out.push(k);
    return out;
  }

  /** Traces one flow and judges it for each applicable invariant: verdicts by invariant index. */
  private judge(from: InstanceInfo, to: Destination, ks: number[]): { t: Trace; found: (Violation | null)[] } {
    const start = performance.now();
    // Nobody here reads an ARP exchange's frames: the search over every flow keeps only its answer.
    const t = this.sim.trace(from.instance.name, name(to), { arpExchanges: false });
    const share = (performance.now() - start) / ks.length;
    const found: (Violation | null)[] = [];
    for (const k of ks) {
      const v0 = performance.now();
      const v = this.judges[k]!.verdict(t, from, to);
      this.results[k].durationMs += share + performance.now() - v0;
      this.results[k].classes++;
      found[k] = v ? { flow: `${from.instance.name} → ${name(to)}`, reason: v.reason, trace: t, hop: v.hop } : null;
    }
    return { t, found };
  }

  /** Records the verdicts for `count` flows; `members` lists them, lazily, for violating classes. */
  private record(ks: number[], found: (Violation | null)[], count: number, members: () => Iterable<string>): void {
    for (const k of ks) {
      this.results[k].flows += count;
      const v = found[k];
      if (!v) continue;
      for (const flow of members()) {
        if (!this.open(k)) break;
        // A class member reports its representative's trace, and says so.
        this.results[k].violations.push(flow === v.flow ? v : { ...v, flow, reason: `${v.reason} (traced as ${v.flow}, of the same class)` });
      }
    }
  }

  /** Every flow traced on its own. */
  byFlow(): void {
    const visit = (from: InstanceInfo, to: Destination) => {
      const ks = this.applicable(from, to);
      if (!ks.length) return;
      const { found } = this.judge(from, to, ks);
      this.record(ks, found, 1, () => [`${from.instance.name} → ${name(to)}`]);
    };
    this.steps = this.list.length + 1;
    this.position = this.list.length;
    this.list.forEach((from, i) => {
      if (!this.mine(i)) return;
      for (const to of this.list) if (to !== from) visit(from, to);
      for (const to of SPECIAL) visit(from, to);
      this.opts.onProgress?.(i + 1, this.steps, `flows from ${from.instance.name}`);
    });
  }

  /** Class by class: sources by fine class, destinations by coarse class, split into fine classes when reached. */
  byClass(): void {
    const { classOf, destinationClassOf, reachesSubnetOf, legs } = this.opts;
    const spliced = legs ? new SplicedLegs({
      applicable: (f, t) => this.applicable(f, t),
      walk: (f, t, ks) => this.judge(f, t, ks),
      splices: (k, t, f, to) => !!this.judges[k]?.splices?.(t, f, to),
      reachesSubnetOf: (t, n) => reachesSubnetOf!(t, n),
    }, legs) : undefined;
    const sources = groupBy(this.list, (i) => classOf!(i.instance.name) ?? i.instance.name);
    const fineOf = (i: InstanceInfo) => classOf!(i.instance.name) ?? i.instance.name;
    const coarseOf = (i: InstanceInfo, from?: InstanceInfo) => destinationClassOf?.(i.instance.name, from?.instance.name) ?? `fine:${fineOf(i)}`;
    const shared = groupBy(this.list, (i) => coarseOf(i));
    const sharedFine = new Map([...shared].map(([key, members]) => [key, groupBy(members, fineOf)]));
    // Relations are read by primary subnet: a guest on several networks (a trunk, a second NIC) relates by all of them, so then every class is asked.
    const unrelated = spliced && this.judges.every((j) => !j || j.appliesByRelation) && this.list.every((i) => i.networks.size <= 1 && i.subnets.size <= 1)
      ? new UnrelatedClasses(this.sim, shared, legs!.classes) : undefined;
    let done = 0;
    let position = 0;
    this.steps = sources.size + 1;
    this.position = sources.size;
    for (const A of sources.values()) {
      if (!this.mine(position++)) { done++; continue; }
      if (this.opts.deadline !== undefined && performance.now() > this.opts.deadline) { this.stopped = true; return; }
      // One more step than sources: the invariants about state come last.
      this.opts.onProgress?.(done++, this.steps, `flows from ${A[0].instance.name}${A.length > 1 ? ` and ${A.length - 1} alike` : ''}`);
      // Destinations that state names together with this source get coarse classes of their own.
      const paired = this.opts.pairedWith?.(A[0].instance.name);
      let coarse = shared;
      let fineWithin = sharedFine;
      if (paired?.size) {
        coarse = groupBy(this.list, (i) => (paired.has(i.instance.name) ? coarseOf(i, A[0]) : coarseOf(i)));
        fineWithin = new Map([...coarse].map(([key, members]) => [key, sharedFine.get(key) ?? groupBy(members, fineOf)]));
        for (const [key, members] of coarse) if (members.length !== shared.get(key)?.length) fineWithin.set(key, groupBy(members, fineOf));
      }
      for (const to of SPECIAL) {
        const ks = this.applicable(A[0], to);
        if (!ks.length) continue;
        const { found } = this.judge(A[0], to, ks);
        this.record(ks, found, A.length, () => A.map((x) => `${x.instance.name} → ${to}`));
      }
      // Destinations unrelated to A and never reached by its walk are judged in bulk; the rest one coarse class at a time.
      const one = spliced && unrelated && !paired?.size ? this.unrelatedInBulk(A, unrelated, spliced) : undefined;
      for (const [key, C] of one ? one.map((k) => [k, coarse.get(k)!] as const) : coarse) {
        const pair = representatives(A, C);
        if (!pair) continue;
        const ks = this.applicable(pair[0], pair[1]);
        if (!ks.length) continue;
        const fine = fineWithin.get(key)!;
        // Between subnets, the legs speak for the flows they can, and the rest are walked.
        if (spliced && pair[0] === A[0] && A[0].subnet !== pair[1].subnet
          && spliced.coarse(A[0], pair[1], ks, destinationsOf(A, fine), (b, fks, verdicts, whole) => {
            const F = whole ? C : fine.get(fineOf(b))!;
            this.record(fks, verdicts, pairCount(A, F), () => pairs(A, F));
          })) continue;
        const { t, found } = this.judge(pair[0], pair[1], ks);
        if (destinationClassOf && !reachesSubnetOf!(t, pair[1].instance.name)) {
          this.record(ks, found, pairCount(A, C), () => pairs(A, C));
          continue;
        }
        for (const F of fine.values()) {
          const p = representatives(A, F);
          if (!p) continue;
          const same = p[0] === pair[0] && p[1] === pair[1];
          const fks = same ? ks : this.applicable(p[0], p[1]);
          if (!fks.length) continue;
          const verdicts = same ? found : this.judge(p[0], p[1], fks).found;
          this.record(fks, verdicts, pairCount(A, F), () => pairs(A, F));
        }
      }
    }
  }

  /**
   * Records, for source class A, every flow to a destination class unrelated to A (see
   * `appliesByRelation`) that one walk of A's stands for, and returns the keys of the coarse
   * classes left to judge one by one (related to A, or reached by that walk), in map order.
   */
  private unrelatedInBulk(A: InstanceInfo[], u: UnrelatedClasses, spliced: SplicedLegs): string[] {
    const left = new Set<string>(u.relatedTo(A[0].subnet));
    for (const group of u.byRemote.values()) {
      const c0 = group.find((k) => !left.has(k));
      if (c0 === undefined) continue;
      const b0 = u.classes.get(c0)![0];
      const ks = this.applicable(A[0], b0);
      if (!ks.length) continue; // nothing judges A's flows to unrelated classes (the promise makes it so for all of them)
      const reached = spliced.wide(A[0], b0, ks);
      if (!reached) { for (const k of group) left.add(k); continue; }
      let count = u.sizeOf(group);
      const mine = u.remoteOf.get(c0)!;
      for (const k of left) if (u.remoteOf.get(k) === mine) count -= u.classes.get(k)!.length;
      for (const subnet of reached) {
        for (const k of u.bySubnetText.get(subnet) ?? []) {
          if (left.has(k) || u.remoteOf.get(k) !== mine) continue;
          left.add(k);
          count -= u.classes.get(k)!.length;
        }
      }
      // No violation in the walk (wide() says so): the members are never listed.
      if (count > 0) this.record(ks, [], A.length * count, () => []);
    }
    return [...left].sort((x, y) => u.order.get(x)! - u.order.get(y)!);
  }

  /** Invariants about state: case by case. */
  states(): void {
    // As in the search over flows, a state invariant's traces keep only each ARP exchange's answer
    // unless it asks for the frames (arpStaysOnItsNetwork does): recorded exchanges are walked
    // per target and kept, which at 10,000 instances cost minutes and gigabytes nobody read.
    const sim = this.sim;
    const quiet: Simulation = { ...sim, trace: (from, to, o) => sim.trace(from, to, { arpExchanges: false, ...o }) };
    this.invariants.forEach((inv, k) => {
      if (!inv.states) return;
      const start = performance.now();
      for (const c of inv.states(quiet)) {
        if (!this.mine(this.position++)) continue;
        if (!this.open(k)) break;
        this.results[k].flows++;
        this.results[k].classes++;
        const v = c.verdict();
        if (v) this.results[k].violations.push({ flow: c.label, reason: v.reason, trace: v.trace, hop: v.hop });
      }
      this.results[k].durationMs += performance.now() - start;
    });
  }
}

/** One destination per fine class, worked out only if the legs need them (a bulk verdict does not). */
function* destinationsOf(A: InstanceInfo[], fine: Map<string, InstanceInfo[]>): Generator<InstanceInfo> {
  for (const F of fine.values()) yield representatives(A, F)![1];
}

/**
 * The coarse destination classes indexed for bulk verdicts: by remote class (one walk speaks
 * for a remote class), by subnet id and by subnet text, and which subnets are related to each
 * (the same network, or a router on both), worked out once per check.
 */
class UnrelatedClasses {
  readonly byRemote = new Map<string, string[]>();
  readonly remoteOf = new Map<string, string>();
  readonly bySubnetText = new Map<string, string[]>();
  readonly order = new Map<string, number>();
  private readonly bySubnetId = new Map<string, string[]>();
  private readonly sizes = new Map<string[], number>();
  private readonly related = new Map<string, string[]>();

  constructor(private readonly sim: Simulation, readonly classes: ReadonlyMap<string, InstanceInfo[]>, fc: { remoteClassOf(n: string): string | undefined; subnetOf(n: string): string | undefined }) {
    const push = (m: Map<string, string[]>, k: string, v: string) => {
      const list = m.get(k);
      if (list) list.push(v); else m.set(k, [v]);
    };
    for (const [key, C] of classes) {
      const name = C[0].instance.name;
      const remote = fc.remoteClassOf(name) ?? name;
      this.order.set(key, this.order.size);
      this.remoteOf.set(key, remote);
      push(this.byRemote, remote, key);
      push(this.bySubnetText, fc.subnetOf(name) ?? name, key);
      push(this.bySubnetId, C[0].subnet, key);
    }
  }

  sizeOf(group: string[]): number {
    let n = this.sizes.get(group);
    if (n === undefined) this.sizes.set(group, (n = group.reduce((sum, k) => sum + this.classes.get(k)!.length, 0)));
    return n;
  }

  /** The coarse classes on subnets related to `subnet`: its own, its network's others, those a router joins it to. */
  relatedTo(subnet: string): string[] {
    let keys = this.related.get(subnet);
    if (keys) return keys;
    const cloud = this.sim.cloud;
    const network = cloud.subnets.find((s) => s.id === subnet)?.network_id;
    const ids = new Set([subnet, ...cloud.subnets.filter((s) => s.network_id === network).map((s) => s.id)]);
    // Every router on the subnet, up or down: a judge may care about either.
    for (const r of cloud.routers) {
      const fixed = r.interfaces.flatMap((pid) => portById(cloud, pid)?.fixed_ips ?? []);
      if (fixed.some((f) => f.subnet_id === subnet)) for (const f of fixed) ids.add(f.subnet_id);
    }
    keys = [...ids].flatMap((id) => this.bySubnetId.get(id) ?? []);
    this.related.set(subnet, keys);
    return keys;
  }
}

function* pairs(A: InstanceInfo[], B: InstanceInfo[]): Generator<string> {
  for (const a of A) for (const b of B) if (a !== b) yield `${a.instance.name} → ${b.instance.name}`;
}
