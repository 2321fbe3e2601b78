import type { Dataplane, Namespace, Rule } from '../dataplane/types';
import { cidrContains, formatIp, parseCidr, type Cidr } from '../net/ipv4';
import type { Attachment } from './attachment';

/** A piece of state that names instances' tokens (addresses, MACs, devices), and where it is. */
export interface Mention {
  host: string;
  device: string;
  text: string;
  /** Every instance token it names. */
  tokens: string[];
}

export interface StateIndex {
  /** The instances' attachments, with the chains each one owns added to its tokens. */
  attachments: Attachment[];
  /** token → every piece of state that names it. */
  mentions: Map<string, Mention[]>;
  /** The prefixes in the data plane more specific than `subnet` (and shorter than /32) that hold `ip`. */
  prefixesHolding(ip: string, subnet: string | undefined): string[];
  /** Every prefix (shorter than /32) holding `ip` that some state outside `inside` (`host\0device`) uses. */
  prefixesUsedOutside(ip: string, inside: ReadonlySet<string>): string[];
  /** `host\0namespace` of every namespace holding an address inside (or around) the subnet. */
  holdersOf(text: string, cidr: Cidr): Set<string>;
}

const CIDR = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/;
const STRING = /"((?:[^"\\]|\\.)*)"/g;

/**
 * One walk over all the state of a data plane: flows, rules, ipsets, routes, addresses,
 * listeners and dnsmasq entries, indexed by the instance tokens each names, and every prefix
 * any of them uses. Nothing here knows what a device is for: a chain belongs to an instance
 * because only rules naming that instance (or inside its chains) jump to it.
 */
export function indexState(dp: Dataplane, attachments: Attachment[]): StateIndex {
  const owners = new Map<string, number>();
  attachments.forEach((a, i) => { for (const t of a.tokens) owners.set(t, i); });
  const tokensOf = attachments.map((a) => [...a.tokens]);
  const wildcards = new Map<string, string[]>();
  const portTokens = [...owners.keys()];
  const prefixes = new Map<number, Set<number>>();
  const mentions = new Map<string, Mention[]>();
  const addresses: { host: string; device: string; cidr: Cidr }[] = [];

  const prefixPlaces = new Map<string, Set<string>>();
  const placePrefixes = (used: readonly string[], host: string, device: string) => {
    for (const p of used) {
      const set = prefixPlaces.get(p);
      if (set) set.add(`${host}\u0000${device}`); else prefixPlaces.set(p, new Set([`${host}\u0000${device}`]));
    }
  };
  /** The instance tokens a piece of state's JSON names, and the prefixes it uses (network form). */
  const scan = (json: string): { tokens: string[]; prefixes: string[] } => {
    const out = new Set<string>();
    const used: string[] = [];
    for (const m of json.matchAll(STRING)) {
      const v = m[1];
      if (owners.has(v)) { out.add(v); continue; }
      const c = CIDR.exec(v);
      if (c) {
        const prefix = Number(c[2]);
        if (prefix < 32) {
          const cidr = parseCidr(v);
          addPrefix(prefixes, cidr);
          used.push(`${formatIp(cidr.network)}/${prefix}`);
        }
        if (owners.has(c[1])) out.add(c[1]);
      } else if (v.length > 1 && v.endsWith('+')) {
        for (const t of wildcardMatches(wildcards, portTokens, v)) out.add(t);
      }
    }
    return { tokens: [...out], prefixes: used };
  };
  const add = (tokens: Iterable<string>, m: Mention) => {
    for (const t of tokens) {
      const list = mentions.get(t);
      if (list) list.push(m); else mentions.set(t, [m]);
    }
  };
  const note = (json: string, host: string, device: string, what: string, also: readonly string[] = []) => {
    const found = scan(json);
    placePrefixes(found.prefixes, host, device);
    const tokens = [...new Set([...found.tokens, ...also])];
    if (tokens.length) add(tokens, { host, device, text: `${what} ${json}`, tokens });
  };

  // One flow object may sit on every host (realize shares identical br-tun flows): its tokens are
  // worked out once, and its mentions share one string.
  const flowNotes = new Map<object, { text: string; tokens: string[]; prefixes: string[] }>();
  const ipsetHolders = new IpsetHolders();
  for (const h of dp.hosts) {
    for (const d of h.devices) {
      if (d.kind === 'ovs') {
        for (const f of d.flows) {
          let n = flowNotes.get(f);
          if (!n) { const json = JSON.stringify(f); flowNotes.set(f, (n = { text: `flow ${json}`, ...scan(json) })); }
          placePrefixes(n.prefixes, h.name, d.name);
          if (n.tokens.length) add(n.tokens, { host: h.name, device: d.name, text: n.text, tokens: n.tokens });
        }
      }
      if (d.kind !== 'namespace') continue;
      for (const i of d.interfaces) {
        for (const a of i.addresses) {
          const cidr = parseCidr(a);
          addresses.push({ host: h.name, device: d.name, cidr });
          if (cidr.prefix < 32) { addPrefix(prefixes, cidr); placePrefixes([`${formatIp(cidr.network)}/${cidr.prefix}`], h.name, d.name); }
        }
      }
      // Guests' routes too: a route inside one instance to another's address tells the two apart.
      for (const r of d.routes) note(JSON.stringify(r), h.name, d.name, 'route');
      if (owners.has(d.name)) continue; // an instance's own namespace is part of its attachment
      for (const i of d.interfaces) note(JSON.stringify(i), h.name, d.name, 'interface');
      noteNetfilter(d, h.name, owners, tokensOf, note);
      for (const [set, members] of Object.entries(d.netfilter.ipsets ?? {})) ipsetHolders.add(set, members, h.name, d.name);
      for (const l of d.listeners) {
        const { behaviour, ...socket } = l;
        if (behaviour.kind === 'dhcp-server') {
          const { hosts, ...server } = behaviour;
          note(JSON.stringify({ ...socket, behaviour: server }), h.name, d.name, 'listener');
          for (const x of hosts) note(JSON.stringify(x), h.name, d.name, `${l.process} running=${l.running}`);
        } else {
          note(JSON.stringify(l), h.name, d.name, 'listener');
        }
      }
    }
  }

  ipsetHolders.note(note);

  const holders = new Map<string, Set<string>>();
  return {
    attachments: attachments.map((a, i) => ({ ...a, tokens: tokensOf[i] })),
    mentions,
    prefixesHolding(ip, subnet) {
      const len = subnet ? Number(subnet.split('/')[1]) : 0;
      const out: string[] = [];
      for (const [prefix, nets] of prefixes) {
        if (prefix <= len) continue;
        const c = parseCidr(`${ip}/${prefix}`);
        if (nets.has(c.network)) out.push(`${formatIp(c.network)}/${prefix}`);
      }
      return out.sort();
    },
    prefixesUsedOutside(ip, inside) {
      const out: string[] = [];
      for (const [prefix, nets] of prefixes) {
        const c = parseCidr(`${ip}/${prefix}`);
        if (!nets.has(c.network)) continue;
        const text = `${formatIp(c.network)}/${prefix}`;
        for (const place of prefixPlaces.get(text) ?? []) if (!inside.has(place)) { out.push(text); break; }
      }
      return out.sort();
    },
    holdersOf(text, cidr) {
      let set = holders.get(text);
      if (!set) {
        set = new Set(addresses.filter((a) => cidrContains(cidr, a.cidr.network) || cidrContains(a.cidr, cidr.network))
          .map((a) => `${a.host}\u0000${a.device}`));
        holders.set(text, set);
      }
      return set;
    },
  };
}

/**
 * Ipsets by where they are held. Realize gives every host the same member list of a group, so a
 * group of N members on H hosts is N mentions naming the H places together rather than N × H
 * (which made a 10,000-instance cloud's index quadratic). A host whose copy differs (a fault, a
 * captured cloud) holds another list and is named on its own, so it still splits the classes.
 */
class IpsetHolders {
  private readonly bySet = new Map<string, Map<readonly string[], string[]>>();

  add(set: string, members: readonly string[], host: string, device: string): void {
    let lists = this.bySet.get(set);
    if (!lists) this.bySet.set(set, (lists = new Map()));
    const places = lists.get(members);
    if (places) places.push(`${host}/${device}`); else lists.set(members, [`${host}/${device}`]);
  }

  /** One mention per member and list; several places read as one place named after all of them. */
  note(note: (json: string, host: string, device: string, what: string) => void): void {
    let shared = 0;
    for (const [set, lists] of this.bySet) {
      for (const [members, places] of lists) {
        const [host, device] = places.length === 1 ? places[0].split('/') : [`ipset-holders#${++shared}(${places.length})`, 'root'];
        for (const m of members) note(JSON.stringify(m), host, device, `ipset ${set}`);
      }
    }
  }
}

/**
 * Netfilter rules, with what makes their order matter: a rule's position counts the rules before
 * it that could see the same packets. A rule naming another instance's devices only (its tap, its
 * chains) never sees this instance's frames, so it does not count; any other rule does.
 */
function noteNetfilter(
  ns: Namespace, host: string, owners: Map<string, number>, tokensOf: string[][],
  note: (json: string, host: string, device: string, what: string, also?: readonly string[]) => void,
): void {
  for (const [table, chains] of Object.entries(ns.netfilter.tables)) {
    if (!chains) continue;
    const owned = ownedChains(chains, owners);
    for (const [chain, owner] of owned) tokensOf[owner].push(chain);
    for (const [chain, rules] of Object.entries(chains)) {
      const owner = owned.get(chain);
      const ruleOwners = rules.map((r) => ownersOfDevices(r, owners, owned));
      let shared = 0;
      const perOwner = new Map<number, number>();
      rules.forEach((r, i) => {
        const mine = ruleOwners[i];
        const position = shared + [...mine].reduce((n, o) => n + (perOwner.get(o) ?? 0), 0);
        const also = owner === undefined ? [] : [chain];
        // A comment changes no verdict, and Neutron's name the port.
        note(JSON.stringify({ match: r.match, target: r.target }), host, ns.name, `${table} ${chain} #${position}`, also);
        if (mine.size === 0) shared++;
        for (const o of mine) perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
      });
    }
  }
}

/** Instances whose devices or chains a rule names (its addresses and MACs aside: those can be any packet's destination). */
function ownersOfDevices(r: Rule, owners: Map<string, number>, owned: Map<string, number>): Set<number> {
  const out = new Set(devicesNamed(r, owners));
  if (r.target.type === 'jump' && owned.has(r.target.chain)) out.add(owned.get(r.target.chain)!);
  return out;
}

/** Instances whose devices a rule's interface matches name (a wildcard names no one instance). */
function devicesNamed(r: Rule, owners: Map<string, number>): number[] {
  const out: number[] = [];
  for (const v of [r.match.inIface, r.match.outIface, r.match.physdevIn, r.match.physdevOut]) {
    if (v && !v.endsWith('+') && owners.has(v)) out.push(owners.get(v)!);
  }
  return out;
}

/**
 * Chains only one instance's packets reach: every rule jumping to them names that instance's
 * devices, or sits in a chain of its own. Worked out to a fixed point (chains of chains).
 */
function ownedChains(chains: Record<string, Rule[]>, owners: Map<string, number>): Map<string, number> {
  const jumps = new Map<string, { from: string; rule: Rule }[]>();
  for (const [chain, rules] of Object.entries(chains)) {
    for (const r of rules) {
      if (r.target.type !== 'jump') continue;
      const list = jumps.get(r.target.chain);
      if (list) list.push({ from: chain, rule: r }); else jumps.set(r.target.chain, [{ from: chain, rule: r }]);
    }
  }
  const owned = new Map<string, number>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [target, from] of jumps) {
      if (owned.has(target)) continue;
      const by = new Set<number>();
      let all = true;
      for (const j of from) {
        const o = owned.get(j.from) ?? deviceOwner(j.rule, owners);
        if (o === undefined) { all = false; break; }
        by.add(o);
      }
      if (all && by.size === 1) { owned.set(target, [...by][0]); changed = true; }
    }
  }
  return owned;
}

function deviceOwner(r: Rule, owners: Map<string, number>): number | undefined {
  const found = new Set(devicesNamed(r, owners));
  return found.size === 1 ? [...found][0] : undefined;
}

function wildcardMatches(memo: Map<string, string[]>, tokens: string[], pattern: string): string[] {
  let m = memo.get(pattern);
  if (!m) {
    const stem = pattern.slice(0, -1);
    memo.set(pattern, (m = tokens.filter((t) => t.startsWith(stem))));
  }
  return m;
}

function addPrefix(prefixes: Map<number, Set<number>>, c: Cidr): void {
  let s = prefixes.get(c.prefix);
  if (!s) prefixes.set(c.prefix, (s = new Set()));
  s.add(c.network);
}

