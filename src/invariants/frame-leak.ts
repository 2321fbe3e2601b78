import type { Dataplane } from '../dataplane/types';
import type { Simulation } from '../simulation';
import type { Hop } from '../trace/types';
import { brIntPortInto, brIntTag, frameVlan, portOfDevice } from './branch-paths';
import type { Verdict } from './types';

/**
 * The first place on `paths` where a frame crossed between networks at br-int: it entered through
 * a port of one network onto another network's local VLAN, or left that VLAN through a port of
 * another network. Null when every frame stayed on its network.
 */
export function frameLeak(sim: Simulation, dp: Dataplane, paths: Iterable<Hop[]>): Verdict {
  const netName = (id: string | undefined) => sim.cloud.networks.find((n) => n.id === id)?.name ?? 'no network';
  for (const path of paths) {
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
