/**
 * The shape pass of validation: a raw topology is walked against `topology.schema.json`, the one
 * table of allowed fields (editors read the same file). `Coll` then indexes the items whose shape
 * came through sound, so the rule pass can assume well-typed objects and skip broken ones.
 */
import schemaJson from './topology.schema.json';
import { didYouMean } from '../util/did-you-mean';

export { didYouMean };

export interface SchemaNode {
  $ref?: string; type?: string | string[]; enum?: unknown[]; description?: string;
  properties?: Record<string, SchemaNode>; required?: string[]; additionalProperties?: boolean; items?: SchemaNode;
  minimum?: number; maximum?: number; minLength?: number; pattern?: string; patternErrorMessage?: string;
}
export const topologySchema = schemaJson as SchemaNode & { definitions: Record<string, SchemaNode> };

export type Add = (path: string, rule: string, message: string) => void;
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `a.b`, or `a["odd key"]` for a key that would not read back as one path segment (empty, dots, brackets, spaces). */
export const join = (path: string, key: string) => {
  if (!/^[\w:$-]+$/.test(key)) return `${path || '(root)'}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
};

const KIND = new Map(Object.entries({
  object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null',
  undefined: 'missing (no value)', bigint: 'a bigint', function: 'a function', symbol: 'a symbol',
}));
const kindName = (k: string) => KIND.get(k) ?? k;
function rangeText(node: SchemaNode): string {
  if (node.minimum !== undefined && node.maximum !== undefined) return `between ${node.minimum} and ${node.maximum}`;
  return node.minimum !== undefined ? `at least ${node.minimum}` : `at most ${node.maximum}`;
}
const has = (o: object, k: string) => Object.hasOwn(o, k);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const fits = (t: string, v: unknown) => t === kindOf(v) || (t === 'number' && kindOf(v) === 'integer');

/** The subset of JSON Schema the topology schema uses; `schema.test.ts` keeps it that way. */
export function checkShape(v: unknown, node: SchemaNode, path: string, add: Add): void {
  if (node.$ref) node = topologySchema.definitions[node.$ref.replace('#/definitions/', '')];
  const at = path || '(root)';
  const types = node.type === undefined ? undefined : ([] as string[]).concat(node.type);
  if (types && !types.some((t) => fits(t, v))) {
    return add(at, 'type', `must be ${types.map(kindName).join(' or ')}, not ${kindName(kindOf(v))}`);
  }
  if (node.enum && !node.enum.includes(v)) {
    return add(at, 'enum', `must be one of ${node.enum.map((e) => JSON.stringify(e)).join(', ')}; got ${JSON.stringify(v)}${typeof v === 'string' ? didYouMean(v, node.enum.map(String)) : ''}`);
  }
  if (typeof v === 'number' && ((node.minimum ?? v) > v || (node.maximum ?? v) < v)) {
    return add(at, 'type', `must be ${rangeText(node)}, not ${v}`);
  }
  if (typeof v === 'string' && v.length < (node.minLength ?? 0)) return add(at, 'type', 'must not be empty');
  if (typeof v === 'string' && node.pattern && !new RegExp(node.pattern).test(v)) {
    return add(at, 'type', `${node.patternErrorMessage ?? `must match ${node.pattern}`}, not ${JSON.stringify(v)}`);
  }
  if (Array.isArray(v) && node.items) v.forEach((x, i) => checkShape(x, node.items!, `${path}[${i}]`, add));
  if (isObj(v) && node.properties) {
    // Own properties only, on both sides: a key named `constructor` or `__proto__` is a field like any other.
    const props = node.properties, allowed = Object.keys(props), allowedText = allowed.join(', ');
    for (const k of node.required ?? []) if (!has(v, k) || v[k] === undefined) add(join(path, k), 'required', `${k} is required`);
    // Symbol keys are not data (fast-check and builders attach printers under symbols).
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x === undefined) continue; // the builder's optional fields
      if (has(props, k)) checkShape(x, props[k], join(path, k), add);
      else if (node.additionalProperties === false) {
        add(join(path, k), 'unknown-field', `unknown field ${JSON.stringify(k)}${didYouMean(k, allowed)}; allowed: ${allowedText}`);
      }
    }
  }
}

export interface Item<T> { v: T; at: string }

/** One kind of named object; resolves references by name or id and reports duplicates. */
export class Coll<T extends { name: string; id?: string }> {
  readonly items: Item<T>[] = [];
  private readonly keys = new Map<string, Item<T>>();
  /** Keys of items left out for a broken shape: references to them are not reported. */
  private readonly loose = new Set<string>();
  private readonly wholeBroken: boolean;
  /** Some broken item had no name to match references against: nothing can be concluded from a miss. */
  private unnamedBroken = false;

  constructor(private readonly kind: string, raw: unknown, key: string, broken: Set<string>, private readonly add: Add) {
    this.wholeBroken = broken.has(key);
    if (!Array.isArray(raw)) return;
    raw.forEach((v: unknown, i) => {
      const item = { v: v as T, at: `${key}[${i}]` };
      if (broken.has(item.at)) {
        const keys = (isObj(v) ? [v.name, v.id] : []).filter((k) => typeof k === 'string');
        for (const k of keys) this.loose.add(k);
        if (!keys.length) this.unnamedBroken = true;
        return;
      }
      this.items.push(item);
      for (const f of ['name', 'id'] as const) {
        const k = item.v[f];
        if (k === undefined) continue;
        const prev = this.keys.get(k);
        if (prev && prev !== item) add(`${item.at}.${f}`, 'duplicate-name', `${kind} ${f} "${k}" is already used by ${prev.at}`);
        else this.keys.set(k, item);
      }
    });
  }
  /** True when no item was left out, so "nothing matches" conclusions are safe. */
  get complete(): boolean { return !this.wholeBroken && !this.unnamedBroken && this.loose.size === 0; }
  assume(key: string): void { if (!this.keys.has(key)) this.loose.add(key); }
  /** A reference already reported where it was written: resolved again without a second issue. */
  find(ref: string): Item<T> | undefined { return this.keys.get(ref); }
  ref(ref: string, path: string): Item<T> | undefined {
    const hit = this.keys.get(ref);
    if (!hit && !this.wholeBroken && !this.unnamedBroken && !this.loose.has(ref)) {
      this.add(path, 'unknown-reference', `no ${this.kind} with name or id "${ref}"${didYouMean(ref, this.keys.keys())}`);
    }
    return hit;
  }
}
