import type { Flow, FlowMatch } from '../dataplane/types';
import { maskOf, parseIp } from '../net/ipv4';
import type { Packet } from './packet';
import { isMulticastMac } from './packet';

type Field = keyof FlowMatch;
const FIELDS: readonly Field[] = [
  'inPort', 'vlan', 'dlDst', 'dlDstKind', 'dlSrc', 'ethType', 'tunId', 'nwProto', 'nwSrc', 'nwDst', 'tpSrc', 'tpDst', 'arpSpa', 'arpTpa',
  'ctState',
];

/** A matched field, with the prefix length for masked address matches (`nwDst/24`). */
interface Key {
  field: Field;
  prefix: number;
}

interface Group {
  fields: Key[];
  sig: string;
  maxPriority: number;
  /** key of the matched values → highest-priority flow with those values. */
  flows: Map<string, Flow>;
}

/**
 * One OpenFlow table, looked up by tuple-space search as Open vSwitch's classifier does: flows are
 * grouped by which fields they match, each group is a hash on those fields' values, and groups
 * are probed from the highest priority down. Equal priorities keep the first flow installed.
 */
export class FlowClassifier {
  private readonly groups: Group[] = [];
  /** Installation order, to break ties between equal priorities in different groups. */
  private readonly order = new Map<Flow, number>();

  constructor(flows: readonly Flow[] = []) {
    for (const f of flows) this.add(f);
  }

  add(flow: Flow): void {
    this.order.set(flow, this.order.size);
    const fields: Key[] = FIELDS.filter((k) => flow.match[k] !== undefined).map((field) => ({ field, prefix: prefixOf(flow.match[field]) }));
    const sig = fields.map((k) => `${k.field}/${k.prefix}`).join(',');
    let g = this.groups.find((x) => x.sig === sig);
    if (!g) {
      g = { fields, sig, maxPriority: flow.priority, flows: new Map() };
      this.groups.push(g);
    }
    const key = fields.map((k) => normalize(k, flow.match[k.field])).join('|');
    const prev = g.flows.get(key);
    if (!prev || prev.priority < flow.priority) g.flows.set(key, flow);
    g.maxPriority = Math.max(g.maxPriority, flow.priority);
    this.groups.sort((a, b) => b.maxPriority - a.maxPriority);
  }

  lookup(p: Packet, inPort: string): Flow | undefined {
    let best: Flow | undefined;
    for (const g of this.groups) {
      if (best && g.maxPriority < best.priority) break;
      let key = '';
      for (let i = 0; i < g.fields.length; i++) {
        const v = packetField(g.fields[i], p, inPort);
        if (v === undefined) { key = '\u0000'; break; }
        key = i === 0 ? v : `${key}|${v}`;
      }
      const f = g.flows.get(key);
      if (f && (!best || f.priority > best.priority || (f.priority === best.priority && this.order.get(f)! < this.order.get(best)!))) best = f;
    }
    return best;
  }
}

function prefixOf(v: unknown): number {
  return typeof v === 'string' && v.includes('/') && !v.includes(':') ? Number(v.split('/')[1]) : 32;
}

const ADDRESS_FIELDS = new Set<Field>(['nwSrc', 'nwDst', 'arpSpa', 'arpTpa']);

function normalize(k: Key, v: unknown): string {
  if (ADDRESS_FIELDS.has(k.field)) return String((parseIp(String(v).split('/')[0]) & maskOf(k.prefix)) >>> 0);
  return String(v);
}

function address(ip: number, k: Key): string {
  return String(k.prefix === 32 ? ip : (ip & maskOf(k.prefix)) >>> 0);
}

function packetField(k: Key, p: Packet, inPort: string): string | undefined {
  switch (k.field) {
    case 'inPort': return inPort;
    case 'vlan': return String(p.vlan);
    case 'dlDst': return p.ethDst;
    case 'dlDstKind': return isMulticastMac(p.ethDst) ? 'multicast' : 'unicast';
    case 'dlSrc': return p.ethSrc;
    case 'ethType': return p.type;
    case 'tunId': return String(p.tunId);
    case 'nwProto': return p.type === 'ip' ? p.proto : undefined;
    case 'nwSrc': return p.type === 'ip' ? address(p.src, k) : undefined;
    case 'nwDst': return p.type === 'ip' ? address(p.dst, k) : undefined;
    case 'tpSrc': return p.type === 'ip' ? String(p.sport) : undefined;
    case 'tpDst': return p.type === 'ip' ? String(p.dport) : undefined;
    case 'arpSpa': return p.type === 'arp' ? address(p.arpSpa, k) : undefined;
    case 'arpTpa': return p.type === 'arp' ? address(p.arpTpa, k) : undefined;
    case 'ctState': return p.ct === 'ESTABLISHED' ? 'est' : 'new';
  }
}
