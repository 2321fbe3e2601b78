import type { Flow, FlowMatch } from '../dataplane/types';
import { maskOf, parseIp } from '../net/ipv4';
import type { Packet } from './packet';
import { icmpCodeOf, icmpTypeOf, isMulticastMac } from './packet';

type Field = keyof FlowMatch;
const FIELDS: readonly Field[] = [
  'inPort', 'vlan', 'dlDst', 'dlDstKind', 'dlSrc', 'ethType', 'tunId', 'nwProto', 'nwSrc', 'nwDst', 'tpSrc', 'tpDst', 'arpSpa', 'arpTpa',
  'ctState', 'icmpType', 'icmpCode', 'conjId',
];
const FIELD_INDEX = new Map<string, number>(FIELDS.map((f, i) => [f, i]));
/** How a field's values compare: as text, as numbers, or as masked addresses. */
const ADDRESS = new Set<Field>(['nwSrc', 'nwDst', 'arpSpa', 'arpTpa']);
const NUMERIC = new Set<Field>(['vlan', 'tunId', 'tpSrc', 'tpDst', 'icmpType', 'icmpCode', 'conjId']);

/**
 * A matched field (its index in FIELDS), with the prefix length for masked address matches
 * (`nwDst/24`), or the bit mask of a masked port match (`tpDst=0x1000/0xf000`; 0xffff: exact).
 */
interface Key {
  field: number;
  prefix: number;
  mask: number;
  portMask: number;
}

/**
 * Flows that match the same fields. Values are keyed level by level, one map per field, so a
 * lookup builds no key: `root` maps the first field's value to the next level, the last level
 * to the highest-priority flow with those values (the first installed on equal priorities).
 * Values are keyed as their printed form would compare (see `textKey`, `numberKey`).
 */
interface Group<E> {
  fields: Key[];
  maxPriority: number;
  root: Map<unknown, unknown>;
  /** The flow of a group that matches no field at all. */
  any: E | undefined;
}

/**
 * One OpenFlow table, looked up by tuple-space search as Open vSwitch's classifier does: flows are
 * grouped by which fields they match, each group is a hash on those fields' values, and groups
 * are probed from the highest priority down. Equal priorities keep the first flow installed.
 */
export class FlowClassifier<E extends { priority: number } = Flow> {
  private readonly groups: Group<E>[] = [];
  private readonly bySignature = new Map<number | string, Group<E>>();
  /** Installation order, to break ties between equal priorities in different groups. */
  private readonly order = new Map<E, number>();
  /** Groups are sorted by priority once, before the first lookup after adding flows. */
  private sorted = true;
  /** The constructor's flows, indexed on first use: most tables of a large data plane never are. */
  private pending: readonly Flow[] | null;
  /** What lookups return for each flow (one per flow object): by default the flow itself. */
  private readonly entryOf: (f: Flow) => E;
  private readonly entries = new Map<Flow, E>();

  constructor(flows: readonly Flow[] = [], entryOf?: (f: Flow) => E) {
    this.pending = flows.length ? flows : null;
    this.entryOf = entryOf ?? ((f) => f as unknown as E);
  }

  add(flow: Flow): void {
    if (this.pending) this.flush();
    this.insert(flow);
  }

  private flush(): void {
    const flows = this.pending!;
    this.pending = null;
    for (const f of flows) this.insert(f);
  }

  private insert(flow: Flow): void {
    let e = this.entries.get(flow);
    if (!e) this.entries.set(flow, (e = this.entryOf(flow)));
    this.order.set(e, this.order.size);
    const m = flow.match;
    // Which fields the flow matches: only the keys it has are read (matches differ in shape).
    let bits = 0;
    for (const name in m) {
      const i = FIELD_INDEX.get(name);
      if (i !== undefined && m[name as Field] !== undefined) bits |= 1 << i;
    }
    // The fields in FIELDS order, and the signature: the fields, and the prefix of each address
    // field (it decides the masking).
    const fields: Key[] = [];
    let prefixes = '';
    for (let i = 0; bits >>> i !== 0; i++) {
      if (!(bits & (1 << i))) continue;
      const prefix = ADDRESS.has(FIELDS[i]) ? prefixOf(m[FIELDS[i]]) : 32;
      const portMask = i === TP_DST ? portMaskOf(m.tpDst) : 0xffff;
      fields.push({ field: i, prefix, mask: maskOf(prefix), portMask });
      if (prefix !== 32) prefixes += `/${i}:${prefix}`;
      if (portMask !== 0xffff) prefixes += `/${i}&${portMask}`;
    }
    const sig = prefixes ? `${bits}${prefixes}` : bits;
    let g = this.bySignature.get(sig);
    if (!g) {
      g = { fields, maxPriority: flow.priority, root: new Map(), any: undefined as E | undefined };
      this.bySignature.set(sig, g);
      this.groups.push(g);
    }
    if (fields.length === 0) {
      if (!g.any || g.any.priority < flow.priority) g.any = e;
    } else {
      let node = g.root;
      for (let i = 0; i < fields.length - 1; i++) {
        const k = flowValue(fields[i], m[FIELDS[fields[i].field]]);
        let next = node.get(k) as Map<unknown, unknown> | undefined;
        if (!next) node.set(k, (next = new Map()));
        node = next;
      }
      const k = flowValue(fields[fields.length - 1], m[FIELDS[fields[fields.length - 1].field]]);
      const prev = node.get(k) as E | undefined;
      if (!prev || prev.priority < flow.priority) node.set(k, e);
    }
    g.maxPriority = Math.max(g.maxPriority, flow.priority);
    this.sorted = false;
  }

  /** The best flow for the packet; `conjId` is the conjunction it matched (0: none), for `conj_id` flows. */
  lookup(p: Packet, inPort: string, conjId = 0): E | undefined {
    if (this.pending) this.flush();
    if (!this.sorted) {
      this.groups.sort((a, b) => b.maxPriority - a.maxPriority);
      this.sorted = true;
    }
    let best: E | undefined;
    for (const g of this.groups) {
      if (best && g.maxPriority < best.priority) break;
      let f: E | undefined;
      const fields = g.fields;
      if (fields.length === 0) f = g.any;
      else {
        let node: unknown = g.root;
        for (let i = 0; i < fields.length; i++) {
          const v = packetValue(fields[i], p, inPort, conjId);
          if (v === undefined) { node = undefined; break; }
          node = (node as Map<unknown, unknown>).get(v);
          if (node === undefined) break;
        }
        f = node as E | undefined;
      }
      if (f && (!best || f.priority > best.priority || (f.priority === best.priority && this.order.get(f)! < this.order.get(best)!))) best = f;
    }
    return best;
  }
}

/** `0x1000/0xf000` → 0xf000; a plain port → 0xffff. */
function portMaskOf(v: unknown): number {
  return typeof v === 'string' && v.includes('/') ? Number(v.split('/')[1]) & 0xffff : 0xffff;
}

function prefixOf(v: unknown): number {
  return typeof v === 'string' && v.includes('/') && !v.includes(':') ? Number(v.split('/')[1]) : 32;
}

/**
 * Keys compare as the printed values did (`String(v)`): text as text; a number, or text that is
 * a number's printed form, as that number; masked addresses as numbers.
 */
function textKey(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

function numberKey(v: unknown): number | string {
  if (typeof v === 'number') return v;
  const s = String(v);
  const n = Number(s);
  return String(n) === s ? n : s;
}

function flowValue(k: Key, v: unknown): unknown {
  const field = FIELDS[k.field];
  if (ADDRESS.has(field)) return (parseIp(String(v).split('/')[0]) & k.mask) >>> 0;
  if (k.portMask !== 0xffff) return Number(String(v).split('/')[0]) & k.portMask;
  return NUMERIC.has(field) ? numberKey(v) : textKey(v);
}

function address(ip: number, k: Key): number {
  return k.prefix === 32 ? ip : (ip & k.mask) >>> 0;
}

// Field indexes in FIELDS, for the switch below.
const IN_PORT = 0, VLAN = 1, DL_DST = 2, DL_DST_KIND = 3, DL_SRC = 4, ETH_TYPE = 5, TUN_ID = 6, NW_PROTO = 7, NW_SRC = 8,
  NW_DST = 9, TP_SRC = 10, TP_DST = 11, ARP_SPA = 12, ARP_TPA = 13, CT_STATE = 14, ICMP_TYPE = 15, ICMP_CODE = 16, CONJ_ID = 17;

function packetValue(k: Key, p: Packet, inPort: string, conjId: number): unknown {
  switch (k.field) {
    case IN_PORT: return textKey(inPort);
    case VLAN: return numberKey(p.vlan);
    case DL_DST: return textKey(p.ethDst);
    case DL_DST_KIND: return isMulticastMac(p.ethDst) ? 'multicast' : 'unicast';
    case DL_SRC: return textKey(p.ethSrc);
    case ETH_TYPE: return textKey(p.type);
    case TUN_ID: return numberKey(p.tunId);
    case NW_PROTO: return p.type === 'ip' ? textKey(p.proto) : undefined;
    case NW_SRC: return p.type === 'ip' ? address(p.src, k) : undefined;
    case NW_DST: return p.type === 'ip' ? address(p.dst, k) : undefined;
    case TP_SRC: return p.type === 'ip' ? numberKey(p.sport) : undefined;
    case TP_DST: return p.type !== 'ip' ? undefined : k.portMask !== 0xffff ? p.dport & k.portMask : numberKey(p.dport);
    case ARP_SPA: return p.type === 'arp' ? address(p.arpSpa, k) : undefined;
    case ARP_TPA: return p.type === 'arp' ? address(p.arpTpa, k) : undefined;
    case CT_STATE: return p.ct === 'ESTABLISHED' ? 'est' : p.ct === 'NEW' ? 'new' : undefined; // untracked: neither
    case ICMP_TYPE: { const t = p.type === 'ip' ? icmpTypeOf(p) : -1; return t < 0 ? undefined : t; }
    case ICMP_CODE: { const c = p.type === 'ip' ? icmpCodeOf(p) : -1; return c < 0 ? undefined : c; }
    case CONJ_ID: return conjId === 0 ? undefined : conjId;
  }
  return undefined;
}
