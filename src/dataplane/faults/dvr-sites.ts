/**
 * Fault kinds of distributed (DVR) routers: the state the L3 agent in dvr/dvr_snat mode and the
 * OVS agent's DVR tables add (deploy-ovs-ha-dvr.rst; neutron-facts §8). Each changes one piece of
 * that state on a copy, as the agent failing to install it (or a hand edit) would.
 */
import { BRIDGE, NAMESPACE_PREFIX, PREFIX } from '../names';
import { tableNamed } from '../tables';
import type { Dataplane, Flow, FlowMatch, Namespace, OvsBridge } from '../types';
import { FaultError } from './errors';
import { bridgeAt, bridgesOf, namespaceAt, namespacesOf, sameMatch } from './places';

export type DvrFault =
  /**
   * A DVR flow is missing: on br-int, a table-0 entry sending frames from another host's DVR MAC
   * to DVR_TO_SRC_MAC, or a DVR_TO_SRC_MAC flow giving a routed frame back the gateway's MAC; on
   * br-tun, a DVR_PROCESS flow (frames to the distributed gateway stay home, the local router's
   * source becomes the host's DVR MAC) or a DVR_NOT_LEARN one.
   */
  | { kind: 'dvr-flow-missing'; host: string; bridge: string; table: number; match: FlowMatch }
  /**
   * A permanent neighbour entry the L3 agent installs in a distributed router's qrouter- is gone
   * (`ip neigh del`): the router has to ARP for the address, from a gateway MAC every host owns.
   */
  | { kind: 'dvr-neighbour-missing'; host: string; namespace: string; ip: string; dev: string }
  /**
   * An `ip rule` of a distributed router (a subnet's toward the snat- namespace, a floating IP's
   * toward fip-) or of a fip- namespace looks up a table nothing fills: the lookup falls through.
   */
  | { kind: 'dvr-rule-table'; host: string; namespace: string; priority: number; from: number; to: number }
  /** A fip- namespace's `fg-` no longer answers ARP for the floating IPs it routes (`proxy_arp=0`). */
  | { kind: 'fip-proxy-arp-off'; host: string; namespace: string; iface: string }
  /** A floating IP's route between qrouter- and fip- is gone: fip-'s `/32 via rfp-`, or qrouter-'s FIP table default via fpr-. */
  | { kind: 'fip-route-missing'; host: string; namespace: string; destination: string; dev: string; table?: number };

export type DvrFaultKind = DvrFault['kind'];
export const DVR_FAULT_KINDS = ['dvr-flow-missing', 'dvr-neighbour-missing', 'dvr-rule-table', 'fip-proxy-arp-off', 'fip-route-missing'] as const satisfies readonly DvrFaultKind[];

const isRouterSide = (ns: Namespace) => [NAMESPACE_PREFIX.router, NAMESPACE_PREFIX.snat, NAMESPACE_PREFIX.fip].some((p) => ns.name.startsWith(p));

/** The DVR flows of a bridge: br-int's from-DVR-MAC entries and DVR_TO_SRC_MAC rewrites, br-tun's DVR_PROCESS and DVR_NOT_LEARN flows (not their table-wide defaults). */
function dvrFlows(br: OvsBridge): Flow[] {
  if (br.name === BRIDGE.integration) {
    return br.flows.filter((f) => (f.table === tableNamed(br, 'DVR_TO_SRC_MAC') && Object.keys(f.match).length > 0)
      || (f.table === tableNamed(br, 'LOCAL_SWITCHING') && f.match.dlSrc !== undefined
        && f.actions.some((a) => a.type === 'resubmit' && a.table === tableNamed(br, 'DVR_TO_SRC_MAC'))));
  }
  return br.flows.filter((f) => (f.table === tableNamed(br, 'DVR_PROCESS') || f.table === tableNamed(br, 'DVR_NOT_LEARN')) && Object.keys(f.match).length > 0);
}

/** A table number no route of the namespace uses and no rule looks up: the first free one above `table`. */
function emptyTable(ns: Namespace, table: number): number {
  const used = new Set([...ns.routes.map((r) => r.table ?? 254), ...(ns.rules ?? []).map((r) => r.table)]);
  let t = table + 1;
  while (used.has(t)) t++;
  return t;
}

type Sites = { [K in DvrFaultKind]: (dp: Dataplane) => Extract<DvrFault, { kind: K }>[] };

export const DVR_SITES: Sites = {
  'dvr-flow-missing': (dp) => bridgesOf(dp, (n) => n === BRIDGE.integration || n === BRIDGE.tunnel).flatMap(({ host, br }) => dvrFlows(br)
    .filter((f) => br.flows.find((x) => x.table === f.table && sameMatch(x.match, f.match)) === f)
    .map((f) => ({ kind: 'dvr-flow-missing' as const, host, bridge: br.name, table: f.table, match: { ...f.match } }))),

  'dvr-neighbour-missing': (dp) => namespacesOf(dp).filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.router))
    .flatMap(({ host, ns }) => (ns.neighbours ?? []).map((n) => ({ kind: 'dvr-neighbour-missing' as const, host, namespace: ns.name, ip: n.ip, dev: n.dev }))),

  'dvr-rule-table': (dp) => namespacesOf(dp).filter(({ ns }) => isRouterSide(ns))
    .flatMap(({ host, ns }) => (ns.rules ?? []).map((r) => ({ kind: 'dvr-rule-table' as const, host, namespace: ns.name, priority: r.priority, from: r.table, to: emptyTable(ns, r.table) }))),

  'fip-proxy-arp-off': (dp) => namespacesOf(dp).filter(({ ns }) => ns.name.startsWith(NAMESPACE_PREFIX.fip))
    .flatMap(({ host, ns }) => ns.interfaces.filter((i) => i.proxyArp && i.name.startsWith(PREFIX.fipGateway))
      .map((i) => ({ kind: 'fip-proxy-arp-off' as const, host, namespace: ns.name, iface: i.name }))),

  'fip-route-missing': (dp) => namespacesOf(dp).flatMap(({ host, ns }) => ns.routes
    .filter((r) => (ns.name.startsWith(NAMESPACE_PREFIX.fip) && r.dev.startsWith(PREFIX.fipToRouter) && r.via !== undefined)
      || (ns.name.startsWith(NAMESPACE_PREFIX.router) && r.dev.startsWith(PREFIX.routerToFip) && r.table !== undefined))
    .map((r) => ({ kind: 'fip-route-missing' as const, host, namespace: ns.name, destination: r.destination, dev: r.dev, ...(r.table !== undefined && { table: r.table }) }))),
};

/** Applies a DVR fault to `dp` (a copy) in place. */
export function applyDvrFault(dp: Dataplane, f: DvrFault): void {
  switch (f.kind) {
    case 'dvr-flow-missing': {
      const br = bridgeAt(dp, f.host, f.bridge);
      const i = br.flows.findIndex((x) => x.table === f.table && sameMatch(x.match, f.match));
      if (i < 0) throw new FaultError(`no flow in ${f.bridge}@${f.host} table ${f.table} matching exactly ${JSON.stringify(f.match)}`);
      br.flows.splice(i, 1);
      return;
    }
    case 'dvr-neighbour-missing': {
      const space = namespaceAt(dp, f.host, f.namespace);
      const before = space.neighbours?.length ?? 0;
      space.neighbours = (space.neighbours ?? []).filter((n) => !(n.ip === f.ip && n.dev === f.dev));
      if (space.neighbours.length === before) throw new FaultError(`${f.namespace}@${f.host} has no neighbour entry ${f.ip} dev ${f.dev}`);
      return;
    }
    case 'dvr-rule-table': {
      const space = namespaceAt(dp, f.host, f.namespace);
      const i = (space.rules ?? []).findIndex((r) => r.priority === f.priority && r.table === f.from);
      if (i < 0) throw new FaultError(`${f.namespace}@${f.host} has no rule of priority ${f.priority} looking up table ${f.from}`);
      space.rules = space.rules!.map((r, j) => (j === i ? { ...r, table: f.to } : r));
      return;
    }
    case 'fip-proxy-arp-off': {
      const iface = namespaceAt(dp, f.host, f.namespace).interfaces.find((i) => i.name === f.iface);
      if (!iface?.proxyArp) throw new FaultError(`${f.iface} in ${f.namespace}@${f.host} does not answer ARP by proxy`);
      iface.proxyArp = false;
      return;
    }
    case 'fip-route-missing': {
      const space = namespaceAt(dp, f.host, f.namespace);
      const i = space.routes.findIndex((r) => r.destination === f.destination && r.dev === f.dev && r.table === f.table);
      if (i < 0) throw new FaultError(`${f.namespace}@${f.host} has no route to ${f.destination} dev ${f.dev}${f.table !== undefined ? ` in table ${f.table}` : ''}`);
      space.routes.splice(i, 1);
      return;
    }
  }
}

export function describeDvrFault(f: DvrFault): string {
  switch (f.kind) {
    case 'dvr-flow-missing': return `dvr-flow-missing ${f.bridge}@${f.host} table=${f.table} ${Object.entries(f.match).map(([k, v]) => `${k}=${String(v)}`).join(',')}`;
    case 'dvr-neighbour-missing': return `dvr-neighbour-missing ${f.ip} dev ${f.dev} in ${f.namespace}@${f.host}`;
    case 'dvr-rule-table': return `dvr-rule-table priority ${f.priority} lookup ${f.from} → ${f.to} in ${f.namespace}@${f.host}`;
    case 'fip-proxy-arp-off': return `fip-proxy-arp-off ${f.iface} in ${f.namespace}@${f.host}`;
    case 'fip-route-missing': return `fip-route-missing ${f.destination} dev ${f.dev}${f.table !== undefined ? ` table ${f.table}` : ''} in ${f.namespace}@${f.host}`;
  }
}
