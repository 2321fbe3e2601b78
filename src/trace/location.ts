import { networkOfHop } from './network-of-hop';
import type { Hop, Trace } from './types';

/**
 * Where a packet may or may not go, in one small pattern language:
 *
 * - `'qrouter-*'`, `'br-tun'`, `'qbr*'`: a device name (glob: `*` any run, `?` one character);
 * - `'br-tun@compute1'`, `'*@network1'`: a device on a host (both globs);
 * - `'router1'`, `'selfservice2'`, `'vm3'`: a router, network or instance by name — the router's
 *   qrouter namespace, any hop carrying that network (local VLAN, VNI, its qdhcp), the instance;
 * - an object: `{ namespace: 'qrouter', port: 9697 }`, `{ host: 'network1' }`,
 *   `{ router: 'router1' }`, `{ network: 'selfservice1' }`, `{ device: 'br-int', host: 'compute*' }`.
 *   `namespace` is a role (`qrouter`, `qdhcp`, `instance`, `root`) or a namespace name glob;
 *   `port` means a process listening on that port received the packet there.
 */
export type Location = string | LocationObject;

export interface LocationObject {
  host?: string;
  device?: string;
  namespace?: string;
  router?: string;
  network?: string;
  instance?: string;
  port?: number;
}

/** The qdhcp namespace of a network, by network name: `qdhcp('selfservice1')`. */
export function qdhcp(network: string): LocationObject {
  return { namespace: 'qdhcp', network };
}

/** The qrouter namespace of a router, by router name: `qrouter('router1')`. */
export function qrouter(router: string): LocationObject {
  return { namespace: 'qrouter', router };
}

/** The namespace roles a location's `namespace` may name instead of a namespace name glob. */
export const LOCATION_ROLES: ReadonlySet<string> = new Set(['qrouter', 'qdhcp', 'instance', 'root', 'external']);
const globCache = new Map<string, RegExp>();

export function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    globCache.set(pattern, (re = new RegExp(`^${body}$`)));
  }
  return re;
}

export function isLocation(x: unknown): x is Location {
  if (typeof x === 'string') return x.length > 0;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  const allowed = ['host', 'device', 'namespace', 'router', 'network', 'instance', 'port'];
  return keys.length > 0 && keys.every((k) => allowed.includes(k));
}

export function hopMatches(loc: Location, hop: Hop, trace: Trace): boolean {
  if (typeof loc === 'string') return stringMatches(loc, hop, trace);
  if (loc.host !== undefined && !glob(loc.host).test(hop.host)) return false;
  if (loc.device !== undefined && !glob(loc.device).test(hop.device)) return false;
  if (loc.namespace !== undefined) {
    if (hop.kind !== 'namespace') return false;
    if (LOCATION_ROLES.has(loc.namespace) ? hop.role !== loc.namespace : !glob(loc.namespace).test(hop.device)) return false;
  }
  if (loc.router !== undefined && !(hop.role === 'qrouter' && hop.owner === loc.router)) return false;
  if (loc.instance !== undefined && !(hop.role === 'instance' && hop.owner === loc.instance)) return false;
  if (loc.network !== undefined && networkOfHop(trace, hop) !== loc.network) return false;
  if (loc.port !== undefined && !hop.steps.some((s) => s.t === 'deliver' && s.listener.port === loc.port)) return false;
  return true;
}

function stringMatches(loc: string, hop: Hop, trace: Trace): boolean {
  const at = loc.indexOf('@');
  if (at >= 0) {
    const device = loc.slice(0, at) || '*';
    return glob(device).test(hop.device) && glob(loc.slice(at + 1)).test(hop.host);
  }
  if (glob(loc).test(hop.device)) return true;
  if (/[*?]/.test(loc)) return false;
  return hop.owner === loc || networkOfHop(trace, hop) === loc;
}

export function describeLocation(loc: Location): string {
  return typeof loc === 'string' ? JSON.stringify(loc) : JSON.stringify(loc).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ');
}
