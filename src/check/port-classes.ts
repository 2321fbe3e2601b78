import type { Dataplane, Device, Flow, InstanceEndpoint, Link } from '../dataplane/types';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net/ipv4';
import type { Trace } from '../trace/types';
import { leaves } from '../trace/leaves';

/** How `netspec check` groups flows that must behave alike. */
export interface FlowClasses {
  /**
   * Same host, same network, and the same per-port data-plane state once the port's own identity
   * (IP, MAC, port id, name) is abstracted away: the guest's namespace, its plumbing and br-int
   * tag, its security-group chains, flows and dnsmasq entries naming its MAC or IP, ipsets and
   * routes naming its IP. One port with a wrong tag or a missing dnsmasq entry gets a class of its
   * own, so a fault on one port is never hidden behind a representative.
   */
  classOf(name: string): string | undefined;
  /**
   * A coarser class for a destination that a flow never reaches: its subnet, the more specific
   * prefixes that contain its address, and the state that names its address. Until a packet
   * reaches the destination's subnet, only these can tell two destinations apart.
   */
  destinationClassOf(name: string): string | undefined;
  /** Whether a trace reached the destination's subnet: a namespace holding an address in it, or ARP for one. */
  reachesSubnetOf(t: Trace, name: string): boolean;
}

export function flowClasses(dp: Dataplane): FlowClasses {
  const ix = indexDataplane(dp);
  const fine = new Map<string, string>();
  const coarse = new Map<string, string>();
  const intern = new Map<string, string>();
  const key = (sig: string) => {
    let k = intern.get(sig);
    if (!k) intern.set(sig, (k = `c${intern.size + 1}`));
    return k;
  };
  const subnetOf = new Map<string, { cidr: Cidr; text: string }>();
  for (const e of dp.endpoints.instances) {
    const id = portIdPrefix(ix, e);
    const text = (m: Mention) => abstractIdentity(`${m.host}/${m.device} ${m.text}`, e, id);
    const ipMentions = ix.mentions.get(e.ip) ?? [];
    const facts = [
      e.host, e.network,
      ...devicesOf(ix, e, id).map((f) => abstractIdentity(f, e, id)),
      ...[e.mac, e.ip, ...(id ? [id.slice(0, 10), `tap${id}`, `qvo${id}`, `qvb${id}`] : [])].flatMap((k) => ix.mentions.get(k) ?? []).map(text),
    ];
    fine.set(e.name, key(facts.join('\n')));
    const subnetCidr = ix.subnetCidrOf(e);
    const subnet = subnetCidr ? { cidr: parseCidr(subnetCidr), text: subnetCidr } : undefined;
    if (subnet) subnetOf.set(e.name, subnet);
    // State held inside the destination's subnet (its qdhcp, its router's qr-, its own port's
    // chains) is only met once the packet got there, and then the fine class applies.
    const inside = subnet ? ix.holdersOf(subnet.text, subnet.cidr) : new Set<string>();
    const reachable = ipMentions.filter((m) => !inside.has(`${m.host}\u0000${m.device}`)).map(text).filter((f) => !f.includes('<id>'));
    coarse.set(e.name, key(['dst', e.subnet, subnetCidr ?? '', ...ix.morePrefixes(e.ip, subnetCidr), ...reachable].join('\n')));
  }
  return {
    classOf: (name) => fine.get(name),
    destinationClassOf: (name) => coarse.get(name),
    reachesSubnetOf(t, name) {
      const s = subnetOf.get(name);
      if (!s) return true;
      const holders = ix.holdersOf(s.text, s.cidr);
      const touched = (hops: Trace['root']['hops']) => hops.some((h) => holders.has(`${h.host}\u0000${h.device}`)
        || h.steps.some((st) => st.t === 'arp' && cidrContains(s.cidr, parseIp(st.ip))));
      return leaves(t.root).some((l) => touched(l.path)) || (!!t.reply && leaves(t.reply).some((l) => touched(l.path)));
    },
  };
}

/** A piece of state that names a token (an address, a MAC, a device), and where it is. */
interface Mention {
  host: string;
  device: string;
  text: string;
}

interface Index {
  links: Map<string, Link[]>;
  devices: Map<string, Map<string, Device>>;
  /** host → OVS port name → its bridge. */
  ovsPorts: Map<string, Map<string, string>>;
  mentions: Map<string, Mention[]>;
  subnetCidrOf(e: InstanceEndpoint): string | undefined;
  morePrefixes(ip: string, subnet: string | undefined): string[];
  holdersOf(text: string, cidr: Cidr): Set<string>;
}

function indexDataplane(dp: Dataplane): Index {
  const links = new Map<string, Link[]>();
  for (const l of dp.links) {
    for (const end of [l.a, l.b]) {
      const k = `${end.host}\u0000${end.device}`;
      const list = links.get(k);
      if (list) list.push(l); else links.set(k, [l]);
    }
  }
  const devices = new Map<string, Map<string, Device>>();
  const ovsPorts = new Map<string, Map<string, string>>();
  const prefixes = new Map<number, Set<number>>();
  const addresses: { host: string; device: string; cidr: Cidr }[] = [];
  for (const h of dp.hosts) {
    const byName = new Map<string, Device>();
    const ports = new Map<string, string>();
    for (const d of h.devices) {
      byName.set(d.name, d);
      if (d.kind === 'ovs') for (const p of d.ports) ports.set(p.name, d.name);
      if (d.kind !== 'namespace') continue;
      for (const r of d.routes) if (r.destination !== 'default') addPrefix(prefixes, parseCidr(r.destination));
      for (const i of d.interfaces) for (const a of i.addresses) addresses.push({ host: h.name, device: d.name, cidr: parseCidr(a) });
      for (const chains of Object.values(d.netfilter.tables)) {
        for (const rules of Object.values(chains ?? {})) {
          for (const r of rules) for (const c of [r.match.src, r.match.dst, r.match.notSrc, r.match.notDst]) if (c) addPrefix(prefixes, parseCidr(c));
        }
      }
    }
    devices.set(h.name, byName);
    ovsPorts.set(h.name, ports);
  }
  const subnetCidrs = new Map<string, string>();
  const holders = new Map<string, Set<string>>();
  return {
    links, devices, ovsPorts, mentions: indexMentions(dp),
    subnetCidrOf(e) {
      if (!subnetCidrs.size) {
        for (const i of dp.endpoints.instances) {
          const ns = devices.get(i.host)?.get(i.namespace);
          const a = ns?.kind === 'namespace' ? ns.interfaces.find((x) => x.name === i.iface)?.addresses[0] : undefined;
          if (a) { const c = parseCidr(a); subnetCidrs.set(i.name, `${formatNet(c)}/${c.prefix}`); }
        }
      }
      return subnetCidrs.get(e.name);
    },
    morePrefixes(ip, subnet) {
      const len = subnet ? Number(subnet.split('/')[1]) : 0;
      const out: string[] = [];
      for (const [prefix, nets] of prefixes) {
        if (prefix <= len || prefix === 32) continue;
        const c = parseCidr(`${ip}/${prefix}`);
        if (nets.has(c.network)) out.push(`${formatNet(c)}/${prefix}`);
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

function addPrefix(prefixes: Map<number, Set<number>>, c: Cidr): void {
  let s = prefixes.get(c.prefix);
  if (!s) prefixes.set(c.prefix, (s = new Set()));
  s.add(c.network);
}

function formatNet(c: Cidr): string {
  const n = c.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The 11-character port id prefix Neutron's device names carry (`tap<id>`, `qvo<id>`). */
function portIdPrefix(ix: Index, e: InstanceEndpoint): string | undefined {
  const link = ix.links.get(`${e.host}\u0000${e.namespace}`)?.find((l) => (l.a.device === e.namespace && l.a.port === e.iface)
    || (l.b.device === e.namespace && l.b.port === e.iface));
  const peer = link && (link.a.device === e.namespace && link.a.host === e.host ? link.b : link.a);
  return peer?.port.startsWith('tap') ? peer.port.slice(3) : undefined;
}

/** The guest namespace and the devices named after the port, as they are on its host. */
function devicesOf(ix: Index, e: InstanceEndpoint, id: string | undefined): string[] {
  const out: string[] = [];
  const byName = ix.devices.get(e.host);
  const guest = byName?.get(e.namespace);
  if (guest) out.push(JSON.stringify(guest));
  if (!id) return out;
  const qbr = byName?.get(`qbr${id}`);
  if (qbr) out.push(JSON.stringify(qbr));
  for (const port of [`qvo${id}`, `tap${id}`]) {
    const bridge = ix.ovsPorts.get(e.host)?.get(port);
    const br = bridge ? byName?.get(bridge) : undefined;
    const p = br?.kind === 'ovs' ? br.ports.find((x) => x.name === port) : undefined;
    if (p) out.push(`${bridge}:${JSON.stringify({ ...p, ofport: 0 })}`);
  }
  for (const dev of [e.namespace, `qbr${id}`, 'br-int']) {
    for (const l of ix.links.get(`${e.host}\u0000${dev}`) ?? []) {
      if (l.a.port.endsWith(id) || l.b.port.endsWith(id) || l.a.device === e.namespace || l.b.device === e.namespace) out.push(JSON.stringify(l));
    }
  }
  return [...new Set(out)];
}

/**
 * token → descriptions of every piece of state whose text contains it: flows, rules, chains,
 * dnsmasq entries, ipsets, routes. Built once per data plane by a walk over all of it.
 */
function indexMentions(dp: Dataplane): Map<string, Mention[]> {
  const tokens = new Set<string>();
  for (const e of dp.endpoints.instances) { tokens.add(e.mac); tokens.add(e.ip); }
  for (const l of dp.links) for (const end of [l.a, l.b]) if (DEVICE.test(end.port)) tokens.add(end.port);
  const index = new Map<string, Mention[]>();
  const add = (token: string, m: Mention) => {
    const list = index.get(token);
    if (list) list.push(m); else index.set(token, [m]);
  };
  const note = (text: string, host: string, device: string, what: string) => {
    for (const t of candidateTokens(text)) if (tokens.has(t)) add(t, { host, device, text: `${what} ${text}` });
  };
  // One flow object may sit on every host (realize shares identical br-tun flows): its text and
  // tokens are worked out once, and its mentions share one string.
  const flowNotes = new Map<Flow, { text: string; tokens: string[] }>();
  const noteFlow = (f: Flow, host: string, device: string) => {
    let n = flowNotes.get(f);
    if (!n) {
      const json = JSON.stringify(f);
      flowNotes.set(f, (n = { text: `flow ${json}`, tokens: candidateTokens(json).filter((t) => tokens.has(t)) }));
    }
    for (const t of n.tokens) add(t, { host, device, text: n.text });
  };
  for (const h of dp.hosts) {
    for (const d of h.devices) {
      if (d.kind === 'ovs') for (const f of d.flows) noteFlow(f, h.name, d.name);
      if (d.kind !== 'namespace') continue;
      // Guests' routes too: a route inside one instance to another's address tells the two apart.
      for (const r of d.routes) note(JSON.stringify(r), h.name, d.name, 'route');
      if (d.role === 'instance') continue;
      for (const [table, chains] of Object.entries(d.netfilter.tables)) {
        for (const [chain, rules] of Object.entries(chains ?? {})) {
          // Security-group chains are named after the port: index them by the id prefix in their name.
          const m = /^neutron-openvswi-[ios](.{10})$/.exec(chain);
          if (m && d.role === 'root') add(m[1], { host: h.name, device: d.name, text: `${chain} ${JSON.stringify(rules)}` });
          // Positions are left out: other ports' rules between them never match this port's frames.
          for (const r of rules) note(JSON.stringify(r), h.name, d.name, `${table} ${chain}`);
        }
      }
      for (const [set, members] of Object.entries(d.netfilter.ipsets ?? {})) for (const m of members) note(m, h.name, d.name, `ipset ${set}`);
      for (const l of d.listeners) {
        if (l.behaviour.kind === 'dhcp-server') for (const x of l.behaviour.hosts) note(JSON.stringify(x), h.name, d.name, `${l.process} running=${l.running}`);
      }
    }
  }
  return index;
}

const TOKEN = /(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|\d+\.\d+\.\d+\.\d+|(?:tap|qvo|qvb)[0-9a-f-]{11}/g;
const DEVICE = /^(?:tap|qvo|qvb)[0-9a-f-]{11}$/;
function candidateTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function abstractIdentity(text: string, e: InstanceEndpoint, id: string | undefined): string {
  let t = text.split(e.mac).join('<mac>').split(`"${e.ip}/`).join('"<ip>/').split(`"${e.ip}"`).join('"<ip>"');
  t = t.split(`${e.ip}/32`).join('<ip>/32').split(` ${e.ip}`).join(' <ip>').split(e.ip.replace(/\./g, '-')).join('<ip>');
  if (id) t = t.split(id).join('<id>').split(id.slice(0, 10)).join('<id>');
  return t.split(`"${e.name}"`).join('"<name>"');
}
