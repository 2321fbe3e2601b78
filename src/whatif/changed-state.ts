import type { Dataplane } from '../dataplane/types';
import { arpExchangePlaces } from '../engine/arp';
import { leaves } from '../trace/leaves';
import type { Trace } from '../trace/types';

/**
 * What differs between two data planes, place by place: the devices (`host\0device`) whose state
 * (ports, flows, interfaces, routes, rules, listeners) or links differ or that only one plane
 * has, and the instances whose endpoint (host, NIC, address) differs. `everything` when state
 * every walk reads (the internet or metadata address, floating IPs, network names) differs.
 */
export interface ChangedState {
  places: ReadonlySet<string>;
  endpoints: ReadonlySet<string>;
  everything: boolean;
}

const key = (host: string, device: string) => `${host}\u0000${device}`;

export function changedState(a: Dataplane, b: Dataplane): ChangedState {
  const places = new Set<string>();
  const devices = new Map<string, unknown>();
  for (const h of a.hosts) for (const d of h.devices) devices.set(key(h.name, d.name), d);
  const seen = new Set<string>();
  for (const h of b.hosts) {
    for (const d of h.devices) {
      const k = key(h.name, d.name);
      seen.add(k);
      const was = devices.get(k);
      if (was !== d && (was === undefined || JSON.stringify(was) !== JSON.stringify(d))) places.add(k);
    }
  }
  for (const k of devices.keys()) if (!seen.has(k)) places.add(k);
  const links = (dp: Dataplane) => new Map(dp.links.map((l) => [JSON.stringify(l), l]));
  const la = links(a), lb = links(b);
  for (const [text, l] of la) if (!lb.has(text)) { places.add(key(l.a.host, l.a.device)); places.add(key(l.b.host, l.b.device)); }
  for (const [text, l] of lb) if (!la.has(text)) { places.add(key(l.a.host, l.a.device)); places.add(key(l.b.host, l.b.device)); }
  readAcross(a, places);
  readAcross(b, places);
  const endpoints = new Set<string>();
  const ea = new Map(a.endpoints.instances.map((e) => [e.name, JSON.stringify(e)]));
  const eb = new Map(b.endpoints.instances.map((e) => [e.name, JSON.stringify(e)]));
  for (const [n, e] of ea) if (eb.get(n) !== e) endpoints.add(n);
  for (const n of eb.keys()) if (!ea.has(n)) endpoints.add(n);
  const { instances: _a, ...restA } = a.endpoints;
  const { instances: _b, ...restB } = b.endpoints;
  return { places, endpoints, everything: JSON.stringify(restA) !== JSON.stringify(restB) };
}

/**
 * A device whose walk reads another device's state changes with it, though the walk never lists
 * that device as a hop: a bridge that calls iptables runs its host's root namespace's filter
 * rules, and a relay to a UNIX socket reaches whichever namespace of its host listens there.
 */
function readAcross(dp: Dataplane, places: Set<string>): void {
  for (const h of dp.hosts) {
    const rootChanged = places.has(key(h.name, 'root'));
    const unixChanged = new Set<string>();
    for (const d of h.devices) {
      if (d.kind === 'namespace' && places.has(key(h.name, d.name))) for (const l of d.listeners) if (l.proto === 'unix' && l.path) unixChanged.add(l.path);
    }
    for (const d of h.devices) {
      if (d.kind === 'linux-bridge' && d.nfCallIptables && rootChanged) places.add(key(h.name, d.name));
      if (d.kind === 'namespace' && d.listeners.some((l) => l.behaviour.kind === 'relay' && 'unix' in l.behaviour.to && unixChanged.has(l.behaviour.to.unix))) {
        places.add(key(h.name, d.name));
      }
    }
  }
}

const interned = new Map<string, string>();

/** The places (`host\0device`) a walk passes: request and answer, every branch of a flood. */
export function placesOf(t: Trace): string[] {
  const seen = new Set<string>();
  const add = (k: string) => {
    if (seen.has(k)) return;
    // One string per place, however many walks remember it.
    let shared = interned.get(k);
    if (!shared) interned.set(k, (shared = k));
    seen.add(shared);
  };
  for (const root of t.reply ? [t.root, t.reply] : [t.root]) {
    for (const { path } of leaves(root)) {
      for (const h of path) {
        add(key(h.host, h.device));
        // ARP exchanges are walked apart from the trace, and a change where only they went
        // (an address that now answers a who-has, say) changes this walk too.
        for (const st of h.steps) if (st.t === 'arp') for (const p of arpExchangePlaces(st)) add(p);
      }
    }
  }
  return [...seen];
}

/** Whether a walk that passed these places met a change. */
export function touches(places: readonly string[], changed: ChangedState): boolean {
  if (changed.everything) return true;
  return changed.places.size > 0 && places.some((p) => changed.places.has(p));
}
