import { flowClasses, type FlowClasses } from '../check/port-classes';
import { instancesOf, type InstanceInfo } from '../invariants/flows';
import type { Cloud } from '../model/types';
import { isSimulation, simulate, type Simulation } from '../simulation';
import type { Trace } from '../trace/types';
import { changedState, touches, type ChangedState } from './changed-state';
import { rememberedWalks, walkOf, type Walk } from './walks';
import { isFork, type Fork } from './fork';
import { ForkError } from './edits';
import { runningSimulation } from './running';
import { groupBy, pairCount, representatives } from '../invariants/class-pairs';

export { pathOf, works } from './walks';

/** How a flow changed: it stopped working, started working, or works (or fails) another way. */
export type ChangeKind = 'broken' | 'working' | 'rerouted';

/** A class of flows that changed alike, with the walk of one of them in each cloud. */
export interface FlowChange {
  kind: ChangeKind;
  /** Every flow of the class, `vm1 → vm3` (the traced one first). */
  flows: string[];
  /** The walk in the base cloud; absent when the flow's source or destination is not in it. */
  base?: Trace;
  /** The walk in the changed cloud; absent likewise. */
  changed?: Trace;
}

export interface Diff {
  readonly kind: 'netspec.diff';
  readonly base: Simulation;
  readonly changed: Simulation;
  /** The edits that made the changed cloud, when it is a fork. */
  readonly changes: readonly string[];
  readonly broken: FlowChange[];
  readonly working: FlowChange[];
  readonly rerouted: FlowChange[];
  /** Flows compared (each instance to every other, to the internet, DHCP and metadata, in either cloud). */
  readonly flows: number;
  /** Walks in the base cloud, and in the changed cloud: the rest of the changed cloud's were the base's, untouched by the change. */
  readonly walks: { base: number; changed: number; reused: number };
  readonly durationMs: number;
}

export interface DiffOptions {
  /**
   * `touched` (default): in the changed cloud, walk again only flows whose base walk passed a
   * device whose state differs (or whose endpoints moved); every other walk is the same walk on
   * the same state. `all`: walk every class in both clouds.
   */
  rewalk?: 'touched' | 'all';
}

export function isDiff(x: unknown): x is Diff {
  return typeof x === 'object' && x !== null && (x as Diff).kind === 'netspec.diff';
}

type Side = Cloud | Simulation | Fork;

function asSimulation(x: Side): Simulation {
  if (isFork(x)) return x.simulate();
  return isSimulation(x) ? x : simulate(x);
}

const SPECIAL = ['internet', 'dhcp', 'metadata'] as const;
/**
 * Which flows change when the cloud changes: `diff(fork(cloud).detachInterface('router1',
 * 'selfservice2'))`, or `diff(base, changed)` for two clouds (or simulations, or forks; a plain
 * changed cloud is what the running base becomes, its guests keeping their leases). Every
 * flow the check enumerates is compared by outcome and path; flows are walked once per class of
 * flows that both clouds' state treats alike, and a walk the change cannot have touched is not
 * walked again. The base is never changed.
 */
export function diff(base: Side, changed?: Side, opts: DiffOptions = {}): Diff {
  const start = performance.now();
  if (changed === undefined && !isFork(base)) throw new ForkError('diff: give the changed cloud too, or a fork: diff(fork(cloud).migrate(\'vm1\', \'compute2\'))');
  const b = changed === undefined && isFork(base) ? base.base : asSimulation(base);
  const target = changed ?? base;
  // A plain cloud is what the running base becomes: its guests keep their leases.
  const c = isFork(target) || isSimulation(target) ? asSimulation(target) : runningSimulation(b, target);
  const changes = isFork(target) ? target.changes : [];
  const state = opts.rewalk === 'all' ? { places: new Set<string>(), endpoints: new Set<string>(), everything: true } : changedState(b.dataplane, c.dataplane);
  const out = new Comparison(b, c, state).run();
  return { kind: 'netspec.diff', base: b, changed: c, changes, ...out, durationMs: performance.now() - start };
}

const classes = new WeakMap<Simulation['dataplane'], FlowClasses>();

/** The check's classes of a plane, computed once: a base asked several questions pays for them once. */
function classesOf(dp: Simulation['dataplane']): FlowClasses {
  let c = classes.get(dp);
  if (!c) classes.set(dp, (c = flowClasses(dp)));
  return c;
}

/** One side's view of an instance: its class in that cloud, or absent. */
interface Member { name: string; base?: InstanceInfo; changed?: InstanceInfo }

class Comparison {
  private readonly bc: FlowClasses;
  private readonly cc: FlowClasses;
  private readonly members: Member[];
  private readonly remembered: Map<string, Walk>;
  private readonly result = { broken: [] as FlowChange[], working: [] as FlowChange[], rerouted: [] as FlowChange[], flows: 0, walks: { base: 0, changed: 0, reused: 0 } };

  constructor(private readonly b: Simulation, private readonly c: Simulation, private readonly state: ChangedState) {
    this.remembered = rememberedWalks(b);
    this.bc = classesOf(b.dataplane);
    this.cc = classesOf(c.dataplane);
    const byName = new Map<string, Member>();
    for (const i of instancesOf(b)) byName.set(i.instance.name, { name: i.instance.name, base: i });
    for (const i of instancesOf(c)) {
      const m = byName.get(i.instance.name);
      if (m) m.changed = i; else byName.set(i.instance.name, { name: i.instance.name, changed: i });
    }
    this.members = [...byName.values()];
  }

  private fine(m: Member): string {
    return `${m.base ? this.bc.classOf(m.name) ?? `=${m.name}` : '-'}|${m.changed ? this.cc.classOf(m.name) ?? `=${m.name}` : '-'}`;
  }

  private coarse(m: Member, from: Member, pb: ReadonlySet<string> | undefined, pc: ReadonlySet<string> | undefined): string {
    const one = (cl: FlowClasses, side: InstanceInfo | undefined, paired: ReadonlySet<string> | undefined) => (side
      ? cl.destinationClassOf(m.name, paired?.has(m.name) ? from.name : undefined) ?? `fine:${cl.classOf(m.name) ?? m.name}`
      : '-');
    return `${one(this.bc, m.base, pb)}|${one(this.cc, m.changed, pc)}`;
  }

  run() {
    const sources = groupBy(this.members, (m) => this.fine(m));
    for (const A of sources.values()) {
      const a = A[0];
      for (const to of SPECIAL) {
        this.compare([a.name, to], A.length, () => A.map((x) => `${x.name} → ${to}`), !!a.base, !!a.changed);
      }
      const pb = a.base ? this.bc.pairedWith(a.name) : undefined;
      const pc = a.changed ? this.cc.pairedWith(a.name) : undefined;
      for (const C of groupBy(this.members, (m) => this.coarse(m, a, pb, pc)).values()) this.destinations(A, C);
    }
    return this.result;
  }

  /** Flows from source class A to coarse destination class C: one walk for all of C while it never reaches C's subnet. */
  private destinations(A: Member[], C: Member[]): void {
    const pair = representatives(A, C);
    if (!pair) return;
    const [a, c0] = pair;
    const inBase = !!(a.base && c0.base), inChanged = !!(a.changed && c0.changed);
    const tb = inBase ? this.walkBase(a.name, c0.name) : undefined;
    const tc = inChanged ? this.walkChanged(a.name, c0.name, tb) : undefined;
    const wholeBase = !tb?.reaches;
    const wholeChanged = !tc?.reaches;
    if (wholeBase && wholeChanged) {
      this.record(tb, tc, pairCount(A, C), () => pairs(A, C, pair));
      return;
    }
    for (const F of groupBy(C, (m) => this.fine(m)).values()) {
      const p = representatives(A, F);
      if (!p) continue;
      const same = p[0] === a && p[1] === c0;
      // A side that never reached C's subnet speaks for all of C with its one walk.
      const fb = wholeBase || same ? tb : p[0].base && p[1].base ? this.walkBase(p[0].name, p[1].name) : undefined;
      const fc = wholeChanged || same ? tc : p[0].changed && p[1].changed ? this.walkChanged(p[0].name, p[1].name, fb) : undefined;
      this.record(fb, fc, pairCount(A, F), () => pairs(A, F, p));
    }
  }

  private compare(flow: [string, string], count: number, members: () => string[], inBase: boolean, inChanged: boolean): void {
    const tb = inBase ? this.walkBase(flow[0], flow[1]) : undefined;
    const tc = inChanged ? this.walkChanged(flow[0], flow[1], tb) : undefined;
    this.record(tb, tc, count, members);
  }

  /** The base cloud's walk: remembered from an earlier question about the same base, or walked now. */
  private walkBase(from: string, to: string): Walk {
    const flow = `${from} → ${to}`;
    const known = this.remembered.get(flow);
    if (known) return known;
    this.result.walks.base++;
    // A diff over every flow keeps only each ARP exchange's answer, as the check's search does.
    const t = this.b.trace(from, to, { arpExchanges: false });
    const w = walkOf(t, this.reaches(this.bc, to, t));
    this.remembered.set(flow, { ...w, trace: undefined });
    return w;
  }

  private reaches(cl: FlowClasses, to: string, t: Trace): boolean {
    return !(SPECIAL as readonly string[]).includes(to) && cl.reachesSubnetOf(t, to);
  }

  /** The changed cloud's walk, or the base's own when it passed nothing the change touched. */
  private walkChanged(from: string, to: string, base: Walk | undefined): Walk {
    if (base && base.flow === `${from} → ${to}` && !this.state.endpoints.has(from) && !this.state.endpoints.has(to) && !touches(base.places, this.state)) {
      this.result.walks.reused++;
      return base;
    }
    this.result.walks.changed++;
    const t = this.c.trace(from, to, { arpExchanges: false });
    return walkOf(t, this.reaches(this.cc, to, t));
  }

  private record(tb: Walk | undefined, tc: Walk | undefined, count: number, members: () => string[]): void {
    this.result.flows += count;
    // The changed cloud reused the base's walk: nothing the change touched, nothing changed.
    if (tb && tb === tc) return;
    const before = !!tb?.works, after = !!tc?.works;
    let kind: ChangeKind;
    if (before && !after) kind = 'broken';
    else if (!before && after) kind = 'working';
    // A flow only one cloud has, failing there, did not change what works.
    else if (tb && tc && tb.path !== tc.path) kind = 'rerouted';
    else return;
    this.result[kind].push({ kind, flows: members(), base: tb && this.traceOf(tb), changed: tc?.trace });
  }

  /** A remembered walk's trace, walked again (walks are pure functions of the plane and the flow). */
  private traceOf(w: Walk): Trace {
    if (w.trace) return w.trace;
    const [from, to] = w.flow.split(' → ');
    this.result.walks.base++;
    return this.b.trace(from, to);
  }
}

/** Every flow from A to B, the traced one first. */
function pairs(A: Member[], B: Member[], first: [Member, Member]): string[] {
  const out = [`${first[0].name} → ${first[1].name}`];
  for (const a of A) for (const b of B) if (a !== b && !(a === first[0] && b === first[1])) out.push(`${a.name} → ${b.name}`);
  return out;
}
