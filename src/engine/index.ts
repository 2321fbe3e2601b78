import type { Dataplane } from '../dataplane/types';
import { trimArpMemo } from './arp';
import type { Branch, FlowSpec, Hop, Trace } from '../trace/types';
import { bestLeaf } from '../trace/leaves';
import { linuxBridgeIngress } from './linux-bridge';
import { chosenSource, namespaceIngress, namespaceLocalOutput } from './namespace';
import { ovsIngress } from './ovs';
import type { Packet } from './packet';
import { clonePacket, replyTo } from './packet';
import { deviceOf, runtimeOf, type RtNamespace, type Runtime } from './runtime';
import type { Answer, DeviceSemantics, Leg, Next, WalkState } from './walk';
import { follow, newBranch, newHop, newWalkState, place } from './walk';

export const semantics: DeviceSemantics = {
  ingress(ws, dev, inPort, pkt, hop, branch) {
    switch (dev.kind) {
      case 'ovs': return ovsIngress(ws.learned, ws.conntrack, dev, inPort, pkt, hop);
      case 'linux-bridge': return linuxBridgeIngress(ws.learned, ws.conntrack, dev, inPort, pkt, hop);
      case 'namespace': return namespaceIngress(ws, semantics, dev, inPort, pkt, hop, branch);
    }
  },
  localOutput(ws, ns, pkt, hop, branch) {
    return namespaceLocalOutput(ws, semantics, ns, pkt, hop, branch);
  },
};

/** How a packet enters the data plane: sent by a process in a namespace, or written raw to an interface. */
export type Injection =
  | { kind: 'send'; host: string; namespace: string; pkt: Packet; sockets?: string }
  | { kind: 'raw'; host: string; namespace: string; iface: string; pkt: Packet };

export function namespaceOf(rt: Runtime, host: string, name: string): RtNamespace {
  const d = deviceOf(rt, host, name);
  if (!d || d.kind !== 'namespace') throw new Error(`no namespace ${name} on ${host}`);
  return d;
}

/**
 * Walks `flow` from its injection point, then walks any answer (a process's, or a guest kernel's
 * echo reply, SYN-ACK or RST) back as new packets, leg by leg: each from where it was answered,
 * through routes, conntrack and firewalls like any packet. The trace's disposition is the
 * request's best outcome, or the reply's failure (marked `direction: 'reply'`) if the answer
 * never got home.
 */
export interface WalkOptions {
  /** Walk the answer back (default). Off only to measure what replies cost. */
  replies?: boolean;
  /**
   * Record each ARP exchange's frames in its `arp` step (default true): where the who-has went and
   * who answered. Off where nobody reads them (the check's search over every flow): the walk and
   * its outcome are the same, only the exchange is not kept.
   */
  arpExchanges?: boolean;
}

export function walkTrace(dp: Dataplane, flow: FlowSpec, inj: Injection, opts: WalkOptions = {}): Trace {
  const rt = runtimeOf(dp);
  trimArpMemo(rt);
  const ws = newWalkState(rt);
  ws.arpExchanges = opts.arpExchanges !== false;
  const ns = namespaceOf(rt, inj.host, inj.namespace);
  const root = newBranch();
  if (inj.kind === 'send') {
    ws.sockets.push({ ns, ip: inj.pkt.src, port: inj.pkt.sport, process: inj.sockets ?? ns.name });
    follow(ws, semantics, root, { kind: 'local', ns, pkt: inj.pkt });
  } else {
    const hop = newHop(ns, undefined);
    root.hops.push(hop);
    const nic = ns.data.interfaces.find((i) => i.name === inj.iface);
    // A raw socket writes onto the link only while the interface is up.
    if (!nic?.up) root.end = { kind: 'dropped', at: place(ns), rule: `${inj.iface} down`, reason: `interface ${inj.iface} is down: nothing leaves it` };
    else {
      hop.out = inj.iface;
      // A frame written on a VLAN device leaves its parent's wire tagged with the device's VID.
      let pkt = inj.pkt;
      if (nic.vlan && pkt.vlan !== nic.vlan) { pkt = clonePacket(pkt); pkt.vlan = nic.vlan; }
      follow(ws, semantics, root, { kind: 'port', port: ns.ports.get(inj.iface)!, pkt });
    }
  }
  const request = bestLeaf(root);
  const trace: Trace = { flow, root, disposition: request };
  // Readers (matchers, reports) map tags and VNIs back to networks through the data plane; it is
  // not part of the trace's JSON shape, so it is not enumerable.
  Object.defineProperty(trace, 'dataplane', { value: dp, enumerable: false });
  if ((request.kind === 'answered' || request.kind === 'delivered') && ws.answers.length && opts.replies !== false) {
    // Each answer is walked back from the process that gave it; two servers answering one
    // broadcast are two replies, forks of one reply branch.
    const replies = ws.answers.map((a) => walkReply(ws, a));
    trace.reply = replies.length === 1 ? replies[0] : { hops: [], forks: replies };
    const end = bestLeaf(trace.reply);
    if (end.kind !== 'delivered') trace.disposition = { ...end, direction: 'reply' };
  }
  return trace;
}

/** Walks one answer back: from its process, then up each parent leg to the sender. */
function walkReply(ws: WalkState, answer: Answer): Branch {
  const branch = newBranch();
  let tip = branch;
  for (let leg: Leg | null = answer.leg; leg; leg = leg.parent) {
    let first: Next;
    if (leg === answer.leg && answer.raw) {
      const hop: Hop = newHop(leg.ns, undefined);
      hop.out = leg.iface;
      tip.hops.push(hop);
      first = { kind: 'port', port: leg.ns.ports.get(leg.iface)!, pkt: answer.pkt };
    } else {
      const pkt = leg === answer.leg ? answer.pkt : replyTo(leg.received, answer.pkt.app);
      first = { kind: 'local', ns: leg.ns, pkt };
    }
    follow(ws, semantics, tip, first);
    if (bestLeaf(tip).kind !== 'delivered') return branch;
    if (leg.parent) tip = deliveredTip(tip);
  }
  return branch;
}

/** The branch whose walk was delivered, with its end cleared so the next leg continues it. */
function deliveredTip(b: Branch): Branch {
  if (b.end?.kind === 'delivered') { b.end = undefined; return b; }
  for (const f of b.forks) {
    const t = findDelivered(f);
    if (t) { t.end = undefined; return t; }
  }
  return b;
}

function findDelivered(b: Branch): Branch | undefined {
  if (b.end?.kind === 'delivered') return b;
  for (const f of b.forks) { const t = findDelivered(f); if (t) return t; }
  return undefined;
}

/** The source address a process in this namespace gets when it sends to `dst` (0: no route). */
export function sourceAddressFor(dp: Dataplane, host: string, namespace: string, dst: number): number {
  return chosenSource(namespaceOf(runtimeOf(dp), host, namespace), dst);
}

export { runtimeOf } from './runtime';
export type { Packet } from './packet';
