import { formatIp } from '../net/ipv4';
import type { Hop } from '../trace/types';
import type { CtState, Packet } from './packet';

/**
 * Connection tracking as the kernel keeps it: a table per namespace (and per zone inside it, as
 * OVS's `ct(zone=…)` uses), each entry an original tuple and the reply tuple it expects. A
 * packet's state comes from looking its tuple up, never from the packet itself: unknown → NEW (an
 * entry is created), the original direction before any reply → still NEW, the reply direction →
 * ESTABLISHED, the original direction once a reply was seen → ESTABLISHED.
 *
 * The tables belong to one walk (like learned MACs), so a trace depends on the data plane and
 * the flow only. A walk holds a handful of entries, so a table is a short array scanned by
 * numbers, with no keys built.
 */
export interface CtEntry {
  proto: Packet['proto'];
  oSrc: number; oSport: number; oDst: number; oDport: number;
  /** The tuple a reply carries: the original swapped, with any NAT applied. */
  rSrc: number; rSport: number; rDst: number; rDport: number;
  seenReply: boolean;
  snat: boolean;
  dnat: boolean;
  /** The original tuple as traces print it. */
  text: string;
}

/** One lookup's answer: the entry, and whether the packet travels in its reply direction. */
export interface CtHit {
  state: CtState;
  entry: CtEntry | null;
  reply: boolean;
  /** This packet created the entry: the nat table decides its translations now. */
  created: boolean;
}

export const UNTRACKED: CtHit = Object.freeze({ state: 'UNTRACKED', entry: null, reply: false, created: false }) as CtHit;

export class Conntrack {
  private readonly tables = new Map<number, CtEntry[]>();


  /**
   * Looks `p` up in the table `key`; with `create`, an unknown tuple gets an entry (NEW). Marks
   * the entry as having seen a reply when `p` travels in the reply direction.
   */
  lookup(key: number, p: Packet, create: boolean): CtHit {
    let entries = this.tables.get(key);
    if (entries) {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.proto !== p.proto) continue;
        if (e.rSrc === p.src && e.rDst === p.dst && e.rSport === p.sport && e.rDport === p.dport) {
          e.seenReply = true;
          return { state: 'ESTABLISHED', entry: e, reply: true, created: false };
        }
        if (e.oSrc === p.src && e.oDst === p.dst && e.oSport === p.sport && e.oDport === p.dport) {
          return { state: e.seenReply ? 'ESTABLISHED' : 'NEW', entry: e, reply: false, created: false };
        }
      }
    }
    if (!create) return { state: 'NEW', entry: null, reply: false, created: false };
    const e: CtEntry = {
      proto: p.proto, oSrc: p.src, oSport: p.sport, oDst: p.dst, oDport: p.dport,
      rSrc: p.dst, rSport: p.dport, rDst: p.src, rDport: p.sport, seenReply: false, snat: false, dnat: false,
      text: tupleText(p),
    };
    if (entries) entries.push(e); else this.tables.set(key, [e]);
    return { state: 'NEW', entry: e, reply: false, created: true };
  }
}

/** The table key of a namespace's zone: device ids are small, zones 16-bit. */
export function ctKey(deviceId: number, zone: number): number {
  return deviceId * 65536 + (zone & 0xffff);
}

/** Records the lookup as a step, so the detailed view shows where state came from. */
export function ctStep(hop: Hop, table: string, zone: number, hit: CtHit): void {
  hop.steps.push({ t: 'ct', table, zone, state: hit.state, conn: hit.entry?.text ?? null, dir: hit.reply ? 'reply' : 'original' });
}

function tupleText(p: Packet): string {
  return p.proto === 'tcp' || p.proto === 'udp'
    ? `${p.proto} ${formatIp(p.src)}:${p.sport} → ${formatIp(p.dst)}:${p.dport}`
    : `${p.proto} ${formatIp(p.src)} → ${formatIp(p.dst)}`;
}
