import { formatIp } from '../net/ipv4';
import type { Hop } from '../trace/types';
import { arpRequest, clonePacket } from './packet';
import type { ArpMemo, RtIface, RtNamespace } from './runtime';
import type { DeviceSemantics, WalkState } from './walk';
import { follow, newBranch, newWalkState } from './walk';

/**
 * Neighbour resolution as the kernel does it: a broadcast who-has out of the interface, walked
 * through the real L2 path (teaching every switch on the way where the sender is), then the
 * answer walked back. Each exchange is walked once from a clean slate and remembered with what
 * it taught the switches, so resolving is a pure function of the data plane; the walk that asked
 * then sees that learning too, as it would after a real exchange.
 */
export function resolveNeighbour(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, hop: Hop): string | null {
  let memo = ws.rt.arp.get(dev);
  if (!memo) ws.rt.arp.set(dev, (memo = new Map()));
  let entry = memo.get(ip);
  const cached = entry !== undefined;
  if (!entry) {
    const ipText = formatIp(ip);
    // A placeholder first: an exchange that somehow needs its own answer sees "unresolved", not a cycle.
    memo.set(ip, { mac: null, learned: ws.learned, ipText });
    memo.set(ip, (entry = exchange(ws, sem, ns, dev, ip, `${dev.data.name}/${ip}`, ipText)));
  }
  ws.learned.include(entry.learned);
  hop.steps.push({ t: 'arp', ip: entry.ipText, mac: entry.mac, cached });
  return entry.mac;
}

function exchange(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, key: string, ipText: string): ArpMemo {
  const spa = (dev.addresses.find((a) => ((ip & a.mask) >>> 0) === a.network) ?? dev.addresses[0])?.ip ?? 0;
  const sub = newWalkState(ws.rt);
  const req = arpRequest(dev.data.mac, spa, ip);
  req.vlan = dev.data.vlan ?? 0;
  follow(sub, sem, newBranch(), { kind: 'port', port: dev.port, pkt: req });
  // An OVS ARP responder answers in the flow table, and its reply already came back; a host
  // answers from its own stack, and its reply is walked back now.
  if (sub.learned.neighbour(ns, key) === undefined) {
    const a = sub.arpAnswers[0];
    if (a) {
      const reply = clonePacket(req);
      reply.ethSrc = a.mac;
      reply.ethDst = a.to;
      reply.arpOp = 2;
      reply.arpSha = a.mac;
      reply.arpSpa = a.spa;
      reply.arpTpa = a.tpa;
      reply.vlan = a.iface.data.vlan ?? 0;
      sub.arpAnswers = [];
      follow(sub, sem, newBranch(), { kind: 'port', port: a.iface.port, pkt: reply });
    }
  }
  return { mac: sub.learned.neighbour(ns, key) ?? null, learned: sub.learned, ipText };
}
