import type { Namespace, Route } from '../dataplane/types';
import { compareKeyed, type DriftSink, type Fields } from './compare';

/**
 * A namespace's routes by destination and table (next hop and device compared; `proto` is how
 * the route was added, not where it sends), and its permanent neighbour entries by address and
 * device. In the root namespace, routes on devices realize does not give the node are the
 * node's own and not compared.
 */
export function compareRoutes(sink: DriftSink, node: string, e: Namespace, a: Namespace, neighbours = true): void {
  const keyed = (routes: readonly Route[]) => {
    const out = new Map<string, Fields>();
    for (const r of routes) {
      const base = `${r.destination}${r.table !== undefined ? ` table ${r.table}` : ''}`;
      let key = base;
      for (let n = 2; out.has(key); n++) key = `${base} (#${n})`;
      out.set(key, { via: r.via, dev: r.dev });
    }
    return out;
  };
  let actual = a.routes;
  if (e.name === 'root') {
    // The root namespace's other devices, and the kernel's routes on them, are the node's own.
    const devs = new Set(a.interfaces.filter((i) => i.addresses.some((x) => e.interfaces.some((j) => j.addresses.includes(x)))).map((i) => i.name));
    actual = a.routes.filter((r) => devs.has(r.dev) || e.routes.some((x) => x.destination === r.destination && (x.table ?? 254) === (r.table ?? 254)));
    if (a.routes.length > actual.length) sink.skip(node, 'root namespace routes on the node\'s other devices', a.routes.length - actual.length);
  }
  const eRoutes = keyed(e.routes), aRoutes = keyed(actual);
  if (e.name === 'root') {
    // Realize names the NICs eth0, eth1: a route on a NIC matched by address is compared by that NIC.
    const rename = new Map<string, string>();
    for (const i of a.interfaces) {
      const model = e.interfaces.find((j) => j.addresses.some((x) => i.addresses.includes(x)));
      if (model && model.name !== i.name) rename.set(i.name, model.name);
    }
    for (const f of aRoutes.values()) if (f.dev && rename.has(f.dev)) f.dev = rename.get(f.dev);
  }
  compareKeyed(sink, { node, kind: 'route', where: e.name }, eRoutes, aRoutes);
  if (!neighbours) { sink.skip(node, `${e.name}: neighbours (ip neigh not captured)`); return; }
  const neigh = (ns: Namespace) => new Map((ns.neighbours ?? []).map((n) => [`${n.ip} dev ${n.dev}`, { lladdr: n.mac }] as [string, Fields]));
  compareKeyed(sink, { node, kind: 'neighbour', where: e.name }, neigh(e), neigh(a));
}
