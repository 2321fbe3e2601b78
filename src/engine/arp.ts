import { formatIp } from '../net/ipv4';
import type { Hop } from '../trace/types';
import type { Packet } from './packet';
import { arpRequest } from './packet';
import type { RtIface, RtNamespace } from './runtime';
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
  const key = `${dev.data.name}/${ip}`;
  let memo = ws.rt.arp.get(ns);
  if (!memo) ws.rt.arp.set(ns, (memo = new Map()));
  let entry = memo.get(key);
  const cached = entry !== undefined;
  if (!entry) {
    // A placeholder first: an exchange that somehow needs its own answer sees "unresolved", not a cycle.
    memo.set(key, { mac: null, learned: ws.learned });
    memo.set(key, (entry = exchange(ws, sem, ns, dev, ip, key)));
  }
  ws.learned.include(entry.learned);
  hop.steps.push({ t: 'arp', ip: formatIp(ip), mac: entry.mac, cached });
  return entry.mac;
}

function exchange(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, key: string) {
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
      const reply: Packet = {
        ...req, ethSrc: a.mac, ethDst: a.to, arpOp: 2, arpSha: a.mac, arpSpa: a.spa, arpTpa: a.tpa, vlan: a.iface.data.vlan ?? 0,
      };
      sub.arpAnswers = [];
      follow(sub, sem, newBranch(), { kind: 'port', port: a.iface.port, pkt: reply });
    }
  }
  return { mac: sub.learned.neighbour(ns, key) ?? null, learned: sub.learned };
}
