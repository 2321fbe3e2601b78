import type { OvsPort } from '../dataplane/types';
import type { Rejected } from './ip';
import { lines } from './ip';

/**
 * Open vSwitch's database as the capture saves it: `ovs-vsctl show` for which bridge holds which
 * port, and `ovs-vsctl --format=json list Port/Interface` for tags, types, ofports, options and
 * the external_ids os-vif writes on an instance's port (iface-id, attached-mac, vm-uuid).
 */
export interface OvsInterfaceRow {
  name: string;
  type: string;
  ofport?: number;
  options: Record<string, string>;
  externalIds: Record<string, string>;
}

export interface OvsDb {
  /** Bridge → its ports in `show` order. */
  bridges: Map<string, string[]>;
  ports: Map<string, { tag?: number; interfaces: string[] }>;
  interfaces: Map<string, OvsInterfaceRow>;
}

/**
 * `ovs-vsctl show`: bridges and their ports, and what show prints of each port and interface
 * (tag, type, options): enough on its own when the JSON tables were not captured.
 */
export function parseOvsShow(text: string): { bridges: Map<string, string[]>; tags: Map<string, number>; interfaces: Map<string, OvsInterfaceRow> } {
  const bridges = new Map<string, string[]>();
  const tags = new Map<string, number>();
  const interfaces = new Map<string, OvsInterfaceRow>();
  let bridge: string[] | null = null;
  let port: string | null = null;
  let iface: OvsInterfaceRow | null = null;
  for (const [, line] of lines(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^Bridge\s+"?([^"\s]+)"?$/.exec(line))) { bridges.set(m[1], (bridge = [])); port = null; iface = null; }
    else if ((m = /^Port\s+"?([^"\s]+)"?$/.exec(line)) && bridge) { bridge.push(m[1]); port = m[1]; iface = null; }
    else if ((m = /^tag:\s*(\d+)$/.exec(line)) && port && !iface) tags.set(port, Number(m[1]));
    else if ((m = /^Interface\s+"?([^"\s]+)"?$/.exec(line)) && port) interfaces.set(m[1], (iface = { name: m[1], type: '', options: {}, externalIds: {} }));
    else if ((m = /^type:\s*(\S+)$/.exec(line)) && iface) iface.type = m[1];
    else if ((m = /^options:\s*\{(.*)\}$/.exec(line)) && iface) {
      for (const kv of m[1].split(/,\s*/)) {
        const eq = kv.indexOf('=');
        if (eq > 0) iface.options[kv.slice(0, eq)] = kv.slice(eq + 1).replace(/^"(.*)"$/, '$1');
      }
    }
  }
  return { bridges, tags, interfaces };
}

type Json = unknown;

/** An OVSDB JSON value as plain data: maps as objects, sets as arrays, uuids as their text. */
function value(v: Json): Json {
  if (!Array.isArray(v)) return v;
  if (v[0] === 'map') return Object.fromEntries((v[1] as [Json, Json][]).map(([k, x]) => [String(value(k)), String(value(x))]));
  if (v[0] === 'set') return (v[1] as Json[]).map(value);
  if (v[0] === 'uuid' || v[0] === 'named-uuid') return v[1];
  return v;
}

/** `ovs-vsctl --format=json list TABLE` → rows keyed by column. */
export function parseOvsJson(text: string): { rows: Record<string, Json>[]; error?: string } {
  let doc: { headings?: string[]; data?: Json[][] };
  try { doc = JSON.parse(text) as typeof doc; } catch (e) { return { rows: [], error: `not JSON: ${(e as Error).message}` }; }
  if (!Array.isArray(doc.headings) || !Array.isArray(doc.data)) return { rows: [], error: 'not ovs-vsctl --format=json output (no headings and data)' };
  return { rows: doc.data.map((r) => Object.fromEntries(doc.headings!.map((h, i) => [h, value(r[i])]))) };
}

const single = (v: Json): Json => (Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v);

export function interfaceRows(rows: Record<string, Json>[]): Map<string, OvsInterfaceRow> {
  const out = new Map<string, OvsInterfaceRow>();
  for (const r of rows) {
    const name = String(r.name);
    const ofport = single(r.ofport);
    out.set(name, {
      name, type: typeof r.type === 'string' ? r.type : '',
      ...(typeof ofport === 'number' && ofport > 0 ? { ofport } : {}),
      options: (r.options && typeof r.options === 'object' && !Array.isArray(r.options) ? r.options : {}) as Record<string, string>,
      externalIds: (r.external_ids && typeof r.external_ids === 'object' && !Array.isArray(r.external_ids) ? r.external_ids : {}) as Record<string, string>,
    });
  }
  return out;
}

export function portRows(rows: Record<string, Json>[]): Map<string, { tag?: number }> {
  const out = new Map<string, { tag?: number }>();
  for (const r of rows) {
    const tag = single(r.tag);
    out.set(String(r.name), typeof tag === 'number' ? { tag } : {});
  }
  return out;
}

/** The engine's port type for an Interface row, or why it has none. */
export function portType(row: OvsInterfaceRow | undefined): OvsPort['type'] | { unsupported: string } {
  const t = row?.type ?? '';
  if (t === '' || t === 'system') return 'system';
  if (t === 'internal' || t === 'patch' || t === 'vxlan' || t === 'gre') return t;
  return { unsupported: `interface type ${t} is not modelled by the engine` };
}

export type { Rejected };
export { lines };
