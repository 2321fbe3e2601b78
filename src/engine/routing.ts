import type { RtIface, RtNamespace, RtRoute } from './runtime';

/**
 * The route the kernel picks: with policy rules, each matching rule's table in priority order
 * (a table without a match lets the lookup go on), else the main table. `iif` is the interface
 * the packet came in on, `lo` for one the namespace sends itself.
 */
export function lookupRoute(ns: RtNamespace, dst: number, src = 0, iif = 'lo'): RtRoute | undefined {
  if (!ns.rules.length) return longestMatch(ns.routes, dst);
  for (const rule of ns.rules) {
    if (rule.from && ((src & rule.from.mask) >>> 0) !== rule.from.network) continue;
    if (rule.iif !== null && rule.iif !== iif) continue;
    const hit = longestMatch(rule.table === null ? ns.routes : ns.tables.get(rule.table) ?? NO_ROUTES, dst);
    if (hit) return hit;
  }
  return undefined;
}

const NO_ROUTES: RtRoute[] = [];

function longestMatch(routes: readonly RtRoute[], dst: number): RtRoute | undefined {
  for (const r of routes) {
    if (((dst & r.mask) >>> 0) === r.network && r.dev && r.dev.data.up) return r;
  }
  return undefined;
}

/**
 * `proxy_arp` on `iface`: the kernel answers a who-has for `ip` there when it routes `ip` out of
 * another interface (the fip- namespace's fg- answering for floating IPs routed to fpr-).
 */
export function proxiesArpFor(ns: RtNamespace, iface: RtIface, ip: number): boolean {
  if (!iface.data.proxyArp) return false;
  const route = lookupRoute(ns, ip, 0, iface.data.name);
  return route !== undefined && route.dev !== iface;
}
