import type { Simulation } from '../simulation';
import type { Router } from '../model/types';
import { routersBySubnet, routersOfSubnet } from '../model/queries';
import { instancesOf, shareANetwork, type InstanceInfo } from './flows';

/**
 * The router joining two subnets, from an index of which routers have an interface on each
 * subnet, built once per simulation: it is asked for every pair of instances.
 */
export function routerBetween(sim: Simulation): (a: string, b: string) => Router | undefined {
  const routersOf = routersBySubnet(sim.cloud);
  // Nested maps, not a joined string key: this runs for every pair of classes a check judges.
  const memo = new Map<string, Map<string, Router | null>>();
  return (a, b) => {
    let fromA = memo.get(a);
    if (!fromA) memo.set(a, (fromA = new Map()));
    let r = fromA.get(b);
    if (r === undefined) {
      const ra = routersOf(a);
      fromA.set(b, (r = routersOf(b).find((x) => ra.includes(x)) ?? null));
    }
    return r ?? undefined;
  };
}

/** Where traffic through the router goes: the internet through its gateway, else an instance on another network behind it. */
export function destinationBehind(sim: Simulation, router: Router, from: InstanceInfo): string | undefined {
  if (router.gw_port_id) return 'internet';
  // Neither may hold a device on the other's network (a trunk subport): they would talk on-link.
  return instancesOf(sim).find((i) => !shareANetwork(i, from) && routersOfSubnet(sim.cloud, i.subnet).includes(router))?.instance.name;
}

/**
 * Where a router's internet traffic from an instance port leaves it: the `qg-` of its qrouter; on a
 * distributed router the `qg-` of its snat namespace, or for a port with a floating IP on it the
 * `rfp-` of the qrouter on the instance's host (where the floating IP's SNAT is).
 */
export function internetExitOf(sim: Simulation, router: Router, portId: string): { ns: string; dev: string } {
  const qg = `qg-${router.gw_port_id ?? ''}`.slice(0, 14);
  if (!router.distributed) return { ns: `qrouter-${router.id}`, dev: qg };
  const fip = sim.cloud.floatingips.some((f) => f.port_id === portId && f.router_id === router.id);
  return fip ? { ns: `qrouter-${router.id}`, dev: `rfp-${router.id}`.slice(0, 14) } : { ns: `snat-${router.id}`, dev: qg };
}
