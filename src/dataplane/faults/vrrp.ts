/**
 * keepalived moving an HA router's virtual addresses between its namespaces, on the data plane:
 * the VIPs (the router's port addresses, floating IPs, the primary VIP on `ha-`), the virtual
 * routes and the metadata proxy go with the MASTER state. Realize puts them on the active agent;
 * these change a copy afterwards, as keepalived does on a running cloud.
 */
import type { Dataplane, Namespace } from '../types';
import { formatCidr, parseCidr } from '../../net/ipv4';
import { FaultError } from './errors';

type Vrrp = Extract<Namespace['listeners'][number]['behaviour'], { kind: 'vrrp' }>;

function keepalived(n: Namespace): { iface: string; behaviour: Vrrp } | undefined {
  const l = n.listeners.find((x) => x.behaviour.kind === 'vrrp');
  return l?.behaviour.kind === 'vrrp' && l.iface ? { iface: l.iface, behaviour: l.behaviour } : undefined;
}

function copiesOf(dp: Dataplane, namespace: string): { host: string; ns: Namespace }[] {
  return dp.hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace' && d.name === namespace).map((ns) => ({ host: h.name, ns })));
}

/**
 * The backup on `host` becomes MASTER and takes the VIPs of the current MASTER. With `release`
 * the old MASTER gives them up (a failover: its node or keepalived died, or a higher-priority
 * instance took over); without, it keeps them (split brain: the two stopped hearing each other).
 * Changes `dp` in place: callers pass a copy.
 */
export function takeOver(dp: Dataplane, namespace: string, host: string, release: boolean): void {
  const copies = copiesOf(dp, namespace);
  const target = copies.find((c) => c.host === host)?.ns;
  const mine = target && keepalived(target);
  if (!target || !mine) throw new FaultError(`${namespace}@${host} runs no keepalived: it is not an HA router's namespace`);
  if (mine.behaviour.state !== 'BACKUP') throw new FaultError(`keepalived in ${namespace}@${host} is already MASTER`);
  const primary = copies.find((c) => c.host !== host && keepalived(c.ns)?.behaviour.state === 'MASTER')?.ns;
  if (!primary) throw new FaultError(`${namespace} has no MASTER keepalived on another host to take over from`);
  const theirs = keepalived(primary)!;
  for (const i of target.interfaces) {
    const same = primary.interfaces.find((x) => x.name === i.name);
    if (same) i.addresses = [...same.addresses];
  }
  // The primary VIP (169.254.0.<vrid>/24) is what the MASTER's ha- holds beyond its own HA port address.
  const primaryHa = primary.interfaces.find((x) => x.name === theirs.iface)!;
  const vip = primaryHa.addresses.slice(1);
  target.interfaces.find((x) => x.name === mine.iface)?.addresses.push(...vip);
  target.routes = [...primary.routes.filter((r) => r.dev !== theirs.iface), ...target.routes.filter((r) => r.dev === mine.iface),
    ...vip.map((v) => ({ destination: formatCidr(parseCidr(v)), dev: mine.iface, proto: 'kernel' }))];
  for (const l of primary.listeners) if (!target.listeners.some((x) => x.process === l.process)) target.listeners.push(structuredClone(l));
  setState(target, 'MASTER');
  if (!release) return;
  for (const i of primary.interfaces) i.addresses = i.name === theirs.iface ? primaryHa.addresses.slice(0, 1) : [];
  primary.routes = primary.routes.filter((r) => r.dev === theirs.iface && !vip.some((v) => formatCidr(parseCidr(v)) === r.destination));
  primary.listeners = primary.listeners.filter((l) => l.behaviour.kind === 'vrrp');
  setState(primary, 'BACKUP');
}

function setState(n: Namespace, state: Vrrp['state']): void {
  const l = n.listeners.find((x) => x.behaviour.kind === 'vrrp')!;
  l.behaviour = { ...(l.behaviour as Vrrp), state };
}

/**
 * An HA router failing over on a running cloud: the MASTER's keepalived gives up the VIPs and the
 * backup on `toHost` takes them (a changed copy; the original is untouched). `router` is the
 * router's name or id.
 */
export function failoverDataplane(dp: Dataplane, router: string, toHost: string): Dataplane {
  const id = Object.entries(dp.endpoints.names).find(([k, name]) => name === router || k === router)?.[0] ?? router;
  const copy = structuredClone(dp);
  takeOver(copy, `qrouter-${id}`, toHost, true);
  return copy;
}
