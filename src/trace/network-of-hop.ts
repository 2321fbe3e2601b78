import type { Dataplane } from '../dataplane/types';
import type { Hop, Trace } from './types';

export function dataplaneOf(t: Trace): Dataplane | undefined {
  return (t as Trace & { dataplane?: Dataplane }).dataplane;
}

/**
 * The network a hop carried the packet on, read back from the data plane's own bookkeeping: a
 * bridge's local VLAN on that host, a tunnel's VNI, or the network a qdhcp namespace serves.
 */
export function networkOfHop(t: Trace, hop: Hop): string | undefined {
  const dp = dataplaneOf(t);
  if (!dp) return undefined;
  const byId = (id: string | undefined) => (id && Object.hasOwn(dp.endpoints.names, id) ? dp.endpoints.names[id] : undefined);
  // On a trunk bridge and in its guest a VLAN is the instance's (a subport's segmentation_id, 0
  // for the parent), read from the trunk's table, not the host's local VLANs.
  const trunk = dp.endpoints.trunkVlans?.filter((v) => v.host === hop.host && (v.bridge === hop.device || (hop.role === 'instance' && v.instance === hop.device)));
  if (trunk?.length) {
    const vid = hop.inVlan || hop.vlan;
    return byId(trunk.find((v) => v.vlan === vid)?.network);
  }
  if (hop.kind === 'ovs' || hop.kind === 'linux-bridge') {
    const tunnel = hop.steps.find((s) => s.t === 'tunnel');
    if (tunnel && tunnel.t === 'tunnel') {
      return dp.endpoints.networks.find((n) => n.type === tunnel.type && n.segmentationId === tunnel.vni)?.name;
    }
    let vlan = hop.inVlan || hop.vlan;
    for (const s of hop.steps) if (s.t === 'vlan' && s.op !== 'pop') vlan = s.vlan;
    return vlan ? byId(dp.endpoints.localVlans[hop.host]?.[vlan]) : undefined;
  }
  if (hop.role === 'qdhcp') return hop.owner;
  if (hop.role === 'instance') {
    const e = dp.endpoints.instances.find((i) => i.name === hop.device && i.host === hop.host);
    return byId(e?.network);
  }
  return undefined;
}
