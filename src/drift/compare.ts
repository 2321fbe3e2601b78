import type { DriftItem, DriftKind, FieldChange, NotCompared } from './types';

/** Where compared items sit: the node, the kind of state, the device holding them. */
export interface Place {
  node: string;
  kind: DriftKind;
  where?: string;
}

/** Collects drift items and counts what was compared, per kind. */
export class DriftSink {
  readonly items: DriftItem[] = [];
  readonly compared: Partial<Record<DriftKind, number>> = {};
  private readonly skipped = new Map<string, NotCompared>();

  /** State left out of the comparison, said once per node and reason (with how many items it covers). */
  skip(node: string | undefined, what: string, count = 1): void {
    const key = `${node ?? ''}\u0000${what}`;
    const s = this.skipped.get(key);
    if (s) s.count = (s.count ?? 0) + count;
    else this.skipped.set(key, { ...(node !== undefined ? { node } : {}), what, count });
  }

  /** A reason that holds for the whole comparison, said once. */
  note(what: string): void {
    if (!this.skipped.has(`\u0000${what}`)) this.skipped.set(`\u0000${what}`, { what });
  }

  get notCompared(): NotCompared[] {
    return [...this.skipped.values()];
  }

  count(kind: DriftKind, n: number): void {
    this.compared[kind] = (this.compared[kind] ?? 0) + n;
  }

  add(place: Place, item: string, status: DriftItem['status'], fields?: FieldChange[]): void {
    this.items.push({ node: place.node, kind: place.kind, ...(place.where !== undefined ? { where: place.where } : {}), item, status, ...(fields ? { fields } : {}) });
  }
}

/** Fields of a keyed item, compared one by one (absent fields as `-`). */
export type Fields = Record<string, string | undefined>;

/**
 * Items known by a key on both sides (an interface by name, a route by destination): a key on
 * one side only is missing or extra; on both, each field that differs is listed.
 */
export function compareKeyed(sink: DriftSink, place: Place, expected: ReadonlyMap<string, Fields>, actual: ReadonlyMap<string, Fields>): void {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  sink.count(place.kind, keys.size);
  for (const key of keys) {
    const e = expected.get(key), a = actual.get(key);
    if (!a) { sink.add(place, key, 'missing'); continue; }
    if (!e) { sink.add(place, key, 'extra'); continue; }
    const fields: FieldChange[] = [];
    for (const f of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const x = e[f] ?? '-', y = a[f] ?? '-';
      if (x !== y) fields.push({ field: f, expected: x, actual: y });
    }
    if (fields.length) sink.add(place, key, 'differs', fields);
  }
}

/**
 * Items compared as a multiset of canonical texts (flows, rules): each text missing or extra as
 * many times as its counts differ. Order is not compared here.
 */
export function compareMultiset(sink: DriftSink, place: Place, expected: readonly string[], actual: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const x of expected) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of actual) counts.set(x, (counts.get(x) ?? 0) - 1);
  sink.count(place.kind, Math.max(expected.length, actual.length));
  for (const [text, n] of counts) {
    for (let i = 0; i < Math.abs(n); i++) sink.add(place, text, n > 0 ? 'missing' : 'extra');
  }
}

/** A set of names on both sides, as a missing/extra list. */
export function compareNames(sink: DriftSink, place: Place, expected: Iterable<string>, actual: Iterable<string>): void {
  const e = new Map([...expected].map((k) => [k, {}] as const)), a = new Map([...actual].map((k) => [k, {}] as const));
  compareKeyed(sink, place, e, a);
}
