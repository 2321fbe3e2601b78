import type { Dataplane, InstanceEndpoint } from '../dataplane/types';
import { parseCidr, parseIp, type Cidr } from '../net/ipv4';
import type { Branch, Hop, Trace } from '../trace/types';
import { attachmentsOf, type Attachment } from './attachment';
import { indexState, type Mention, type StateIndex } from './state-index';

/** How `netspec check` groups flows that must behave alike. */
export interface FlowClasses {
  /**
   * Same host, same network, same subnet, and the same data-plane state once the instance's own
   * identity (its MAC, address, name and the devices that attach it) is abstracted away: its
   * attachment devices, every piece of state that names one of those, and every prefix more
   * specific than its subnet that holds its address. Anything the data plane can tell apart
   * splits the class, so a fault on one port or one address is never hidden behind another.
   */
  classOf(name: string): string | undefined;
  /**
   * A coarser class for a destination that a flow never reaches: its subnet, the more specific
   * prefixes that hold its address, and the state outside the subnet that names its address.
   * Until a packet reaches the destination's subnet, only these can tell two destinations apart.
   */
  destinationClassOf(name: string, source?: string): string | undefined;
  /**
   * The coarsest class of a destination, across subnets: what state outside its own subnet says
   * of its address (prefixes holding it, state naming it). A walk that has not reached any
   * subnet yet cannot tell two destinations of one remote class apart.
   */
  remoteClassOf(name: string, source?: string): string | undefined;
  /** The destinations whose coarse class depends on this source: state names both of them. */
  pairedWith(source: string): ReadonlySet<string>;
  /**
   * A coarser class for a source, as seen by what a flow meets once it reached another subnet:
   * its subnet, the prefixes that hold its address, and every piece of state naming its address
   * outside its own attachment. Frames past a router carry its address, never its MAC.
   */
  sourceClassOf(name: string, destination: string): string | undefined;
  /**
   * Whether a trace reached the destination's subnet: a namespace holding an address in it, a
   * device or port attaching an instance of it, or ARP for one of its addresses.
   */
  reachesSubnetOf(t: Trace, name: string): boolean;
  /** Every instance subnet a trace reached, in the sense of `reachesSubnetOf`, worked out in one pass over its hops. */
  subnetsReachedBy(t: Trace): ReadonlySet<string>;
  /** Every instance subnet one hop touches (a place of it, or ARP for an address in it), each passed to `each`, maybe more than once. */
  subnetsAtHop(h: Hop, each: (subnet: string) => void): void;
  /** The subnet an instance's address is in (`10.0.0.0/24`), as its guest holds it. */
  subnetOf(name: string): string | undefined;
  /** Where the instance's own attachment is (`host\0device`, `host\0bridge\0port`). */
  attachmentOf(name: string): ReadonlySet<string>;
}

export function flowClasses(dp: Dataplane): FlowClasses {
  const ix = indexState(dp, attachmentsOf(dp));
  const instances = dp.endpoints.instances;
  const fine = new Map<string, string>();
  const coarse = new Map<string, string>();
  const source = new Map<string, string>();
  const remote = new Map<string, string>();
  const places = new Map<string, Set<string>>();
  const intern = new Map<string, string>();
  const key = (sig: string) => {
    let k = intern.get(sig);
    if (!k) intern.set(sig, (k = `c${intern.size + 1}`));
    return k;
  };
  // token → [instance, which of its tokens], to name other instances by their class.
  const roles = new Map<string, [number, number]>();
  ix.attachments.forEach((a, i) => a.tokens.forEach((t, r) => { if (!roles.has(t)) roles.set(t, [i, r]); }));
  const subnetOf = new Map<string, { cidr: Cidr; text: string }>();
  const attachedIn = new Map<string, Set<string>>();
  const views = instances.map((e, i) => {
    const att = ix.attachments[i];
    const abstract = abstractor(e, att);
    const subnetCidr = att.subnet;
    const prefixes = ix.prefixesHolding(e.ip, subnetCidr);
    const subnet = subnetCidr ? { cidr: parseCidr(subnetCidr), text: subnetCidr } : undefined;
    if (subnet) {
      subnetOf.set(e.name, subnet);
      let set = attachedIn.get(subnet.text);
      if (!set) attachedIn.set(subnet.text, (set = new Set()));
      for (const p of att.places) set.add(p);
    }
    places.set(e.name, new Set(att.places));
    const own = new Set(att.tokens);
    const view = (ms: Mention[]) => splitByOthers(ms, own, i, abstract);
    // State held inside the destination's subnet (its qdhcp, its router's qr-) or naming the
    // devices that attach it is only met once the packet got there, and then the fine class applies.
    const inside = subnet ? ix.holdersOf(subnet.text, subnet.cidr) : new Set<string>();
    const attachmentTokens = att.tokens.filter((t) => t !== e.ip && t !== e.mac);
    const ipMentions = (ix.mentions.get(e.ip) ?? []).filter((m) => !attachmentTokens.some((t) => m.tokens.includes(t)));
    const outside = ipMentions.filter((m) => !inside.has(`${m.host}\u0000${m.device}`));
    return {
      base: [e.host, e.network, subnetCidr ?? '', ...prefixes].join('\n'),
      fine: view(att.tokens.flatMap((t) => ix.mentions.get(t) ?? [])),
      state: att.state.map(abstract),
      dst: ['dst', e.subnet, subnetCidr ?? '', ...prefixes].join('\n'),
      remote: ['remote', ...ix.prefixesUsedOutside(e.ip, inside)].join('\n'),
      reachable: view(outside.filter((m) => m.tokens.every((t) => own.has(t)))),
      reachablePairs: groupMentions(outside, own, roles, view),
      src: ['src', e.subnet, subnetCidr ?? '', ...prefixes].join('\n'),
      named: view(ipMentions.filter((m) => m.tokens.every((t) => own.has(t)))),
      // State naming this address and another instance concerns only the frames to or from that one.
      pairs: groupMentions(ipMentions, own, roles, view),
    };
  });
  // Colour refinement: state naming other instances reads their class, not their address, and
  // classes are refined until no instance's view of the others splits one any further.
  let colours = views.map((v) => key(v.base));
  const sizesOf = (cs: string[]) => {
    const m = new Map<string, number>();
    for (const c of cs) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  let sizes = sizesOf(colours);
  for (let count = sizes.size; ;) {
    const next = views.map((v, i) => key([colours[i], ...v.state, v.fine.render(colours, roles, sizes)].join('\n')));
    colours = next;
    sizes = sizesOf(colours);
    const now = sizes.size;
    if (now === count) break;
    count = now;
  }
  instances.forEach((e, i) => {
    fine.set(e.name, colours[i]);
    const reachable = views[i].reachable.render(colours, roles, sizes);
    coarse.set(e.name, key([views[i].dst, reachable].join('\n')));
    remote.set(e.name, key([views[i].remote, reachable].join('\n')));
    source.set(e.name, key([views[i].src, views[i].named.render(colours, roles, sizes)].join('\n')));
  });
  const index = new Map(instances.map((e, i) => [e.name, i]));
  const pairText = new Map<string, string>();
  const paired = new Map<string, Set<string>>();
  views.forEach((v, b) => {
    for (const a of v.reachablePairs.keys()) {
      const set = paired.get(instances[a].name);
      if (set) set.add(instances[b].name); else paired.set(instances[a].name, new Set([instances[b].name]));
    }
  });
  const pairKey = (map: 'pairs' | 'reachablePairs', a: number, b: number) => {
    const k = `${map}\u0000${a}\u0000${b}`;
    let text = pairText.get(k);
    if (text === undefined) pairText.set(k, (text = views[a][map].get(b)?.render(colours, roles, sizes) ?? ''));
    return key(text);
  };
  const { reachedBy, atHop } = subnetsReached(ix, subnetOf, attachedIn);
  return {
    classOf: (name) => fine.get(name),
    destinationClassOf(name, from) {
      const b = index.get(name);
      const a = from === undefined ? undefined : index.get(from);
      return a === undefined || b === undefined || !views[b].reachablePairs.has(a) ? coarse.get(name) : `${coarse.get(name)}\u0000${pairKey('reachablePairs', b, a)}`;
    },
    remoteClassOf(name, from) {
      const b = index.get(name);
      const a = from === undefined ? undefined : index.get(from);
      return a === undefined || b === undefined || !views[b].reachablePairs.has(a) ? remote.get(name) : `${remote.get(name)}\u0000${pairKey('reachablePairs', b, a)}`;
    },
    pairedWith: (source) => paired.get(source) ?? new Set(),
    sourceClassOf(name, destination) {
      const a = index.get(name);
      const b = index.get(destination);
      if (a === undefined || b === undefined) return undefined;
      return views[a].pairs.has(b) ? `${source.get(name)}\u0000${pairKey('pairs', a, b)}` : source.get(name);
    },
    reachesSubnetOf(t, name) {
      const s = subnetOf.get(name);
      return !s || reachedBy(t).has(s.text);
    },
    subnetsReachedBy: reachedBy,
    subnetsAtHop: atHop,
    subnetOf: (name) => subnetOf.get(name)?.text,
    attachmentOf: (name) => places.get(name) ?? new Set(),
  };
}

/**
 * The subnets a trace (or one hop) reached, from one index of place → subnets: the places
 * holding an address of the subnet or attaching one of its instances, and ARP for an address in
 * it, read per hop so a walk is read once rather than once per subnet asked about.
 */
function subnetsReached(ix: StateIndex, subnetOf: ReadonlyMap<string, { cidr: Cidr; text: string }>, attachedIn: ReadonlyMap<string, Set<string>>): {
  reachedBy: (t: Trace) => ReadonlySet<string>;
  atHop: (h: Hop, each: (subnet: string) => void) => void;
} {
  const subnets = new Map<string, Cidr>();
  for (const s of subnetOf.values()) subnets.set(s.text, s.cidr);
  // `host\0device` (the whole device) and `host\0device\0port` → subnets.
  const at = new Map<string, string[]>();
  const mark = (place: string, subnet: string) => {
    const list = at.get(place);
    if (!list) at.set(place, [subnet]); else if (!list.includes(subnet)) list.push(subnet);
  };
  for (const [text, cidr] of subnets) {
    for (const p of ix.holdersOf(text, cidr)) mark(p, text);
    for (const p of attachedIn.get(text) ?? []) mark(p, text);
  }
  const byPrefix = new Map<number, { cidr: Cidr; nets: Map<number, string> }>();
  for (const [text, cidr] of subnets) {
    let p = byPrefix.get(cidr.prefix);
    if (!p) byPrefix.set(cidr.prefix, (p = { cidr, nets: new Map() }));
    p.nets.set(cidr.network, text);
  }
  const atHop = (h: Hop, each: (subnet: string) => void) => {
    const device = `${h.host}\u0000${h.device}`;
    const all = (list: string[] | undefined) => { if (list) for (const x of list) each(x); };
    all(at.get(device));
    if (h.in !== undefined) all(at.get(`${device}\u0000${h.in}`));
    if (h.out !== undefined) all(at.get(`${device}\u0000${h.out}`));
    for (const st of h.steps) {
      if (st.t !== 'arp') continue;
      const ip = parseIp(st.ip);
      for (const { cidr, nets } of byPrefix.values()) {
        const hit = nets.get((ip & cidr.mask) >>> 0);
        if (hit !== undefined) each(hit);
      }
    }
  };
  const memo = new WeakMap<Trace, ReadonlySet<string>>();
  const visit = (b: Branch, out: Set<string>) => {
    const add = (x: string) => { out.add(x); };
    for (const h of b.hops) atHop(h, add);
    for (const f of b.forks) visit(f, out);
  };
  const reachedBy = (t: Trace) => {
    let out = memo.get(t) as Set<string> | undefined;
    if (!out) {
      out = new Set();
      visit(t.root, out);
      if (t.reply) visit(t.reply, out);
      memo.set(t, out);
    }
    return out;
  };
  return { reachedBy, atHop };
}

/**
 * Rewrites one instance's identity out of a piece of state's text: its MAC, address (also as
 * `10-0-0-5`, the way dnsmasq host names carry it), name and attachment devices become
 * placeholders, so an alike instance's state reads the same.
 */
function abstractor(e: InstanceEndpoint, att: Attachment): (text: string) => string {
  const dashed = e.ip.replace(/\./g, '-');
  const names = new Map<string, string>([[e.mac, '<mac>'], [e.ip, '<ip>'], [dashed, '<ip->'], [e.name, '<name>']]);
  att.tokens.forEach((t, i) => { if (!names.has(t)) names.set(t, `<t${i}>`); });
  const alternatives = [...names.keys()].filter((n) => n !== dashed).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  // Boundaries keep 10.0.0.5 from matching inside 10.0.0.50 and a device name inside a longer one.
  const pattern = new RegExp(`(?<![\\w.:-])(?:${alternatives})(?![\\w:-]|\\.\\d)|(?<!\\d)${escapeRegExp(dashed)}(?!\\d)`, 'g');
  return (text) => text.replace(pattern, (m) => names.get(m)!);
}

/**
 * Mentions as one instance sees them: those naming no other instance, abstracted once; the rest
 * re-read each round with the other instances' tokens replaced by their current class.
 */
function splitByOthers(ms: Mention[], own: ReadonlySet<string>, self: number, abstract: (text: string) => string) {
  const fixed: string[] = [];
  const varying: string[] = [];
  for (const m of ms) {
    const text = abstract(`${m.host}/${m.device} ${m.text}`);
    if (m.tokens.every((t) => own.has(t))) fixed.push(text); else varying.push(text);
  }
  const fixedText = fixed.sort().join('\n');
  return {
    render(colours: readonly string[], roles: ReadonlyMap<string, [number, number]>, sizes: ReadonlyMap<string, number>): string {
      if (!varying.length) return fixedText;
      const read = varying.map((t) => {
        const named: number[] = [];
        const text = t.replace(STRING_VALUE, (whole, v: string) => {
          const slash = v.indexOf('/');
          const token = slash < 0 ? v : v.slice(0, slash);
          const role = roles.get(token);
          if (!role || role[0] === self) return whole;
          named.push(role[0]);
          return `"<${colours[role[0]]}.${role[1]}>${slash < 0 ? '' : v.slice(slash)}"`;
        });
        return { raw: t, text, named };
      });
      // A class stands for its members only where this instance's state names all of them alike
      // (every member of a remote group, say). Naming some of a class is a relation between
      // particular instances, and it is read with their own addresses, which splits the class.
      const covered = new Map<string, Set<number>>();
      for (const r of read) {
        for (const o of r.named) {
          const k = `${r.text}\u0000${colours[o]}`;
          let set = covered.get(k);
          if (!set) covered.set(k, (set = new Set()));
          set.add(o);
        }
      }
      const whole = (r: { text: string; named: number[] }) => r.named.every((o) => {
        const c = colours[o];
        const all = (sizes.get(c) ?? 0) - (c === colours[self] ? 1 : 0);
        return covered.get(`${r.text}\u0000${c}`)!.size >= all;
      });
      return `${fixedText}\n${read.map((r) => (whole(r) ? r.text : r.raw)).sort().join('\n')}`;
    },
  };
}

/** Mentions naming other instances, by the other instance. */
function groupMentions(
  ms: Mention[], own: ReadonlySet<string>, roles: ReadonlyMap<string, [number, number]>, view: (ms: Mention[]) => ReturnType<typeof splitByOthers>,
): Map<number, ReturnType<typeof splitByOthers>> {
  const by = new Map<number, Mention[]>();
  for (const m of ms) {
    for (const other of new Set(m.tokens.filter((t) => !own.has(t)).map((t) => roles.get(t)![0]))) {
      const list = by.get(other);
      if (list) list.push(m); else by.set(other, [m]);
    }
  }
  return new Map([...by].map(([other, list]) => [other, view(list)]));
}

const STRING_VALUE = /"((?:[^"\\]|\\.)*)"/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type { StateIndex };
