import { decisivePath } from '../assert/paths';
import { dataplaneOf } from '../trace/network-of-hop';
import type { Trace } from '../trace/types';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';

/**
 * Internal VLAN tags exist only inside a host: no frame enters a tunnel still tagged, and the only
 * tags on the physical wire are provider VLAN ids (neutron-facts §11.8).
 */
export const localVlanStaysInsideHost = defineFlowInvariant(
  'localVlanStaysInsideHost',
  'local VLAN tags never leave a host: tunnels carry untagged frames and the wire only provider VLAN ids',
  () => ({ appliesByRelation: true, applies: () => true, verdict: checkTags, splices: () => true }),
);

function checkTags(t: Trace): Verdict {
  const dp = dataplaneOf(t)!;
  const providerVlans = new Set(dp.endpoints.networks.filter((n) => n.type === 'vlan').map((n) => n.segmentationId));
  for (const h of decisivePath(t)) {
    for (const s of h.steps) {
      if (s.t === 'tunnel' && s.op === 'encap' && s.innerVlan) {
        return { reason: `${h.host} ${h.device} encapsulated a frame still tagged with local VLAN ${s.innerVlan}`, hop: h };
      }
    }
    if (h.host === 'fabric' && h.inVlan && !providerVlans.has(h.inVlan)) {
      return { reason: `a frame tagged ${h.inVlan} (not a provider VLAN) reached the physical network ${h.device}`, hop: h };
    }
  }
  return null;
}
