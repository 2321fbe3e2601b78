import { dataplaneOf } from '../trace/network-of-hop';
import type { Trace } from '../trace/types';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';
import type { Simulation } from '../simulation';
import { allPaths, brIntPortInto, brIntTag, frameVlan, portOfDevice } from './branch-paths';

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
  const dp = dataplaneOf(t) ?? sim.dataplane;
  const netName = (id: string | undefined) => sim.cloud.networks.find((n) => n.id === id)?.name ?? 'no network';
  for (const path of allPaths(t)) {
    for (let i = 0; i < path.length; i++) {
      const h = path[i];
      if (h.device !== 'br-int') continue;
      // A frame from an access port is on that port's tag, even when br-int never pushes it (a local delivery).
      const vlan = frameVlan(h) || brIntTag(dp, h.host, h.in) || 0;
      const vlanNet = dp.endpoints.localVlans[h.host]?.[vlan];
      const inPort = h.in && portOfDevice(sim.cloud, h.in);
      if (inPort && inPort.network_id !== vlanNet) {
        return { reason: `${h.in}@${h.host} (${netName(inPort.network_id)}) put a frame on local VLAN ${vlan} (${netName(vlanNet)})`, hop: h };
      }
      const next = path[i + 1];
      const out = next && next.host === h.host ? brIntPortInto(dp, next) : undefined;
      const outPort = out && portOfDevice(sim.cloud, out);
      if (outPort && outPort.network_id !== vlanNet) {
        return { reason: `a frame on local VLAN ${vlan} (${netName(vlanNet)}) left br-int@${h.host} through ${out} (${netName(outPort.network_id)})`, hop: next };
      }
    }
  }
  return null;
}
