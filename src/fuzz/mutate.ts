/**
 * Mutations of JSON-like documents for the fuzzer: what a careless or hostile user, or a tenant
 * naming things in a cloud that gets imported, could put in a topology file or a dump. Every
 * choice comes from one seeded PRNG, so a case is reproduced from its number alone.
 */
import { HOSTILE_NAMES } from './hostile';

export type Rand = () => number;
type Json = unknown;
type Container = Record<string, Json> | Json[];

export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const isContainer = (v: Json): v is Container => typeof v === 'object' && v !== null;

/** Keys named after Object.prototype members: they must be unknown fields, never the members. */
export const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable'];

const NUMBERS = [0, -1, 1, 67, 68, 255, 256, 4094, 4095, 4096, 65535, 65536, 16777215, 16777216, 2 ** 31, 2 ** 32, 2 ** 53, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN];

/** A value of a random kind, biased toward the edges validation must handle. */
export function randomValue(r: Rand, strings: readonly string[]): Json {
  switch (Math.floor(r() * 9)) {
    case 0: return pick(r, NUMBERS);
    case 1: return r() < 0.5;
    case 2: return null;
    case 3: return [];
    case 4: return {};
    case 5: return [pick(r, strings)];
    case 6: return { [pick(r, PROTOTYPE_KEYS)]: pick(r, strings) };
    case 7: return undefined;
    default: return pick(r, strings);
  }
}

/** Every container reachable from `doc` with the key path to it. */
function containers(doc: Json): Container[] {
  const out: Container[] = [];
  const walk = (v: Json) => {
    if (!isContainer(v)) return;
    out.push(v);
    for (const k of Object.keys(v)) walk((v as Record<string, Json>)[k]);
  };
  walk(doc);
  return out;
}

/** Strings in `doc`: the names and addresses it already uses, for references that almost resolve. */
export function stringsOf(doc: Json): string[] {
  const out = new Set<string>();
  const walk = (v: Json) => {
    if (typeof v === 'string') out.add(v);
    else if (isContainer(v)) for (const k of Object.keys(v)) walk((v as Record<string, Json>)[k]);
  };
  walk(doc);
  return [...out];
}

const setKey = (c: Container, k: string | number, v: Json) => {
  // defineProperty, so `__proto__` becomes an own key as JSON.parse would make it.
  Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true });
};

/** Applies one random mutation to `doc` in place; returns its name, for the report. */
export function mutateOnce(r: Rand, doc: Json, extraStrings: readonly string[]): string {
  const all = containers(doc);
  if (!all.length) return 'none';
  const c = pick(r, all);
  const keys: (string | number)[] = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
  const strings = [...extraStrings, ...HOSTILE_NAMES];
  const get = (k: string | number) => (c as Record<string, Json>)[k];
  const op = Math.floor(r() * 10);
  if (!keys.length || op === 0) {
    const k = Array.isArray(c) ? c.length : pick(r, r() < 0.5 ? PROTOTYPE_KEYS : strings);
    setKey(c, k, randomValue(r, strings));
    return Array.isArray(c) ? 'append' : 'add-key';
  }
  const k = pick(r, keys);
  switch (op) {
    case 1: case 2:
      if (Array.isArray(c)) c.splice(k as number, 1); else delete c[k as string];
      return 'delete';
    case 3:
      if (Array.isArray(c)) { c.push(structuredClone(get(k))); return 'duplicate'; }
      setKey(c, pick(r, PROTOTYPE_KEYS), structuredClone(get(k)));
      return 'prototype-key';
    case 4: setKey(c, k, randomValue(r, strings)); return 'retype';
    case 5: setKey(c, k, pick(r, strings)); return 'string';
    case 6: setKey(c, k, pick(r, NUMBERS)); return 'number';
    case 7: {
      const v = get(k);
      if (typeof v === 'string') { setKey(c, k, pick(r, extraStrings.length ? extraStrings : strings)); return 'reference'; }
      if (typeof v === 'number') { setKey(c, k, v + pick(r, [-1, 1, 4096, -4096, 2 ** 24])); return 'off-by'; }
      setKey(c, k, structuredClone(pick(r, all)));
      return 'transplant';
    }
    case 8: {
      if (!Array.isArray(c) || c.length < 2) { setKey(c, k, null); return 'null'; }
      const j = Math.floor(r() * c.length);
      [c[k as number], c[j]] = [c[j], c[k as number]];
      return 'swap';
    }
    default: {
      const v = get(k);
      if (typeof v === 'string') { setKey(c, k, v + pick(r, ['', '\n', ' ', '*/', '#1', 'x'.repeat(300), '.', '/', ':'])); return 'suffix'; }
      setKey(c, k, [get(k)]);
      return 'wrap-in-list';
    }
  }
}

/** 1 to 3 mutations: one finds shallow bugs, several find the interactions. */
export function mutate(r: Rand, doc: Json, extraStrings: readonly string[]): string[] {
  const n = 1 + Math.floor(r() * r() * 3);
  return Array.from({ length: n }, () => mutateOnce(r, doc, extraStrings));
}
