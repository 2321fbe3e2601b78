import type { Dataplane } from '../dataplane/types';
import { closest } from '../util/did-you-mean';
import { describeLocation, glob, LOCATION_ROLES, type Location, type LocationObject } from './location';

/**
 * A location that names nothing in the cloud makes every negative assertion pass (a misspelt
 * `toNeverTraverse('egde')` can never fail), so matchers resolve each location against the
 * trace's data plane first. This is the data plane's inventory, read once: every place a hop
 * can be (bridges, namespaces, the processes that receive packets) and the names users give them.
 */
interface Place {
  host: string;
  device: string;
  /** Namespaces only. */
  role?: string;
  owner?: string;
  /** Networks a hop here can carry: for matching `{ network }` together with other fields. */
  networks: ReadonlySet<string>;
  /** Ports a process listens on here. */
  ports: ReadonlySet<number>;
}

interface Inventory {
  places: Place[];
  hosts: string[];
  devices: string[];
  namespaces: string[];
  routers: Set<string>;
  networks: Set<string>;
  instances: Set<string>;
  /** Names a bare string may give: routers, networks, instances (namespace owners). */
  owners: Set<string>;
}

const inventories = new WeakMap<Dataplane, Inventory>();

function inventoryOf(dp: Dataplane): Inventory {
  let inv = inventories.get(dp);
  if (inv) return inv;
  const nameOf = (id: string) => dp.endpoints.names[id] ?? id;
  const networks = new Set(dp.endpoints.networks.map((n) => n.name));
  const instanceNetwork = new Map(dp.endpoints.instances.map((i) => [`${i.host}/${i.name}`, nameOf(i.network)]));
  const places: Place[] = [];
  for (const host of dp.hosts) {
    const onHost = new Set(Object.values(dp.endpoints.localVlans[host.name] ?? {}).map(nameOf));
    for (const d of host.devices) {
      if (d.kind !== 'namespace') {
        places.push({ host: host.name, device: d.name, networks: onHost, ports: new Set() });
        continue;
      }
      const carried = d.role === 'qdhcp' && d.owner ? [d.owner] : d.role === 'instance' ? [instanceNetwork.get(`${host.name}/${d.name}`) ?? ''] : [];
      const ports = new Set(d.listeners.flatMap((l) => (l.port === undefined ? [] : [l.port])));
      places.push({ host: host.name, device: d.name, role: d.role, owner: d.owner, networks: new Set(carried), ports });
      for (const l of d.listeners) {
        places.push({ host: host.name, device: l.process, networks: new Set(), ports: new Set(l.port === undefined ? [] : [l.port]) });
      }
    }
  }
  const owners = (role: string) => new Set(places.filter((p) => p.role === role && p.owner).map((p) => p.owner!));
  const instances = owners('instance');
  const routers = owners('qrouter');
  inv = {
    places,
    hosts: dp.hosts.map((h) => h.name),
    devices: [...new Set(places.map((p) => p.device))],
    namespaces: [...new Set(places.filter((p) => p.role !== undefined).map((p) => p.device))],
    routers, networks, instances,
    owners: new Set([...routers, ...networks, ...instances, ...places.flatMap((p) => (p.owner ? [p.owner] : []))]),
  };
  inventories.set(dp, inv);
  return inv;
}

const isGlob = (s: string) => /[*?]/.test(s);

/**
 * The name the user probably meant: for a plain name the closest one; for a pattern, its literal
 * head corrected against the heads of real names (`qrouter_*` → `qrouter-*`).
 */
function suggest(pattern: string, names: Iterable<string>): string | undefined {
  if (!isGlob(pattern)) return closest(pattern, names);
  const head = pattern.slice(0, pattern.search(/[*?]/));
  if (!head) return undefined;
  // Heads one or two characters shorter or longer too (a dropped or doubled letter: `qroutr-*`);
  // same-length heads first, so that they win a tie.
  const all = [...names];
  const heads = new Set([0, -1, 1, -2, 2].flatMap((d) => all.map((n) => n.slice(0, Math.max(1, head.length + d)))));
  const best = closest(head, heads);
  return best === undefined ? undefined : best + pattern.slice(head.length);
}

function listed(what: string, names: string[]): string {
  return `${what}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`;
}

function noMatch(kind: string, pattern: string, names: string[], plural: string): string {
  const best = suggest(pattern, names);
  return `no ${kind} ${isGlob(pattern) ? 'matches' : 'is named'} ${JSON.stringify(pattern)} (${best ? `did you mean ${JSON.stringify(best)}? ` : ''}${listed(plural, names)})`;
}

function hostProblem(inv: Inventory, pattern: string): string | undefined {
  return inv.hosts.some((h) => glob(pattern).test(h)) ? undefined : noMatch('host', pattern, inv.hosts, 'hosts');
}

function resolveString(inv: Inventory, given: string, aliases: Readonly<Record<string, string>>): string | undefined {
  const loc = aliases[given] ?? given;
  const at = loc.indexOf('@');
  if (at >= 0) {
    const device = loc.slice(0, at) || '*';
    const host = loc.slice(at + 1);
    const hostIssue = hostProblem(inv, host);
    if (hostIssue) return hostIssue;
    const onHosts = inv.places.filter((p) => glob(host).test(p.host));
    if (onHosts.some((p) => glob(device).test(p.device))) return undefined;
    const best = suggest(device, onHosts.map((p) => p.device));
    return `no device ${isGlob(device) ? 'matches' : 'is named'} ${JSON.stringify(device)} on ${JSON.stringify(host)}${best ? ` (did you mean ${JSON.stringify(`${best}@${host}`)}?)` : ''}`;
  }
  if (inv.places.some((p) => glob(loc).test(p.device))) return undefined;
  if (!isGlob(loc) && inv.owners.has(loc)) return undefined;
  if (!isGlob(loc) && inv.hosts.includes(loc)) {
    return `${JSON.stringify(loc)} is a host, and a bare name means a device, router, network or instance: write ${JSON.stringify(`*@${loc}`)} or { host: ${JSON.stringify(loc)} }`;
  }
  const names = [...inv.owners, ...inv.devices, ...Object.keys(aliases)];
  const best = suggest(loc, names);
  const what = isGlob(loc) ? `no device matches ${JSON.stringify(loc)}` : `no device, router, network or instance is named ${JSON.stringify(loc)}`;
  return `${what}${best ? ` (did you mean ${JSON.stringify(best)}?)` : ''}`;
}

function fieldProblem(inv: Inventory, loc: LocationObject): string | undefined {
  if (loc.host !== undefined) {
    const issue = hostProblem(inv, loc.host);
    if (issue) return issue;
  }
  if (loc.device !== undefined && !inv.devices.some((d) => glob(loc.device!).test(d))) return noMatch('device', loc.device, inv.devices, 'devices');
  if (loc.namespace !== undefined && !LOCATION_ROLES.has(loc.namespace) && !inv.namespaces.some((n) => glob(loc.namespace!).test(n))) {
    return noMatch('namespace', loc.namespace, [...LOCATION_ROLES, ...inv.namespaces], 'roles and namespaces');
  }
  if (loc.router !== undefined && !inv.routers.has(loc.router)) return noMatch('router', loc.router, [...inv.routers], 'routers with a qrouter namespace');
  if (loc.network !== undefined && !inv.networks.has(loc.network)) return noMatch('network', loc.network, [...inv.networks], 'networks');
  if (loc.instance !== undefined && !inv.instances.has(loc.instance)) return noMatch('instance', loc.instance, [...inv.instances], 'instances');
  if (loc.port !== undefined && !inv.places.some((p) => p.ports.has(loc.port!))) return `no process listens on port ${loc.port}`;
  return undefined;
}

/** Mirrors `hopMatches` (location.ts) over the places a hop can be, as far as static state tells. */
function placeFits(loc: LocationObject, p: Place): boolean {
  if (loc.host !== undefined && !glob(loc.host).test(p.host)) return false;
  if (loc.device !== undefined && !glob(loc.device).test(p.device)) return false;
  if (loc.namespace !== undefined) {
    if (p.role === undefined) return false;
    if (LOCATION_ROLES.has(loc.namespace) ? p.role !== loc.namespace : !glob(loc.namespace).test(p.device)) return false;
  }
  if (loc.router !== undefined && !(p.role === 'qrouter' && p.owner === loc.router)) return false;
  if (loc.instance !== undefined && !(p.role === 'instance' && p.owner === loc.instance)) return false;
  if (loc.network !== undefined && !p.networks.has(loc.network)) return false;
  if (loc.port !== undefined && !p.ports.has(loc.port)) return false;
  return true;
}

/**
 * Why `loc` can match no hop of any trace through `dp` (with a did-you-mean where one is close),
 * or `undefined` when it names something that exists. `aliases` are names users give to
 * processes (`nova-metadata` for `nova-api-metadata`).
 */
export function unresolvedLocation(loc: Location, dp: Dataplane, aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const inv = inventoryOf(dp);
  if (typeof loc === 'string') return resolveString(inv, loc, aliases);
  const field = fieldProblem(inv, loc);
  if (field) return field;
  return inv.places.some((p) => placeFits(loc, p)) ? undefined : `nothing in this cloud is all of ${describeLocation(loc)}`;
}
