import type { Neighbour, Route } from '../dataplane/types';
import { isCidr, isIpv4 } from '../net/ipv4';

/**
 * `ip -o link/addr/route/neigh show` of one namespace. Loopback is the kernel's own and left out;
 * the local and broadcast routing tables are what the kernel derives from the addresses (the
 * engine derives the same); dynamic neighbour entries are a cache the engine's ARP refills.
 */
export interface IpLink {
  index: number;
  name: string;
  /** `qvb1@qvo1`: the veth peer's name in the same namespace; `@ifN`: its index elsewhere. */
  peer?: string;
  peerIndex?: number;
  /** Another namespace holds the peer (`link-netns NAME` or `link-netnsid N`). */
  peerNetns?: string;
  master?: string;
  mac?: string;
  up: boolean;
  mtu?: number;
  loopback: boolean;
}

export interface Rejected { line: number; text: string; reason: string }

export function parseIpLink(text: string): { links: IpLink[]; rejected: Rejected[] } {
  const links: IpLink[] = [];
  const rejected: Rejected[] = [];
  records(text).forEach(([n, line]) => {
    const m = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>(.*)$/.exec(line);
    if (!m) { rejected.push({ line: n, text: line, reason: 'not an `ip -o link` line' }); return; }
    const [, index, name, peer, flags, rest] = m;
    const link: IpLink = { index: Number(index), name, up: flags.split(',').includes('UP'), loopback: flags.split(',').includes('LOOPBACK') };
    if (peer) {
      const ifn = /^if(\d+)$/.exec(peer);
      if (ifn) link.peerIndex = Number(ifn[1]); else link.peer = peer;
    }
    const word = (k: string) => new RegExp(`(?:^|\\s)${k}\\s+(\\S+)`).exec(rest)?.[1];
    const master = word('master');
    if (master) link.master = master;
    const mtu = word('mtu');
    if (mtu) link.mtu = Number(mtu);
    const mac = /link\/ether\s+([0-9a-f:]{17})/i.exec(rest)?.[1];
    if (mac) link.mac = mac.toLowerCase();
    const netns = word('link-netns') ?? word('link-netnsid');
    if (netns !== undefined) link.peerNetns = netns;
    links.push(link);
  });
  return { links, rejected };
}

/** `ip -o addr`: IPv4 addresses with prefix, by device. */
export function parseIpAddr(text: string): { addresses: Map<string, string[]>; rejected: Rejected[] } {
  const addresses = new Map<string, string[]>();
  const rejected: Rejected[] = [];
  records(text).flatMap(([n, line]) => expandAddr(n, line)).forEach(([n, line]) => {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+(\S+)/.exec(line);
    if (!m) { rejected.push({ line: n, text: line, reason: 'not an `ip -o addr` line' }); return; }
    const [, dev, family, addr] = m;
    if (dev === 'lo') return;
    if (family === 'inet6') { rejected.push({ line: n, text: line, reason: 'an IPv6 address (the engine walks IPv4 only)' }); return; }
    const withPrefix = addr.includes('/') ? addr : `${addr}/32`;
    if (!isCidr(withPrefix)) { rejected.push({ line: n, text: line, reason: `${addr}: not an IPv4 address with prefix` }); return; }
    const list = addresses.get(dev) ?? [];
    list.push(withPrefix);
    addresses.set(dev, list);
  });
  return { addresses, rejected };
}

const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'unreachable', 'blackhole', 'prohibit', 'throw', 'anycast', 'nat']);

/** `ip -o route show table all`: the main table's IPv4 routes. */
export function parseIpRoute(text: string): { routes: Route[]; rejected: Rejected[] } {
  const routes: Route[] = [];
  const rejected: Rejected[] = [];
  lines(text).forEach(([n, line]) => {
    const w = line.split(/\s+/);
    const reject = (reason: string) => rejected.push({ line: n, text: line, reason });
    let type = 'unicast';
    if (ROUTE_TYPES.has(w[0])) type = w.shift()!;
    const dest = w.shift() ?? '';
    const opt = (k: string) => { const i = w.indexOf(k); return i >= 0 ? w[i + 1] : undefined; };
    const table = opt('table');
    if (table === 'local' || table === '255') return; // the kernel's, from the addresses
    if (dest.includes(':')) { if (table === undefined || table === 'main') reject('an IPv6 route (the engine walks IPv4 only)'); return; }
    if (table !== undefined && table !== 'main' && table !== '254') { reject(`table ${table}: policy routing is not modelled`); return; }
    if (type === 'broadcast' || type === 'multicast') return;
    if (type !== 'unicast') { reject(`a ${type} route is not modelled`); return; }
    const destination = dest === 'default' || dest === '0.0.0.0/0' ? 'default' : isIpv4(dest) ? `${dest}/32` : dest;
    if (destination !== 'default' && !isCidr(destination)) { reject(`${dest}: not a destination`); return; }
    const dev = opt('dev');
    if (!dev) { reject('a route without a device (multipath or unresolved) is not modelled'); return; }
    if (w.includes('nexthop')) { reject('a multipath route is not modelled'); return; }
    const route: Route = { destination, dev };
    const via = opt('via');
    if (via) route.via = via;
    const proto = opt('proto');
    if (proto) route.proto = proto;
    routes.push(route);
  });
  return { routes, rejected };
}

/**
 * `ip -o neigh`: permanent entries are state an agent installed (DVR's, the engine holds them);
 * the rest is the kernel's ARP cache, which the engine's ARP refills.
 */
export function parseIpNeigh(text: string): { neighbours: Neighbour[]; rejected: Rejected[] } {
  const neighbours: Neighbour[] = [];
  const rejected: Rejected[] = [];
  for (const [n, l] of lines(text)) {
    if (!/\bPERMANENT\b/.test(l)) continue;
    const m = /^(\S+)\s+dev\s+(\S+)\s+lladdr\s+([0-9a-f:]{17})\b/i.exec(l);
    if (!m || !isIpv4(m[1])) { rejected.push({ line: n, text: l, reason: 'a permanent neighbour entry that is not `IPv4 dev DEV lladdr MAC`' }); continue; }
    neighbours.push({ ip: m[1], mac: m[3].toLowerCase(), dev: m[2] });
  }
  return { neighbours, rejected };
}

/** Non-empty lines with their 1-based numbers; `ip -o` continues a record after a backslash. */
export function lines(text: string): [number, string][] {
  return text.split('\n').map((l, i) => [i + 1, l.replace(/\\\s+/g, ' ').trim()] as [number, string]).filter(([, l]) => l);
}

/**
 * Records of `ip` output: with -o one a line; without it (`ip addr` as people paste it), indented
 * lines continue the record above, so both forms read the same.
 */
function records(text: string): [number, string][] {
  const out: [number, string][] = [];
  text.split('\n').forEach((raw, i) => {
    if (/^\s/.test(raw) && out.length && raw.trim()) out[out.length - 1][1] += ` ${raw.trim()}`;
    else if (raw.trim()) out.push([i + 1, raw.replace(/\\\s+/g, ' ').trim()]);
  });
  return out;
}

/** A full-format `ip addr` record (`N: dev: <flags> … inet A … inet B`) as one -o line per address. */
function expandAddr(n: number, line: string): [number, string][] {
  const head = /^(\d+):\s+([^:@\s]+)(?:@[^:\s]+)?:\s+</.exec(line);
  if (!head) return [[n, line]];
  return [...line.matchAll(/\b(inet6?)\s+(\S+)/g)].map((m) => [n, `${head[1]}: ${head[2]}    ${m[1]} ${m[2]}`] as [number, string]);
}
