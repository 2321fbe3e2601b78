import type { Simulation } from '../simulation';
import type { Router } from '../model/types';

/**
 * The router joining two subnets, from an index of which routers have an interface on each
 * subnet, built once per simulation: it is asked for every pair of instances.
 */
export function routerBetween(sim: Simulation): (a: string, b: string) => Router | undefined {
  const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
  const bySubnet = new Map<string, Router[]>();
  for (const r of sim.cloud.routers) {
    if (!r.admin_state_up) continue;
    for (const pid of r.interfaces) {
      for (const f of ports.get(pid)?.fixed_ips ?? []) {
        const list = bySubnet.get(f.subnet_id) ?? [];
        if (!list.includes(r)) list.push(r);
        bySubnet.set(f.subnet_id, list);
      }
    }
  }
  // Nested maps, not a joined string key: this runs for every pair of classes a check judges.
  const memo = new Map<string, Map<string, Router | null>>();
  return (a, b) => {
    let fromA = memo.get(a);
    if (!fromA) memo.set(a, (fromA = new Map()));
    let r = fromA.get(b);
    if (r === undefined) {
      const ra = bySubnet.get(a) ?? [];
      fromA.set(b, (r = (bySubnet.get(b) ?? []).find((x) => ra.includes(x)) ?? null));
    }
    return r ?? undefined;
  };
}
