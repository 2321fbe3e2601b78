import { formatIp } from '../net/ipv4';
import type { ArpAnswerer, ArpExchange, Branch, Hop } from '../trace/types';
import { Learned } from './learning';
import { arpRequest, clonePacket, type Packet } from './packet';
import { proxiesArpFor } from './routing';
import type { ArpMemo, RtIface, RtNamespace, Runtime } from './runtime';
import type { ArpHeard, DeviceSemantics, WalkState } from './walk';
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
  // Known to this walk already (resolved earlier on it, or learned from the peer's own request):
  // the kernel's neighbour cache answers. Only this walk counts, so a trace reads the same
  // whatever traces ran before it.
  const known = ws.learned.neighbour(ns, key);
  if (known !== undefined) {
    hop.steps.push({ t: 'arp', ip: formatIp(ip), mac: known, cached: true });
    return known;
  }
  if (ws.arpExchanges) return resolveRecorded(ws, sem, ns, dev, ip, key, hop);
  let memo = ws.rt.arp.get(dev);
  if (!memo) ws.rt.arp.set(dev, (memo = new Map()));
  let entry = memo.get(ip);
  if (!entry) {
    const ipText = formatIp(ip);
    // A placeholder first: an exchange that somehow needs its own answer sees "unresolved", not a cycle.
    memo.set(ip, { mac: null, learned: ws.learned, ipText });
    memo.set(ip, (entry = exchange(ws, sem, ns, dev, ip, key, ipText)));
    memoCount.set(ws.rt, (memoCount.get(ws.rt) ?? 0) + 1);
  }
  ws.learned.include(entry.learned);
  const step = { t: 'arp', ip: entry.ipText, mac: entry.mac, cached: false } as const;
  if (entry.places) exchangePlaces.set(step, entry);
  hop.steps.push(step);
  return entry.mac;
}

/**
 * Where an ARP step's exchange went, by step: its frames are walked apart from the trace (and
 * remembered across traces), so a reader that must know every device a trace depended on (a
 * what-if deciding which walks a change touched) asks here. Empty for a neighbour already known.
 */
const exchangePlaces = new WeakMap<object, ArpMemo>();
export function* arpExchangePlaces(step: object): Iterable<string> {
  const walked = (step as { exchange?: ArpExchange }).exchange;
  if (walked) {
    const rt = walkedOwner.get(walked);
    if (rt) yield* placesOfBranches(rt, walked.answer ? [walked.request, walked.answer] : [walked.request]);
    return;
  }
  const e = exchangePlaces.get(step);
  if (e?.floodPlaces) yield* e.floodPlaces;
  if (e?.places) yield* e.places;
}

/**
 * Recorded exchanges (a trace that shows its ARP frames): walked per target from a clean slate,
 * never from a flood shared between targets, since a recorded who-has ends where its own target
 * was answered. Remembered apart from the unrecorded ones, and bounded the same way.
 */
interface RecordedArp {
  mac: string | null;
  learned: Learned;
  ipText: string;
  exchange: ArpExchange;
}
const recorded = new WeakMap<Runtime, Map<RtIface, Map<number, RecordedArp | null>>>();
const recordedCount = new WeakMap<Runtime, number>();
/** The runtime an exchange was walked on, for its places. */
const walkedOwner = new WeakMap<ArpExchange, Runtime>();

function resolveRecorded(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, key: string, hop: Hop): string | null {
  let byDev = recorded.get(ws.rt);
  if (!byDev) recorded.set(ws.rt, (byDev = new Map()));
  let memo = byDev.get(dev);
  if (!memo) byDev.set(dev, (memo = new Map()));
  let entry = memo.get(ip);
  if (entry === null) {
    // An exchange that needs its own answer: unresolved, as the placeholder of the unrecorded memo says.
    hop.steps.push({ t: 'arp', ip: formatIp(ip), mac: null, cached: false });
    return null;
  }
  if (!entry) {
    memo.set(ip, null);
    memo.set(ip, (entry = recordedExchange(ws, sem, ns, dev, ip, key)));
    recordedCount.set(ws.rt, (recordedCount.get(ws.rt) ?? 0) + 1);
  }
  ws.learned.include(entry.learned);
  hop.steps.push({ t: 'arp', ip: entry.ipText, mac: entry.mac, cached: false, exchange: entry.exchange });
  return entry.mac;
}

function recordedExchange(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, key: string): RecordedArp {
  const req = whoHas(dev, ip);
  const sub = newWalkState(ws.rt);
  sub.arpExchanges = true;
  const request = newBranch();
  follow(sub, sem, request, { kind: 'port', port: dev.port, pkt: req });
  const exchange: ArpExchange = { request, by: null };
  if (sub.learned.neighbour(ns, key) !== undefined) exchange.by = responderOf(request);
  else {
    const a = sub.arpHeard.find((h) => answersArp(h, h.tpa));
    if (a) {
      sub.arpHeard = [];
      exchange.by = { kind: 'namespace', host: a.ns.host, device: a.ns.name, iface: a.iface.data.name };
      exchange.answer = walkAnswer(sub, sem, req, a, a.tpa);
    }
  }
  walkedOwner.set(exchange, ws.rt);
  return { mac: sub.learned.neighbour(ns, key) ?? null, learned: sub.learned, ipText: formatIp(ip), exchange };
}

/** The OVS flow that answered a who-has in the flow table (`arp_reply`), first in walk order. */
function responderOf(b: Branch): ArpAnswerer | null {
  for (const h of b.hops) {
    for (const s of h.steps) {
      if (s.t === 'flow' && s.flow.actions.some((a) => a.type === 'arp_reply')) return { kind: 'flow', host: h.host, bridge: h.device, flow: s.flow };
    }
  }
  for (const f of b.forks) {
    const r = responderOf(f);
    if (r) return r;
  }
  return null;
}

/** The who-has `dev` broadcasts for `ip`, from its address on `ip`'s subnet (else its first). */
function whoHas(dev: RtIface, ip: number): Packet {
  const spa = (dev.addresses.find((a) => ((ip & a.mask) >>> 0) === a.network) ?? dev.addresses[0])?.ip ?? 0;
  const req = arpRequest(dev.data.mac, spa, ip);
  req.vlan = dev.data.vlan ?? 0;
  return req;
}

/** The devices a walk's branches passed, as `host\0device`, each once. */
function placesOfBranches(rt: Runtime, branches: readonly Branch[]): string[] {
  let names = placeNames.get(rt);
  if (!names) placeNames.set(rt, (names = new Map()));
  const byHost = names;
  const seen = new Set<string>();
  const visit = (b: Branch) => {
    for (const h of b.hops) {
      // One string per place for the runtime's life: remembered exchanges hold many copies of it.
      let onHost = byHost.get(h.host);
      if (!onHost) byHost.set(h.host, (onHost = new Map()));
      let place = onHost.get(h.device);
      if (place === undefined) onHost.set(h.device, (place = `${h.host}\u0000${h.device}`));
      seen.add(place);
    }
    for (const f of b.forks) visit(f);
  };
  branches.forEach(visit);
  return [...seen];
}

/** host → device → `host\0device`. */
const placeNames = new WeakMap<Runtime, Map<string, Map<string, string>>>();

/** Whether an ARP request for `ip` arriving on `iface` is answered there (arp_ignore=1). */
export function ownsAddress(iface: RtIface, ip: number): boolean {
  return iface.addresses.some((a) => a.ip === ip);
}

/** Whether the namespace that heard a who-has answers it for `ip`: its own address, or proxy ARP. */
function answersArp(h: ArpHeard, ip: number): boolean {
  return ownsAddress(h.iface, ip) || proxiesArpFor(h.ns, h.iface, ip);
}

/**
 * A who-has flooded from one interface and sender address, as every target address would see it:
 * what the switches learned, the hops left, and which namespaces heard it.
 */
interface Flood {
  learned: Learned;
  budget: number;
  heard: ArpHeard[];
  /** The devices the flood reached. */
  places: readonly string[];
  /** The namespaces that heard it, by the address they own, the first in walk order (built on first use). */
  owners?: Map<number, ArpHeard>;
  /** Whether one of them answers ARP for others (proxy_arp): then every one is asked, in walk order. */
  proxies?: boolean;
}

/** The first namespace that heard the flood and owns `tpa`: one lookup, however many heard it. */
function ownerOf(flood: Flood, tpa: number): ArpHeard | undefined {
  // A proxy-ARP answerer (DVR's fg-) answers for addresses it routes, which no map of owned addresses holds.
  flood.proxies ??= flood.heard.some((h) => h.iface.data.proxyArp === true);
  if (flood.heard.length <= 16 || flood.proxies) return flood.heard.find((h) => answersArp(h, tpa));
  if (!flood.owners) {
    const owners = new Map<number, ArpHeard>();
    for (const h of flood.heard) for (const a of h.iface.addresses) if (!owners.has(a.ip)) owners.set(a.ip, h);
    flood.owners = owners;
  }
  return flood.owners.get(tpa);
}

/**
 * Floods remembered by asking interface and sender address, only on data planes whose flows
 * never match ARP target addresses nor answer ARP: there, the target changes nothing in a request's
 * walk but which namespaces answer it, so one flood serves every target, and a flood over N
 * hosts is walked and kept once per sender instead of once per (sender, target) pair.
 */
const floods = new WeakMap<Runtime, Map<RtIface, Map<number, Flood | null>>>();
const targetBlind = new WeakMap<Runtime, boolean>();
/** Exchanges remembered since the memo was last emptied (see `trimArpMemo`). */
const memoCount = new WeakMap<Runtime, number>();
/** Learned entries the remembered floods hold. */
const floodEntries = new WeakMap<Runtime, number>();

/**
 * How many exchanges, and how many learned entries of floods, a runtime keeps before starting
 * afresh: memory stays bounded however many flows a check traces.
 */
export const ARP_MEMO_LIMIT = { exchanges: 50_000, floodEntries: 1_000_000, recorded: 20_000 };

/**
 * Forgets remembered exchanges and floods once there are too many. Forgetting changes no path: an
 * exchange walked again gives the same answer and learning, and a trace reads the same either way. Called between traces, never while a walk is under way.
 */
export function trimArpMemo(rt: Runtime): void {
  if ((recordedCount.get(rt) ?? 0) > ARP_MEMO_LIMIT.recorded) {
    recorded.get(rt)?.clear();
    recordedCount.set(rt, 0);
  }
  if ((memoCount.get(rt) ?? 0) > ARP_MEMO_LIMIT.exchanges) {
    rt.arp.clear();
    memoCount.set(rt, 0);
  }
  if ((floodEntries.get(rt) ?? 0) > ARP_MEMO_LIMIT.floodEntries) {
    floods.get(rt)?.clear();
    floodEntries.set(rt, 0);
  }
}

/**
 * Whether no flow matches an ARP target address or answers ARP, so a request's walk cannot depend
 * on its target (the sender address is part of a flood's key: flows may match it).
 */
function isTargetBlind(rt: Runtime): boolean {
  let blind = targetBlind.get(rt);
  if (blind === undefined) {
    blind = true;
    // Plain loops: a large cloud has millions of flows.
    scan: for (const h of rt.dp.hosts) {
      for (const d of h.devices) {
        if (d.kind !== 'ovs') continue;
        const flows = d.flows;
        for (let i = 0; i < flows.length; i++) {
          const f = flows[i];
          if (f.match.arpTpa !== undefined) { blind = false; break scan; }
          const actions = f.actions;
          for (let j = 0; j < actions.length; j++) if (actions[j].type === 'arp_reply') { blind = false; break scan; }
        }
      }
    }
    targetBlind.set(rt, blind);
  }
  return blind;
}

function exchange(ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, dev: RtIface, ip: number, key: string, ipText: string): ArpMemo {
  const req = whoHas(dev, ip);
  const spa = req.arpSpa;
  const flood = isTargetBlind(ws.rt) ? sharedFlood(ws, sem, dev, spa, req) : undefined;
  if (flood) {
    const a = ownerOf(flood, ip);
    if (!a) return { mac: null, learned: flood.learned, ipText, floodPlaces: flood.places, places: [] };
    const sub = newWalkState(ws.rt);
    sub.learned = new Learned(flood.learned);
    sub.budget = flood.budget;
    const answer = walkAnswer(sub, sem, req, a, ip);
    return { mac: sub.learned.neighbour(ns, key) ?? null, learned: sub.learned, ipText, floodPlaces: flood.places, places: placesOfBranches(ws.rt, [answer]) };
  }
  const sub = newWalkState(ws.rt);
  const request = newBranch();
  follow(sub, sem, request, { kind: 'port', port: dev.port, pkt: req });
  const walked = [request];
  // An OVS ARP responder answers in the flow table, and its reply already came back; a host
  // answers from its own stack, and its reply is walked back now.
  if (sub.learned.neighbour(ns, key) === undefined) {
    const a = sub.arpHeard.find((h) => answersArp(h, h.tpa));
    if (a) {
      sub.arpHeard = [];
      walked.push(walkAnswer(sub, sem, req, a, a.tpa));
    }
  }
  return { mac: sub.learned.neighbour(ns, key) ?? null, learned: sub.learned, ipText, places: placesOfBranches(ws.rt, walked) };
}

/** The is-at from the namespace that heard the request and owns `tpa`, walked back to the asker. */
function walkAnswer(sub: WalkState, sem: DeviceSemantics, req: Packet, a: ArpHeard, tpa: number): Branch {
  const reply = clonePacket(req);
  reply.ethSrc = a.iface.data.mac;
  reply.ethDst = a.sha;
  reply.arpOp = 2;
  reply.arpSha = a.iface.data.mac;
  reply.arpSpa = tpa;
  reply.arpTpa = a.spa;
  reply.vlan = a.iface.data.vlan ?? 0;
  const branch = newBranch();
  follow(sub, sem, branch, { kind: 'port', port: a.iface.port, pkt: reply });
  return branch;
}

/**
 * The request's flood from `dev` with sender `spa`, walked once; undefined when the walk touched
 * anything but learning (a socket, an answer of its own), which a shared flood could
 * not carry over to another target.
 */
function sharedFlood(ws: WalkState, sem: DeviceSemantics, dev: RtIface, spa: number, req: Packet): Flood | undefined {
  let byDev = floods.get(ws.rt);
  if (!byDev) floods.set(ws.rt, (byDev = new Map()));
  let bySpa = byDev.get(dev);
  if (!bySpa) byDev.set(dev, (bySpa = new Map()));
  const known = bySpa.get(spa);
  if (known !== undefined) return known ?? undefined;
  const sub = newWalkState(ws.rt);
  const branch = newBranch();
  follow(sub, sem, branch, { kind: 'port', port: dev.port, pkt: req });
  // null: this sender's floods are walked per target, as on a data plane that is not target-blind.
  // Its conntrack entries (the tunnels' outer packets) stay in the sub-walk, shared or not.
  const shareable = !sub.learned.hasNeighbours && !sub.sockets.length && !sub.legs.length && !sub.answers.length;
  const flood: Flood | null = shareable ? { learned: sub.learned, budget: sub.budget, heard: sub.arpHeard, places: placesOfBranches(ws.rt, [branch]) } : null;
  bySpa.set(spa, flood);
  if (flood) floodEntries.set(ws.rt, (floodEntries.get(ws.rt) ?? 0) + flood.learned.ownSize + flood.heard.length);
  return flood ?? undefined;
}

/** What a runtime remembers of ARP: exchanges and floods, and the learned entries they hold. */
export interface ArpMemoStats {
  exchanges: number;
  floods: number;
  /** Entries held by the floods' learning. */
  floodEntries: number;
  /** Entries held by the exchanges' own learning, beyond the floods they share. */
  exchangeEntries: number;
  /** The largest `exchangeEntries` of a single exchange. */
  largestExchange: number;
  /** Places (devices walked) the floods remember, each flood once. */
  floodPlaces: number;
  /** Places the exchanges remember of their own, beyond the floods they share. */
  exchangePlaces: number;
  /** The largest `exchangePlaces` of a single exchange. */
  largestExchangePlaces: number;
}

/** Counts what the ARP memo of a runtime holds, each shared object once (for memory tests). */
export function arpMemoStats(rt: Runtime): ArpMemoStats {
  const seen = new Set<Learned>();
  const s: ArpMemoStats = { exchanges: 0, floods: 0, floodEntries: 0, exchangeEntries: 0, largestExchange: 0, floodPlaces: 0, exchangePlaces: 0, largestExchangePlaces: 0 };
  const lists = new Set<readonly string[]>();
  const countFlood = (list: readonly string[] | undefined) => {
    if (list && !lists.has(list)) { lists.add(list); s.floodPlaces += list.length; }
  };
  for (const bySpa of floods.get(rt)?.values() ?? []) {
    for (const f of bySpa.values()) {
      countFlood(f?.places);
      if (!f || seen.has(f.learned)) continue;
      seen.add(f.learned);
      s.floods++;
      s.floodEntries += f.learned.ownSize;
    }
  }
  for (const byIp of rt.arp.values()) {
    for (const e of byIp.values()) {
      s.exchanges++;
      countFlood(e.floodPlaces);
      s.exchangePlaces += e.places?.length ?? 0;
      s.largestExchangePlaces = Math.max(s.largestExchangePlaces, e.places?.length ?? 0);
      let own = 0;
      for (let l: Learned | null = e.learned; l && !seen.has(l); l = l.shared) {
        seen.add(l);
        own += l.ownSize;
      }
      s.exchangeEntries += own;
      s.largestExchange = Math.max(s.largestExchange, own);
    }
  }
  return s;
}
