import type { Branch, Disposition, Hop } from '../trace/types';
import type { Packet } from './packet';
import { Conntrack } from './conntrack';
import { Learned } from './learning';
import type { RtDevice, RtIface, RtNamespace, RtPort, Runtime } from './runtime';

/** Where a walk goes next: out of a port to its peer, into a device, or out of a namespace's own stack. */
export type Next =
  | { kind: 'port'; port: RtPort; pkt: Packet }
  | { kind: 'ingress'; port: RtPort; pkt: Packet }
  | { kind: 'local'; ns: RtNamespace; pkt: Packet; via?: string };

/** A device's verdict on one frame: where it goes next, or how the walk ends here. */
export type Outcome = Next[] | Disposition;

/** A connection a process opened, so its answer is delivered back to it. */
export interface Socket {
  ns: RtNamespace;
  ip: number;
  port: number;
  process: string;
}

/** One request leg that ended at a process; answers are walked back leg by leg. */
export interface Leg {
  ns: RtNamespace;
  iface: string;
  received: Packet;
  /** The leg whose process opened the connection this one arrived on; null for the sender's own. */
  parent: Leg | null;
  /** The source port of the connection this leg's process opened onward (a relay); 0 for none. */
  opened: number;
}

/** A process's answer to one leg: walked back from that process, then up the leg's parents. */
export interface Answer {
  leg: Leg;
  pkt: Packet;
  /** Sent raw onto the leg's interface (a DHCP server's answer), not through the IP stack. */
  raw: boolean;
}

/** A who-has as it reached a namespace's interface. */
export interface ArpHeard {
  ns: RtNamespace;
  iface: RtIface;
  sha: string;
  spa: number;
  tpa: number;
}

export interface WalkState {
  rt: Runtime;
  /** Hops left for the whole walk (floods included); guards against storms. */
  budget: number;
  sockets: Socket[];
  /** Connection tracking tables of every namespace and zone, for this walk. */
  conntrack: Conntrack;
  legs: Leg[];
  /** Every answer a process gave during this walk (a flood can reach two servers). */
  answers: Answer[];
  /** Every ARP request a namespace heard during this walk, in walk order (answered or not). */
  arpHeard: ArpHeard[];
  /** What switches and hosts learned during this walk. */
  learned: Learned;
  ephemeralPort: number;
  /** Record each ARP exchange's frames in its `arp` step (what readers of ARP ask for); off on the check's hot path. */
  arpExchanges: boolean;
}

export const HOP_LIMIT = 128;
export const WALK_BUDGET = 50_000;

export function newWalkState(rt: Runtime): WalkState {
  return { rt, budget: WALK_BUDGET, sockets: [], conntrack: new Conntrack(), legs: [], answers: [], arpHeard: [], learned: new Learned(), ephemeralPort: 40000, arpExchanges: false };
}

/**
 * Records that `received` reached a process in `ns`. Its parent is the leg whose relay opened
 * the connection it arrived on (matched by source port), so each answer finds its own way home.
 */
export function arrive(ws: WalkState, ns: RtNamespace, iface: string, received: Packet): Leg {
  let parent: Leg | null = null;
  for (const l of ws.legs) if (l.opened !== 0 && l.opened === received.sport) parent = l;
  const leg: Leg = { ns, iface, received, parent, opened: 0 };
  ws.legs.push(leg);
  return leg;
}

export function newBranch(): Branch {
  return { hops: [], forks: [] };
}

export function newHop(dev: RtDevice, inPort: string | undefined): Hop {
  // One literal per shape, fields in the order the trace's JSON lists them.
  if (dev.kind !== 'namespace') return { host: dev.host, device: dev.name, kind: dev.kind, in: inPort, inVlan: 0, vlan: 0, tunId: 0, steps: [] };
  const { role, owner } = dev.data;
  return owner
    ? { host: dev.host, device: dev.name, kind: dev.kind, in: inPort, inVlan: 0, vlan: 0, tunId: 0, steps: [], role, owner }
    : { host: dev.host, device: dev.name, kind: dev.kind, in: inPort, inVlan: 0, vlan: 0, tunId: 0, steps: [], role };
}

export function place(dev: { host: string; name: string }): { host: string; device: string } {
  return { host: dev.host, device: dev.name };
}

/** Device semantics are plugged in here by engine/index.ts, keeping this loop free of device kinds. */
export interface DeviceSemantics {
  ingress(ws: WalkState, dev: RtDevice, inPort: RtPort, pkt: Packet, hop: Hop, branch: Branch): Outcome;
  localOutput(ws: WalkState, ns: RtNamespace, pkt: Packet, hop: Hop, branch: Branch): Outcome;
}

/**
 * Follows one packet until every branch ends. Straight segments loop; a flood forks into child
 * branches. The loop knows links and budgets only: what a device does is its semantics' business.
 */
export function follow(ws: WalkState, sem: DeviceSemantics, branch: Branch, first: Next, depth = 0): void {
  let next: Next = first;
  for (;;) {
    if (ws.budget-- <= 0 || depth++ >= HOP_LIMIT) {
      const last = branch.hops[branch.hops.length - 1];
      const about = next.kind === 'local' ? next.ns : (next.kind === 'port' ? next.port.peer : next.port)?.device ?? next.port.device;
      branch.end = {
        kind: 'loop', at: last ? { host: last.host, device: last.device } : place(about),
        reason: ws.budget <= 0 ? 'walk budget exhausted (a flood storm?)' : `more than ${HOP_LIMIT} hops`,
      };
      return;
    }
    let hop: Hop;
    let outcome: Outcome;
    if (next.kind === 'local') {
      hop = newHop(next.ns, undefined);
      branch.hops.push(hop);
      outcome = sem.localOutput(ws, next.ns, next.pkt, hop, branch);
    } else {
      const target = next.kind === 'port' ? next.port.peer : next.port;
      if (!target) {
        const dev = next.port.device;
        branch.end = { kind: 'dropped', at: place(dev), rule: `port ${next.port.name}`, reason: `${next.port.name} is not connected to anything` };
        return;
      }
      hop = newHop(target.device, target.name);
      hop.inVlan = next.pkt.vlan;
      branch.hops.push(hop);
      outcome = sem.ingress(ws, target.device, target, next.pkt, hop, branch);
    }
    if (!Array.isArray(outcome)) {
      branch.end = outcome;
      return;
    }
    if (outcome.length === 1) {
      next = outcome[0];
      if (next.kind === 'port') hop.out = next.port.name;
      else if (next.kind === 'local' && next.via) hop.out = next.via;
      hop.vlan = next.pkt.vlan;
      hop.tunId = next.pkt.tunId;
      continue;
    }
    if (outcome.length === 0) {
      branch.end = { kind: 'dropped', at: { host: hop.host, device: hop.device }, rule: 'none', reason: 'no output' };
      return;
    }
    hop.copies = outcome.map((n) => ({ out: n.kind === 'port' ? n.port.name : n.kind === 'local' ? n.via : undefined, vlan: n.pkt.vlan, tunId: n.pkt.tunId }));
    for (const n of outcome) {
      const child = newBranch();
      branch.forks.push(child);
      follow(ws, sem, child, n, depth);
    }
    return;
  }
}
