import type { Dataplane, Namespace } from '../dataplane/types';
import { VRRP_GROUP, VRRP_GROUP_MAC } from '../dataplane/names';
import { walkTrace } from '../engine';
import { ipPacket } from '../engine/packet';
import { parseIp } from '../net/ipv4';
import type { FlowSpec, Trace } from '../trace/types';
import { FlowError } from './index';

/**
 * The VRRP advertisement keepalived sends for an HA router from one host: out of its `ha-` device
 * from the HA port's address to 224.0.0.18 (no unicast peers are configured), in a frame to the
 * group's multicast MAC. Where it goes is up to the data plane: br-int floods it on the HA
 * network's local VLAN and br-tun to the other hosts of that network.
 */
export function traceVrrpAdvertisement(dp: Dataplane, router: string, host: string): Trace {
  const id = Object.entries(dp.endpoints.names).find(([k, name]) => name === router || k === router)?.[0] ?? router;
  const nsName = `qrouter-${id}`;
  const plane = dp.hosts.find((h) => h.name === host);
  const ns = plane?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === nsName);
  if (!ns) throw new FlowError(`router ${router} has no qrouter namespace on ${host}`);
  const keepalived = ns.listeners.find((l) => l.process === 'keepalived' && l.behaviour.kind === 'vrrp');
  const ha = keepalived && ns.interfaces.find((i) => i.name === keepalived.iface);
  if (!keepalived || keepalived.behaviour.kind !== 'vrrp' || !ha) throw new FlowError(`router ${router} on ${host} runs no keepalived: it is not an HA router`);
  const src = ha.addresses[0]?.split('/')[0] ?? '0.0.0.0';
  const { vrid, priority } = keepalived.behaviour;
  const flow: FlowSpec = { from: `keepalived(${router})@${host}`, to: VRRP_GROUP, kind: 'vrrp', proto: 'vrrp', src, dst: VRRP_GROUP };
  return walkTrace(dp, flow, {
    kind: 'raw', host, namespace: nsName, iface: ha.name,
    pkt: ipPacket({ ethSrc: ha.mac, ethDst: VRRP_GROUP_MAC, src: parseIp(src), dst: parseIp(VRRP_GROUP), proto: 'vrrp', app: { kind: 'vrrp', vrid, priority } }),
  });
}
