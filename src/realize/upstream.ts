import { stableMac } from '../model/ids';
import type { Interface } from '../dataplane/types';
import type { RealizeContext } from './context';
import { FABRIC, UPLINK, UPSTREAM } from '../dataplane/fabric';
import { addConnectedRoutes, emptyNamespace } from './plane-builder';

/**
 * The wire between the upstream router and the internet host, link-local so it cannot collide
 * with a subnet of the cloud; the host holds the probe address (options.internet_probe_ip) too.
 */
const LINK_UPSTREAM = '169.254.0.1';
const LINK_INTERNET = '169.254.0.2';
const LINK_PREFIX = 30;
/**
 * The physical router outside the cloud. It owns the gateway_ip of every flat/VLAN (provider)
 * subnet, as in the install guide where 203.0.113.1 is the provider network's router, and its
 * uplink leads out of the modelled world.
 */
export function realizeUpstream(ctx: RealizeContext): void {
  const ns = emptyNamespace(UPSTREAM, 'external', 'physical router');
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
    ctx.plane.link('wire', { host: FABRIC, device: UPSTREAM, port: name }, { host: FABRIC, device: physnet, port: `upstream-${name}` });
  }
  const toInternet: Interface = { name: 'inet0', mac: stableMac('upstream:inet0'), addresses: [`${LINK_UPSTREAM}/${LINK_PREFIX}`], up: true };
  ns.interfaces.push(toInternet);
  addConnectedRoutes(ns, toInternet);
  ns.routes.push({ destination: `${ctx.cloud.options.internet_probe_ip}/32`, via: LINK_INTERNET, dev: 'inet0', proto: 'static' });
  ns.interfaces.push({ name: UPLINK, mac: stableMac('upstream:uplink'), addresses: [], up: true, exit: true });
  ns.routes.push({ destination: 'default', dev: UPLINK, proto: 'static' });
  ctx.plane.add(FABRIC, ns);
  realizeInternetHost(ctx);
}

/**
 * A host on the internet, one wire beyond the upstream router: it answers echo requests and
 * listens on the configured TCP ports, so internet flows are judged round trip.
 */
function realizeInternetHost(ctx: RealizeContext): void {
  const host = emptyNamespace('internet', 'external', 'internet');
  host.guest = true;
  const eth0: Interface = {
    name: 'eth0', mac: stableMac('internet:eth0'), addresses: [`${LINK_INTERNET}/${LINK_PREFIX}`, `${ctx.cloud.options.internet_probe_ip}/32`], up: true,
  };
  host.interfaces.push(eth0);
  addConnectedRoutes(host, eth0);
  host.routes.push({ destination: 'default', via: LINK_UPSTREAM, dev: 'eth0', proto: 'static' });
  for (const port of ctx.cloud.options.internet_tcp_ports) {
    host.listeners.push({ process: 'server', proto: 'tcp', ip: '0.0.0.0', port, behaviour: { kind: 'accept' }, running: true });
  }
  ctx.plane.add(FABRIC, host);
  ctx.plane.link('wire', { host: FABRIC, device: 'upstream', port: 'inet0' }, { host: FABRIC, device: 'internet', port: 'eth0' });
}
