import { BRIDGE, METADATA_IP, NAMESPACE_PREFIX, PREFIX, deviceName } from '../dataplane/names';
import type { Namespace, Rule } from '../dataplane/types';
import type { FloatingIp, Port, Router } from '../model/types';
import { DVR_FIP_LL_CIDR, FIP_PR_START, FIP_RT_TBL } from '../model/normalize-dvr';
import { formatIp, parseCidr, parseIp } from '../net/ipv4';
import { stableMac } from '../model/ids';
import { isRouterInterfaceOwner } from '../model/queries';
import type { RealizeContext } from './context';
import { addressWithPrefix } from './context';
import { METADATA_PROXY_SOCKET, routerNetfilter } from './l3-agent';
import { plugIntoIntegrationBridge } from './ovs-agent';
import { addConnectedRoutes, emptyNamespace, iface } from './plane-builder';

const A = 'neutron-l3-agent';

/**
 * A distributed router, as the L3 agents in dvr and dvr_snat mode build it (dvr_local_router.py,
 * dvr_edge_router.py, dvr_fip_ns.py):
 * - on every host it is on, a `qrouter-` with the same `qr-` devices (gateway IPs and MACs),
 *   permanent ARP entries for every port of its subnets, and, with a gateway, a policy rule per
 *   subnet sending what the main table cannot route to that subnet's SNAT port;
 * - on the dvr_snat host, `snat-` with one `sg-` per subnet and the `qg-` doing SNAT;
 * - on each host with floating IPs of the router, an `rfp-`/`fpr-` pair to the host's
 *   `fip-<external network>` namespace, whose `fg-` answers ARP for the floating IPs.
 */
export function realizeDistributedRouter(ctx: RealizeContext, router: Router): void {
  for (const host of ctx.dvrHosts.get(router.id) ?? []) {
    if (!ctx.runs(host, 'l3')) continue;
    ctx.plane.add(host, localRouterNamespace(ctx, router, host));
  }
  if (router.gw_port_id && ctx.runs(router.host, 'l3') && ctx.hosts.get(router.host)?.agent_mode === 'dvr_snat') {
    ctx.plane.add(router.host, snatNamespace(ctx, router));
  }
}

/** The router's SNAT ports (`network:router_centralized_snat`), one per internal subnet. */
function snatPorts(ctx: RealizeContext, router: Router): Port[] {
  return ctx.cloud.ports.filter((p) => p.device_owner === 'network:router_centralized_snat' && p.device_id === router.id);
}

/** _get_snat_idx for IPv4: the numeric value of the address of the `ip/len` it is given. */
function snatIdx(ip: string): number {
  return parseIp(ip);
}

function plug(ctx: RealizeContext, host: string, ns: Namespace, dev: string, networkId: string): void {
  plugIntoIntegrationBridge(ctx, host, dev, 'internal', networkId);
  ctx.plane.link('internal', { host, device: BRIDGE.integration, port: dev }, { host, device: ns.name, port: dev });
}

function localRouterNamespace(ctx: RealizeContext, router: Router, host: string): Namespace {
  const ns = emptyNamespace(`${NAMESPACE_PREFIX.router}${router.id}`, 'qrouter', router.name);
  ns.ipForward = true;
  ns.rules = [];
  ns.neighbours = [];
  const sg = snatPorts(ctx, router);
  for (const portId of router.interfaces) {
    const port = ctx.ports.get(portId)!;
    const dev = deviceName(PREFIX.routerInternal, port.id);
    const i = iface(dev, port.mac_address, addressWithPrefix(ctx, port));
    ns.interfaces.push(i);
    addConnectedRoutes(ns, i);
    plug(ctx, host, ns, dev, port.network_id);
    for (const f of port.fixed_ips) {
      // _set_subnet_arp_info: every port of the subnet but router interfaces, SNAT ports included.
      for (const other of ctx.portsByNetwork.get(port.network_id) ?? []) {
        if (isRouterInterfaceOwner(other.device_owner)) continue;
        for (const o of other.fixed_ips) if (o.subnet_id === f.subnet_id) ns.neighbours.push({ ip: o.ip_address, mac: other.mac_address, dev });
      }
      // _snat_redirect_add: `ip rule from <gw ip>/<len> lookup <idx>`, whose default route is the subnet's sg- port.
      const snat = sg.find((p) => p.fixed_ips.some((x) => x.subnet_id === f.subnet_id));
      if (!snat) continue;
      const idx = snatIdx(f.ip_address);
      ns.rules.push({ priority: idx, from: `${f.ip_address}/${ctx.prefixLen(f.subnet_id)}`, table: idx });
      ns.routes.push({ destination: 'default', via: snat.fixed_ips[0].ip_address, dev, proto: 'static', table: idx });
    }
  }
  for (const r of router.routes) {
    const dev = ns.routes.find((rt) => rt.proto === 'kernel' && parseCidrHolds(rt.destination, r.nexthop))?.dev;
    if (dev) ns.routes.push({ destination: r.destination, via: r.nexthop, dev, proto: 'static' });
  }
  ns.netfilter = routerNetfilter(ctx, undefined, undefined, false, []);
  const fips = ctx.cloud.floatingips.filter((f) => f.router_id === router.id && ctx.ports.get(f.port_id)?.['binding:host_id'] === host);
  if (fips.length) connectToFipNamespace(ctx, router, host, ns, fips);
  // ha.py _update_metadata_proxy: a distributed router runs the proxy in every qrouter.
  ns.listeners.push({
    process: 'haproxy', proto: 'tcp', ip: '0.0.0.0', port: ctx.cloud.options.metadata_port,
    behaviour: { kind: 'relay', to: { unix: METADATA_PROXY_SOCKET } }, running: true,
  });
  return ns;
}

function parseCidrHolds(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  return ((parseIp(ip) & c.mask) >>> 0) === c.network;
}

/**
 * The floating IP path (dvr_local_router.floating_ip_added_dist, dvr_fip_ns.create_rtr_2_fip_link):
 * a /31 of DVR_FIP_LL_CIDR on the rfp-/fpr- veth, permanent ARP both ways, `ip rule from <fixed>
 * lookup 16` whose default route is fpr-, DNAT of the floating IP coming in by rfp-, SNAT to it going
 * out; in fip-, a /32 route to each floating IP via rfp- and, for what comes from fpr-, a table
 * whose default route is the external gateway. The floating IP is on no interface.
 */
function connectToFipNamespace(ctx: RealizeContext, router: Router, host: string, ns: Namespace, fips: FloatingIp[]): void {
  const fipNs = fipNamespace(ctx, host, fips[0].floating_network_id);
  if (!fipNs) return;
  const pair = linkLocalPair(ctx, host, router);
  const rfp = deviceName(PREFIX.routerToFip, router.id);
  const fpr = deviceName(PREFIX.fipToRouter, router.id);
  const rfpIf = iface(rfp, vethMac(`rfp:${host}:${router.id}`), [`${pair.rtr}/31`]);
  const fprIf = iface(fpr, vethMac(`fpr:${host}:${router.id}`), [`${pair.fip}/31`]);
  ns.interfaces.push(rfpIf);
  addConnectedRoutes(ns, rfpIf);
  fipNs.interfaces.push(fprIf);
  addConnectedRoutes(fipNs, fprIf);
  ctx.plane.link('veth', { host, device: ns.name, port: rfp }, { host, device: fipNs.name, port: fpr });
  ns.neighbours!.push({ ip: pair.fip, mac: fprIf.mac, dev: rfp });
  fipNs.neighbours!.push({ ip: pair.rtr, mac: rfpIf.mac, dev: fpr });
  ns.routes.push({ destination: 'default', via: pair.fip, dev: rfp, proto: 'static', table: FIP_RT_TBL });
  const fg = fipNs.interfaces.find((i) => i.name.startsWith(PREFIX.fipGateway))!;
  const gw = fipGatewayIp(ctx, host, fips[0].floating_network_id);
  const tbl = snatIdx(pair.fip);
  fipNs.rules!.push({ priority: tbl, iif: fpr, table: tbl });
  if (gw) fipNs.routes.push({ destination: 'default', via: gw, dev: fg.name, proto: 'static', table: tbl });
  const nat = ns.netfilter.tables.nat!;
  fips.forEach((f, k) => {
    ns.rules!.push({ priority: FIP_PR_START + k, from: f.fixed_ip_address, table: FIP_RT_TBL });
    fipNs.routes.push({ destination: `${f.floating_ip_address}/32`, via: pair.rtr, dev: fpr, proto: 'static' });
    nat[`${A}-PREROUTING`].push({
      match: { dst: `${f.floating_ip_address}/32`, inIface: rfp }, target: { type: 'DNAT', toDestination: f.fixed_ip_address }, comment: `floating IP ${f.floating_ip_address}`,
    });
    nat[`${A}-float-snat`].push({
      match: { src: `${f.fixed_ip_address}/32` }, target: { type: 'SNAT', toSource: f.floating_ip_address }, comment: `SNAT to floating IP ${f.floating_ip_address}`,
    });
  });
  // _prevent_snat_for_internal_traffic_rule(rfp-): only what leaves by rfp- is translated.
  nat[`${A}-POSTROUTING`].push({ match: { notInIface: rfp, notOutIface: rfp, notCtDnat: true }, target: { type: 'ACCEPT' }, comment: 'no NAT east-west' });
}

/** The host's fip-<network> namespace with its fg- port, made once per host and network. */
function fipNamespace(ctx: RealizeContext, host: string, networkId: string): Namespace | undefined {
  const name = `${NAMESPACE_PREFIX.fip}${networkId}`;
  const existing = ctx.plane.get(host, name);
  if (existing?.kind === 'namespace') return existing;
  const port = fipGatewayPort(ctx, host, networkId);
  if (!port) return undefined;
  const ns = emptyNamespace(name, 'fip', ctx.networks.get(networkId)?.name);
  ns.ipForward = true;
  ns.rules = [];
  ns.neighbours = [];
  const dev = deviceName(PREFIX.fipGateway, port.id);
  const fg = iface(dev, port.mac_address, addressWithPrefix(ctx, port));
  // dvr_fip_ns._gateway_added: proxy_arp on fg- answers for the floating IPs routed to fpr-.
  fg.proxyArp = true;
  ns.interfaces.push(fg);
  addConnectedRoutes(ns, fg);
  plug(ctx, host, ns, dev, networkId);
  // "no connection tracking needed in fip namespace"
  const notrack: Rule = { match: {}, target: { type: 'NOTRACK' } };
  ns.netfilter = { tables: { raw: { PREROUTING: [notrack] } } };
  ctx.plane.add(host, ns);
  return ns;
}

function fipGatewayPort(ctx: RealizeContext, host: string, networkId: string): Port | undefined {
  return ctx.cloud.ports.find((p) => p.device_owner === 'network:floatingip_agent_gateway' && p['binding:host_id'] === host && p.network_id === networkId);
}

function fipGatewayIp(ctx: RealizeContext, host: string, networkId: string): string | null | undefined {
  const f = fipGatewayPort(ctx, host, networkId)?.fixed_ips[0];
  return f && ctx.subnets.get(f.subnet_id)?.gateway_ip;
}

/** LinkLocalAllocator: one /31 of DVR_FIP_LL_CIDR per router on a host, rtr_2_fip the first address. */
function linkLocalPair(ctx: RealizeContext, host: string, router: Router): { rtr: string; fip: string } {
  const withFips = ctx.cloud.routers.filter((r) => r.distributed && ctx.cloud.floatingips.some((f) => f.router_id === r.id && ctx.ports.get(f.port_id)?.['binding:host_id'] === host));
  const base = parseCidr(DVR_FIP_LL_CIDR).network + 2 * Math.max(0, withFips.indexOf(router));
  return { rtr: formatIp(base), fip: formatIp(base + 1) };
}

function vethMac(seed: string): string {
  return stableMac(seed);
}

/**
 * The snat-<router> namespace on the dvr_snat host: an `sg-` per internal subnet holding its SNAT
 * port's address, and the `qg-` with the gateway address, default route and the same SNAT rules a
 * legacy router's qrouter has (dvr_edge_router._handle_router_snat_rules).
 */
function snatNamespace(ctx: RealizeContext, router: Router): Namespace {
  const host = router.host;
  const ns = emptyNamespace(`${NAMESPACE_PREFIX.snat}${router.id}`, 'snat', router.name);
  ns.ipForward = true;
  for (const port of snatPorts(ctx, router)) {
    const dev = deviceName(PREFIX.snatInternal, port.id);
    const i = iface(dev, port.mac_address, addressWithPrefix(ctx, port));
    ns.interfaces.push(i);
    addConnectedRoutes(ns, i);
    plug(ctx, host, ns, dev, port.network_id);
  }
  const gwPort = ctx.ports.get(router.gw_port_id!)!;
  const qg = deviceName(PREFIX.routerGateway, gwPort.id);
  const i = iface(qg, gwPort.mac_address, addressWithPrefix(ctx, gwPort));
  ns.interfaces.push(i);
  addConnectedRoutes(ns, i);
  plug(ctx, host, ns, qg, gwPort.network_id);
  const ext = gwPort.fixed_ips[0] && ctx.subnets.get(gwPort.fixed_ips[0].subnet_id);
  if (ext?.gateway_ip) ns.routes.push({ destination: 'default', via: ext.gateway_ip, dev: qg, proto: 'static' });
  const nf = routerNetfilter(ctx, qg, gwPort.fixed_ips[0]?.ip_address, router.external_gateway_info?.enable_snat ?? false, []);
  // The snat namespace has its own iptables manager: no metadata rules (those are the qrouter's).
  const mangle = nf.tables.mangle!;
  mangle[`${A}-PREROUTING`] = mangle[`${A}-PREROUTING`].filter((r) => r.match.dst !== `${METADATA_IP}/32`);
  nf.tables.nat![`${A}-PREROUTING`] = [];
  nf.tables.filter![`${A}-INPUT`] = [];
  ns.netfilter = nf;
  return ns;
}
