import type { Flow, FlowMatch } from '../dataplane/types';
import { parseIp } from '../net/ipv4';
import type { Packet } from './packet';
import { isMulticastMac } from './packet';

type Field = keyof FlowMatch;
const FIELDS: readonly Field[] = [
  'inPort', 'vlan', 'dlDst', 'dlDstKind', 'dlSrc', 'ethType', 'tunId', 'nwProto', 'nwSrc', 'nwDst', 'tpSrc', 'tpDst', 'arpTpa',
];

interface Group {
  fields: Field[];
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
    const fields = FIELDS.filter((k) => flow.match[k] !== undefined);
    const sig = fields.join(',');
    let g = this.groups.find((x) => x.fields.join(',') === sig);
    if (!g) {
      g = { fields, maxPriority: flow.priority, flows: new Map() };
      this.groups.push(g);
    }
    const key = fields.map((k) => normalize(k, flow.match[k])).join('|');
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

function normalize(field: Field, v: unknown): string {
  if (field === 'nwSrc' || field === 'nwDst' || field === 'arpTpa') return String(parseIp(String(v)));
  return String(v);
}

function packetField(field: Field, p: Packet, inPort: string): string | undefined {
  switch (field) {
    case 'inPort': return inPort;
    case 'vlan': return String(p.vlan);
    case 'dlDst': return p.ethDst;
    case 'dlDstKind': return isMulticastMac(p.ethDst) ? 'multicast' : 'unicast';
    case 'dlSrc': return p.ethSrc;
    case 'ethType': return p.type;
    case 'tunId': return String(p.tunId);
    case 'nwProto': return p.type === 'ip' ? p.proto : undefined;
    case 'nwSrc': return p.type === 'ip' ? String(p.src) : undefined;
    case 'nwDst': return p.type === 'ip' ? String(p.dst) : undefined;
    case 'tpSrc': return p.type === 'ip' ? String(p.sport) : undefined;
    case 'tpDst': return p.type === 'ip' ? String(p.dport) : undefined;
    case 'arpTpa': return p.type === 'arp' ? String(p.arpTpa) : undefined;
  }
}
