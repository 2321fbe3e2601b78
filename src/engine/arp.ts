import { formatIp } from '../net/ipv4';
import type { Hop } from '../trace/types';
import type { Packet } from './packet';
import { arpRequest } from './packet';
import type { RtIface, RtNamespace } from './runtime';
import type { DeviceSemantics, WalkState } from './walk';
import { follow, newBranch, newWalkState } from './walk';

/**
 * Neighbour resolution as the kernel does it: a broadcast who-has out of the interface, walked
 * through the real L2 path (which teaches every switch on the way where the sender is), then the
 * answer walked back. The result is cached per namespace, like the kernel's neighbour table.
 */
export function resolveNeighbour(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, hop: Hop): string | null {
  const key = `${dev.data.name}/${ip}`;
  const cached = ns.neighbours.get(key);
  if (cached !== undefined) {
    hop.steps.push({ t: 'arp', ip: formatIp(ip), mac: cached, cached: true });
    return cached;
  }
  const spa = (dev.addresses.find((a) => ((ip & a.mask) >>> 0) === a.network) ?? dev.addresses[0])?.ip ?? 0;
  const sub = newWalkState(ws.rt);
  const req = arpRequest(dev.data.mac, spa, ip);
  req.vlan = dev.data.vlan ?? 0;
  follow(sub, sem, newBranch(), { kind: 'port', port: dev.port, pkt: req });
  // An OVS ARP responder answers in the flow table, and its reply already came back; a host
  // answers from its own stack, and its reply is walked back now.
  if (!ns.neighbours.has(key)) {
    const a = sub.arpAnswers[0];
    if (a) {
      const reply: Packet = {
        ...req, ethSrc: a.mac, ethDst: a.to, arpOp: 2, arpSha: a.mac, arpSpa: a.spa, arpTpa: a.tpa, vlan: a.iface.data.vlan ?? 0,
      };
      follow(newWalkState(ws.rt), sem, newBranch(), { kind: 'port', port: a.iface.port, pkt: reply });
    }
  }
  const mac = ns.neighbours.get(key) ?? null;
  ns.neighbours.set(key, mac);
  hop.steps.push({ t: 'arp', ip: formatIp(ip), mac, cached: false });
  return mac;
}
