import { decisivePath } from '../assert/paths';
import { dataplaneOf } from '../trace/network-of-hop';
import type { Hop, Trace } from '../trace/types';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';

/**
 * Seed claim: one tunnel id per network. Every encapsulation carries the VNI of the network whose
 * local VLAN the frame was on, and every decapsulation lands on that network's local VLAN.
 */
export const tunnelIdMatchesNetwork = defineFlowInvariant(
  'tunnelIdMatchesNetwork',
  "every tunnelled frame carries its own network's segmentation id, and lands on that network's local VLAN",
  () => ({ appliesByRelation: true, applies: () => true, verdict: checkTunnels, splices: () => true }),
);

function checkTunnels(t: Trace): Verdict {
  const dp = dataplaneOf(t)!;
  const segOf = (netId: string | undefined) => dp.endpoints.networks.find((n) => n.id === netId);
  const path = decisivePath(t);
  for (let i = 0; i < path.length; i++) {
    const h: Hop = path[i];
    for (const s of h.steps) {
      if (s.t !== 'tunnel') continue;
      if (s.op === 'encap') {
        const net = segOf(dp.endpoints.localVlans[h.host]?.[h.inVlan]);
        if (!net) return { reason: `${h.host} ${h.device} tunnelled a frame from local VLAN ${h.inVlan}, which belongs to no network`, hop: h };
        if (net.segmentationId !== s.vni) return { reason: `${h.host} sent ${net.name} (VNI ${net.segmentationId}) as VNI ${s.vni}`, hop: h };
      } else {
        const landing = path[i + 1];
        const vlanStep = landing?.steps.find((x) => x.t === 'vlan' && x.op !== 'pop');
        // A VNI this host does not carry is dropped by br-tun (no push): nothing landed anywhere.
        if (!vlanStep || vlanStep.t !== 'vlan') continue;
        const vlan = vlanStep.vlan;
        const net = segOf(dp.endpoints.localVlans[h.host]?.[vlan]);
        if (landing && (!net || net.segmentationId !== s.vni)) {
          return { reason: `${h.host} put VNI ${s.vni} on local VLAN ${vlan} (${net ? `${net.name}, VNI ${net.segmentationId}` : 'no network'})`, hop: landing };
        }
      }
    }
  }
  return null;
}
