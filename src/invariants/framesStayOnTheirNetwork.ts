import { dataplaneOf } from '../trace/network-of-hop';
import type { Trace } from '../trace/types';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';
import type { Simulation } from '../simulation';
import { allPaths } from './branch-paths';
import { frameLeak } from './frame-leak';

/**
 * Proposed: on every path of every flow (flood copies too), a frame enters and leaves br-int
 * through a port of the network its local VLAN belongs to: no copy of one network's traffic
 * reaches another network's port, and no port injects into another network's VLAN.
 */
export const framesStayOnTheirNetwork = defineFlowInvariant(
  'framesStayOnTheirNetwork',
  "every frame enters and leaves br-int through ports of the network its local VLAN belongs to (flood copies included)",
  (sim) => ({ appliesByRelation: true, applies: () => true, verdict: (t) => check(sim, t), splices: () => true }),
);

function check(sim: Simulation, t: Trace): Verdict {
  return frameLeak(sim, dataplaneOf(t) ?? sim.dataplane, allPaths(t));
}
