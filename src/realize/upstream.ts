import { stableMac } from '../model/ids';
import type { Interface } from '../dataplane/types';
import type { RealizeContext } from './context';
import { FABRIC } from './hosts';
import { addConnectedRoutes, emptyNamespace } from './plane-builder';

/**
 * The physical router outside the cloud. It owns the gateway_ip of every flat/VLAN (provider)
 * subnet, as in the install guide where 203.0.113.1 is the provider network's router, and its
 * uplink leads out of the modelled world.
 */
export function realizeUpstream(ctx: RealizeContext): void {
  const ns = emptyNamespace('upstream', 'external', 'physical router');
  ns.ipForward = true;
  for (const net of ctx.cloud.networks) {
    const type = net['provider:network_type'];
    if (type !== 'flat' && type !== 'vlan') continue;
    const physnet = net['provider:physical_network']!;
    const addresses = ctx.cloud.subnets
      .filter((s) => s.network_id === net.id && s.gateway_ip)
      .map((s) => `${s.gateway_ip}/${s.cidr.split('/')[1]}`);
    if (!addresses.length || !ctx.plane.get(FABRIC, physnet)) continue;
    const name = type === 'vlan' ? `${physnet}.${net['provider:segmentation_id']}` : physnet;
    const i: Interface = { name, mac: stableMac(`upstream:${net.id}`), addresses, up: true };
    if (type === 'vlan') i.vlan = net['provider:segmentation_id']!;
    ns.interfaces.push(i);
    addConnectedRoutes(ns, i);
    const segment = ctx.plane.get(FABRIC, physnet);
    if (segment?.kind === 'linux-bridge') segment.ports.push(`upstream-${name}`);
    ctx.plane.link('wire', { host: FABRIC, device: 'upstream', port: name }, { host: FABRIC, device: physnet, port: `upstream-${name}` });
  }
  ns.interfaces.push({ name: 'uplink', mac: stableMac('upstream:uplink'), addresses: [], up: true, exit: true });
  ns.routes.push({ destination: 'default', dev: 'uplink', proto: 'static' });
  ctx.plane.add(FABRIC, ns);
}
