import { formatIp, LIMITED_BROADCAST, parseIp } from '../net/ipv4';
import type { Branch, Hop } from '../trace/types';
import { ownsAddress, resolveNeighbour } from './arp';
import { ctKey, ctStep, UNTRACKED, type CtHit } from './conntrack';
import { runChain, type NfContext } from './netfilter';
import type { AppPayload, Packet } from './packet';
import { BROADCAST_MAC, clonePacket, replyTo } from './packet';
import { handleListener } from './processes';
import { prepareNamespace, type RtIface, type RtNamespace, type RtPort, type RtRoute } from './runtime';
import { lookupRoute, proxiesArpFor } from './routing';

export { lookupRoute };
import type { DeviceSemantics, Outcome, WalkState } from './walk';
import { arrive, place } from './walk';

/**
 * A Linux network namespace: interface MAC filter, ARP, netfilter (mangle/nat/filter with
 * conntrack), longest-prefix-match routing, and local delivery to listening processes.
 */
export function namespaceIngress(
  ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, inPort: RtPort, pkt: Packet, hop: Hop, branch: Branch,
): Outcome {
  if (!ns.ready) prepareNamespace(ns);
  // A tagged frame goes up the VLAN device stacked on its port for that VID, if there is one.
  const vlanDev = pkt.vlan ? ns.vlanIfaces.get(inPort)?.get(pkt.vlan) : undefined;
  const iface = ns.ifaces.get(vlanDev ?? inPort.name)!;
  const quiet = (reason: string): Outcome => ({ kind: 'dropped', at: place(ns), rule: `${iface.data.name}`, reason, quiet: true });
  if (!iface.data.up) return { kind: 'dropped', at: place(ns), rule: `${iface.data.name} down`, reason: `interface ${iface.data.name} is down` };
  const vid = iface.data.vlan ?? 0;
  if (pkt.vlan !== vid) return quiet(pkt.vlan ? `VLAN ${pkt.vlan} frame on ${iface.data.name} (no such VLAN device)` : `untagged frame on VLAN device ${iface.data.name}`);
  if (pkt.ethDst !== iface.data.mac && pkt.ethDst !== BROADCAST_MAC && !joinedGroupOf(ns, iface, pkt.ethDst)) return quiet(`not for ${iface.data.name} (dst ${pkt.ethDst})`);
  // ARP input only reads the frame; the IP path changes headers, so it works on its own copy.
  if (pkt.type === 'arp') return arpInput(ws, ns, iface, pkt);
  const p = clonePacket(pkt);
  if (vid) p.vlan = 0;
  // A packet socket (dhclient's) takes its frames before IP: it needs no address on the NIC.
  for (const l of ns.listeners) {
    if (l.packetSocket && l.running && l.proto === p.proto && (l.port ?? 0) === p.dport && (l.iface === undefined || l.iface === iface.data.name)) {
      hop.steps.push({ t: 'deliver', listener: l });
      return handleListener(ws, sem, ns, iface, l, p, hop, branch);
    }
  }
  return ipInput(ws, sem, ns, iface, p, hop, branch);
}

/**
 * A multicast frame is taken by an interface only for a group a socket joined on it (keepalived
 * joins 224.0.0.18 on its ha- device): the group's MAC is 01:00:5e and its low 23 bits.
 */
function joinedGroupOf(ns: RtNamespace, iface: RtIface, mac: string): boolean {
  if (!mac.startsWith('01:00:5e:')) return false;
  return ns.listeners.some((l) => l.iface === iface.data.name && l.ip !== undefined && multicastMac(l.ip) === mac);
}

function multicastMac(ip: string): string | undefined {
  const n = parseIp(ip);
  if (n >>> 28 !== 0xe) return undefined;
  const low = n & 0x7fffff;
  return `01:00:5e:${[(low >>> 16) & 0x7f, (low >>> 8) & 0xff, low & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
}

function arpInput(ws: WalkState, ns: RtNamespace, iface: RtIface, p: Packet): Outcome {
  if (p.arpOp === 2) {
    ws.learned.learnNeighbour(ns, `${iface.data.name}/${p.arpSpa}`, p.arpSha);
    return { kind: 'delivered', at: place(ns), to: `arp ${formatIp(p.arpSpa)} is-at ${p.arpSha}` };
  }
  ws.arpHeard.push({ ns, iface, sha: p.arpSha, spa: p.arpSpa, tpa: p.arpTpa });
  // arp_ignore=1 (set by Neutron on its namespaces): answer only for addresses on the receiving interface.
  if (!ownsAddress(iface, p.arpTpa) && !proxiesArpFor(ns, iface, p.arpTpa)) {
    return { kind: 'dropped', at: place(ns), rule: 'arp', reason: `arp who-has ${formatIp(p.arpTpa)}: not an address of ${iface.data.name}`, quiet: true };
  }
  return { kind: 'answered', at: place(ns), by: 'kernel', detail: `${formatIp(p.arpTpa)} is-at ${iface.data.mac}` };
}

function ipInput(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, iface: RtIface, p: Packet, hop: Hop, branch: Branch): Outcome {
  const ctx: NfContext = { inIface: iface.data.name };
  const ct = track(ws, ns, 'PREROUTING', p, ctx, hop);
  const mangle = runChain(ns, 'mangle', 'PREROUTING', p, ctx);
  for (const m of mangle.marks) hop.steps.push({ t: 'mark', value: p.mark, rule: m.rule, chain: m.chain });
  if (ct.created) {
    const nat = runChain(ns, 'nat', 'PREROUTING', p, ctx);
    if (nat.nat) applyDnat(ct, iface, p, nat.nat, nat.chain!, hop);
  } else natDestination(ct, p, hop);
  if (isLocal(ns, iface, p.dst)) {
    const input = runChain(ns, 'filter', 'INPUT', p, ctx);
    if (input.verdict === 'DROP') {
      hop.steps.push({ t: 'filter', table: 'filter', chain: 'INPUT', verdict: 'DROP', rule: input.rule, ruleChain: input.chain });
      return { kind: 'dropped', at: place(ns), rule: `${input.chain}: ${input.rule?.comment ?? 'DROP'}`, reason: `filter INPUT dropped ${p.proto}/${p.dport}` };
    }
    if (input.rule) hop.steps.push({ t: 'filter', table: 'filter', chain: 'INPUT', verdict: 'ACCEPT', rule: input.rule, ruleChain: input.chain });
    return localDeliver(ws, sem, ns, iface, p, hop, branch);
  }
  if (!ns.data.ipForward) {
    return { kind: 'dropped', at: place(ns), rule: 'net.ipv4.ip_forward=0', reason: `${formatIp(p.dst)} is not local and ${ns.name} does not forward`, quiet: ns.data.guest };
  }
  const route = lookupRoute(ns, p.dst, p.src, iface.data.name);
  if (!route) return { kind: 'no-route', at: place(ns), destination: formatIp(p.dst) };
  hop.steps.push({ t: 'route', destination: formatIp(p.dst), route: route.data });
  const fwd = runChain(ns, 'filter', 'FORWARD', p, { inIface: ctx.inIface, outIface: route.dev!.data.name });
  if (fwd.verdict === 'DROP') {
    hop.steps.push({ t: 'filter', table: 'filter', chain: 'FORWARD', verdict: 'DROP', rule: fwd.rule, ruleChain: fwd.chain });
    return { kind: 'dropped', at: place(ns), rule: `${fwd.chain}: ${fwd.rule?.comment ?? 'DROP'}`, reason: `filter FORWARD dropped the packet (conntrack ${p.ct})` };
  }
  return transmit(ws, sem, ns, route, p, hop, iface.data.name, ct);
}

/**
 * The raw table, then the conntrack lookup (unless a NOTRACK rule matched): the packet's state in
 * this namespace, recorded as a step.
 */
const LOOPBACK: NfContext = Object.freeze({ outIface: 'lo' });

function track(ws: WalkState, ns: RtNamespace, hook: 'PREROUTING' | 'OUTPUT', p: Packet, ctx: NfContext, hop: Hop): CtHit {
  const raw = runChain(ns, 'raw', hook, p, ctx);
  let hit: CtHit;
  if (raw.nat?.target.type === 'NOTRACK') {
    hop.steps.push({ t: 'filter', table: 'raw', chain: hook, verdict: 'ACCEPT', rule: raw.nat, ruleChain: raw.chain });
    hit = UNTRACKED;
  } else hit = ws.conntrack.lookup(ctKey(ns.id, 0), p, true);
  p.ct = hit.state;
  p.ctDnat = hit.entry?.dnat ?? false;
  ctStep(hop, ns.name, 0, hit);
  return hit;
}

/** A packet a process in this namespace sends: route, OUTPUT chains, POSTROUTING, ARP. */
export function namespaceLocalOutput(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, pkt: Packet, hop: Hop, branch: Branch): Outcome {
  if (!ns.ready) prepareNamespace(ns);
  const p = clonePacket(pkt);
  const self = ownInterface(ns, p.dst);
  if (self) {
    // To one of its own addresses: the kernel delivers over loopback, no wire, no ARP.
    if (p.src === 0) p.src = p.dst;
    hop.steps.push({ t: 'note', text: `local address ${formatIp(p.dst)}: delivered over loopback` });
    track(ws, ns, 'OUTPUT', p, LOOPBACK, hop);
    return localDeliver(ws, sem, ns, self, p, hop, branch);
  }
  const route = lookupRoute(ns, p.dst, p.src);
  if (!route) {
    for (const i of ns.data.interfaces) {
      if (i.dhcp?.state === 'failed') hop.steps.push({ t: 'note', text: `${i.name} has no address: its DHCP failed (${i.dhcp.reason})` });
    }
    return { kind: 'no-route', at: place(ns), destination: formatIp(p.dst) };
  }
  hop.steps.push({ t: 'route', destination: formatIp(p.dst), route: route.data });
  if (p.src === 0) p.src = sourceAddress(route, p.dst);
  const ctx: NfContext = { outIface: route.dev!.data.name };
  const ct = track(ws, ns, 'OUTPUT', p, ctx, hop);
  if (ct.created) {
    const nat = runChain(ns, 'nat', 'OUTPUT', p, ctx);
    if (nat.nat) applyDnat(ct, route.dev!, p, nat.nat, nat.chain!, hop);
  } else natDestination(ct, p, hop);
  const out = runChain(ns, 'filter', 'OUTPUT', p, ctx);
  if (out.verdict === 'DROP') {
    return { kind: 'dropped', at: place(ns), rule: `${out.chain}: ${out.rule?.comment ?? 'DROP'}`, reason: 'filter OUTPUT dropped the packet' };
  }
  return transmit(ws, sem, ns, route, p, hop, undefined, ct);
}

function transmit(
  ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, route: RtRoute, p: Packet, hop: Hop, inIface: string | undefined, ct: CtHit,
): Outcome {
  const dev = route.dev!;
  if (ct.created) {
    const nat = runChain(ns, 'nat', 'POSTROUTING', p, { inIface, outIface: dev.data.name });
    if (nat.nat && nat.nat.target.type === 'SNAT') {
      const before = at(p.src, p.sport, p);
      const e = ct.entry!;
      p.src = parseIp(nat.nat.target.toSource);
      e.rDst = p.src;
      e.snat = true;
      hop.steps.push({ t: 'nat', kind: 'SNAT', before, after: at(p.src, p.sport, p), rule: nat.nat, chain: nat.chain });
    }
  } else natSource(ct, p, hop);
  // The state was this namespace's; the next device looks the packet up for itself.
  p.ct = 'UNTRACKED';
  p.ctDnat = false;
  if (dev.data.exit) {
    return { kind: 'exits', at: place(ns), via: dev.data.name, packet: `${p.proto} ${formatIp(p.src)} → ${formatIp(p.dst)}` };
  }
  let mac: string | null = BROADCAST_MAC;
  if (p.dst !== LIMITED_BROADCAST) {
    const nexthop = route.via || p.dst;
    const permanent = ns.neighbours.get(dev.data.name)?.get(nexthop);
    if (permanent !== undefined) {
      hop.steps.push({ t: 'arp', ip: formatIp(nexthop), mac: permanent, cached: true, permanent: true });
      mac = permanent;
    } else mac = resolveNeighbour(ws, sem, ns, dev, nexthop, hop);
    if (!mac) {
      return { kind: 'dropped', at: place(ns), rule: `neighbour ${formatIp(nexthop)} dev ${dev.data.name}`, reason: `ARP for ${formatIp(nexthop)} on ${dev.data.name} got no answer` };
    }
  }
  p.ethSrc = dev.data.mac;
  p.ethDst = mac;
  p.vlan = dev.data.vlan ?? 0;
  return [{ kind: 'port', port: dev.port, pkt: p }];
}

function localDeliver(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, iface: RtIface, p: Packet, hop: Hop, branch: Branch): Outcome {
  if (p.ct === 'ESTABLISHED') {
    const sock = ws.sockets.find((s) => s.ns === ns && s.port === p.dport);
    if (sock) return { kind: 'delivered', at: place(ns), to: sock.process };
  }
  const broadcast = p.dst === LIMITED_BROADCAST || !ns.localIps.has(p.dst);
  let stopped: string | undefined;
  for (const l of ns.listeners) {
    // Only TCP and UDP have ports; a GRE endpoint listens on the protocol alone.
    if (l.proto !== p.proto || ((p.proto === 'tcp' || p.proto === 'udp') && l.port !== p.dport)) continue;
    const bound = ns.listenerIps.get(l) ?? 0;
    if (bound !== 0 && (broadcast || bound !== p.dst)) continue;
    if (!l.running) { stopped = l.process; continue; }
    hop.steps.push({ t: 'deliver', listener: l });
    return handleListener(ws, sem, ns, iface, l, p, hop, branch);
  }
  if (ns.data.guest && !broadcast) {
    guestKernelAnswer(ws, ns, iface, p, hop);
    return { kind: 'delivered', at: place(ns), to: ns.name };
  }
  if (!broadcast && p.proto === 'icmp' && p.app.kind === 'icmp' && p.app.type === 'echo-request') {
    ws.answers.push({ leg: arrive(ws, ns, iface.data.name, p), pkt: replyTo(p, { kind: 'icmp', type: 'echo-reply' }), raw: false });
    return { kind: 'answered', at: place(ns), by: 'kernel', detail: 'ICMP echo reply' };
  }
  const what = `${p.proto}/${p.dport} on ${formatIp(p.dst)}`;
  return {
    kind: 'dropped', at: place(ns), rule: stopped ? `${stopped} (stopped)` : 'no listener',
    reason: stopped ? `${stopped} is not running: nothing listens on ${what}` : `nothing listens on ${what}`,
    quiet: broadcast && !stopped,
  };
}

/**
 * What a guest's kernel sends back for a new packet no process took: an echo reply to an echo
 * request, an RST to a TCP segment for a closed port (as Linux does). The answer is a new packet
 * that walks back through the data plane like any other (walkTrace). A reply itself is never
 * answered, and UDP to a closed port gets no answer here (the ICMP port-unreachable Linux sends
 * is not modelled).
 */
function guestKernelAnswer(ws: WalkState, ns: RtNamespace, iface: RtIface, p: Packet, hop: Hop): void {
  if (p.ct === 'ESTABLISHED') return;
  let app: AppPayload;
  if (p.proto === 'icmp' && p.app.kind === 'icmp' && p.app.type === 'echo-request') app = ECHO_REPLY;
  else if (p.proto === 'tcp' && !(p.app.kind === 'tcp' && p.app.flags === 'RST')) app = TCP_RST;
  else return;
  hop.steps.push({ t: 'note', text: app === ECHO_REPLY ? 'kernel answers the ICMP echo request' : `kernel answers RST: nothing listens on tcp/${p.dport}` });
  ws.answers.push({ leg: arrive(ws, ns, iface.data.name, p), pkt: replyTo(p, app), raw: false });
}

const ECHO_REPLY: AppPayload = Object.freeze({ kind: 'icmp', type: 'echo-reply' });
const TCP_RST: AppPayload = Object.freeze({ kind: 'tcp', flags: 'RST' });

/** `ip:port` for TCP/UDP, the bare address otherwise (ICMP has no ports to translate). */
function at(ip: number, port: number, p: Packet): string {
  return p.proto === 'tcp' || p.proto === 'udp' ? `${formatIp(ip)}:${port}` : formatIp(ip);
}

function ownInterface(ns: RtNamespace, ip: number): RtIface | undefined {
  if (!ns.localIps.has(ip)) return undefined;
  for (const i of ns.ifaces.values()) if (i.addresses.some((a) => a.ip === ip)) return i;
  return undefined;
}

function isLocal(ns: RtNamespace, iface: RtIface, dst: number): boolean {
  if (dst === LIMITED_BROADCAST || ns.localIps.has(dst)) return true;
  return iface.addresses.some((a) => a.prefix < 31 && dst === ((a.network | ~a.mask) >>> 0));
}

/**
 * The address the kernel would send from to `dst`: that of the interface its route uses (a
 * second NIC sends with its own address, not eth0's); 0 when no route leads there.
 */
export function chosenSource(ns: RtNamespace, dst: number): number {
  if (!ns.ready) prepareNamespace(ns);
  const route = lookupRoute(ns, dst);
  return route ? sourceAddress(route, dst) : 0;
}

function sourceAddress(route: RtRoute, dst: number): number {
  const addrs = route.dev!.addresses;
  const target = route.via || dst;
  return (addrs.find((a) => ((target & a.mask) >>> 0) === a.network) ?? addrs[0])?.ip ?? 0;
}

function applyDnat(ct: CtHit, iface: RtIface, p: Packet, rule: NonNullable<ReturnType<typeof runChain>['nat']>, chain: string, hop: Hop): void {
  const before = at(p.dst, p.dport, p);
  const t = rule.target;
  if (t.type === 'REDIRECT') {
    p.dst = iface.addresses[0]?.ip ?? p.dst;
    p.dport = t.toPort;
  } else if (t.type === 'DNAT') {
    const [ip, port] = t.toDestination.split(':');
    p.dst = parseIp(ip);
    if (port) p.dport = Number(port);
  } else return;
  p.ctDnat = true;
  const e = ct.entry;
  if (e) { e.rSrc = p.dst; e.rSport = p.dport; e.dnat = true; }
  hop.steps.push({ t: 'nat', kind: t.type, before, after: at(p.dst, p.dport, p), rule, chain });
}

/**
 * A later packet of a translated connection: conntrack rewrites the destination in PREROUTING /
 * OUTPUT (a reply to a SNATed connection gets its original source back as destination; the
 * original direction keeps its DNAT).
 */
function natDestination(ct: CtHit, p: Packet, hop: Hop): void {
  const e = ct.entry;
  if (!e || !(ct.reply ? e.snat : e.dnat)) return;
  const ip = ct.reply ? e.oSrc : e.rSrc;
  const port = ct.reply ? e.oSport : e.rSport;
  if (p.dst === ip && p.dport === port) return;
  const before = at(p.dst, p.dport, p);
  p.dst = ip;
  p.dport = port;
  hop.steps.push({ t: 'nat', kind: ct.reply ? 'unSNAT' : 'DNAT', before, after: at(p.dst, p.dport, p) });
}

/** The same in POSTROUTING for the source: a reply from a DNATed connection, or a SNATed original. */
function natSource(ct: CtHit, p: Packet, hop: Hop): void {
  const e = ct.entry;
  if (!e || !(ct.reply ? e.dnat : e.snat)) return;
  const ip = ct.reply ? e.oDst : e.rDst;
  const port = ct.reply ? e.oDport : e.rDport;
  if (p.src === ip && p.sport === port) return;
  const before = at(p.src, p.sport, p);
  p.src = ip;
  p.sport = port;
  hop.steps.push({ t: 'nat', kind: ct.reply ? 'unDNAT' : 'SNAT', before, after: at(p.src, p.sport, p) });
}
