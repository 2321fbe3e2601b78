import { METADATA_IP, METADATA_MARK, NAMESPACE_PREFIX, PREFIX, BRIDGE, VRRP_GROUP, deviceName } from '../dataplane/names';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4';
import type { Namespace, Rule } from '../dataplane/types';
import type { FloatingIp, HaAgentBinding, Port, Router } from '../model/types';
import { primaryVip } from '../model/normalize-ha';
import type { RealizeContext } from './context';
import { addressWithPrefix } from './context';
import { plugIntoIntegrationBridge } from './ovs-agent';
import { addConnectedRoutes, emptyNamespace, iface } from './plane-builder';
import { realizeDistributedRouter } from './dvr-l3-agent';

/** `$state_path/metadata_proxy`: the metadata agent's UNIX socket that haproxy relays to. */
export const METADATA_PROXY_SOCKET = '/var/lib/neutron/metadata_proxy';

/**
 * The legacy L3 agent (router_info.py): a `qrouter-<id>` namespace on the router's host with one
 * `qr-` per attached IPv4 subnet holding its gateway IP, one `qg-` on the external network, the
 * default route via the external subnet's gateway, SNAT, and the metadata REDIRECT 80 → 9697 with
 * haproxy listening on 9697. An HA router (ha_router.py) gets that namespace on each of its L3
 * agents, plus an `ha-` device and keepalived; only the active agent's holds the addresses.
 * A distributed router is realized by dvr-l3-agent.ts.
 */
export function realizeRouters(ctx: RealizeContext): void {
  for (const router of ctx.cloud.routers) {
    if (!router.admin_state_up) continue;
    if (router.distributed) {
      realizeDistributedRouter(ctx, router);
      continue;
    }
    if (router.ha) {
      // l3_hamode_db schedules an HA router, and so creates its namespaces, when it is created.
      for (const agent of router.l3_agents) {
        if (ctx.runs(agent.host, 'l3')) ctx.plane.add(agent.host, routerNamespace(ctx, router, agent.host, agent));
      }
      continue;
    }
    // l3_db.create_router schedules (and so creates the namespace) only with a gateway; adding an
    // interface schedules too. A router with neither has no namespace.
    if (!router.gw_port_id && !router.interfaces.length) continue;
    if (!ctx.runs(router.host, 'l3')) continue;
    ctx.plane.add(router.host, routerNamespace(ctx, router, router.host));
  }
}

/**
 * One router's namespace on one host. On an HA router every agent plugs the same qr-/qg- ports
 * (same MACs), but their addresses, the routes that come with them, the default route and the
 * extra routes are keepalived's VIPs and virtual routes: only the instance that won VRRP holds them
 * (`ha_router._plug_ha_router_port`, `_add_vips`, `_add_default_gw_virtual_route`). The devices
 * stay up on the backups, without addresses. iptables rules are the same everywhere.
 */
function routerNamespace(ctx: RealizeContext, router: Router, host: string, agent?: HaAgentBinding): Namespace {
  const name = `${NAMESPACE_PREFIX.router}${router.id}`;
  const ns = emptyNamespace(name, 'qrouter', router.name);
  ns.ipForward = true;
  const holdsAddresses = !agent || agent.ha_state === 'active';
  const addresses = (port: Port) => (holdsAddresses ? addressWithPrefix(ctx, port) : []);
  for (const portId of router.interfaces) {
    const port = ctx.ports.get(portId)!;
    const dev = deviceName(PREFIX.routerInternal, port.id);
    const i = iface(dev, port.mac_address, addresses(port));
    ns.interfaces.push(i);
    addConnectedRoutes(ns, i);
    plugIntoIntegrationBridge(ctx, host, dev, 'internal', port.network_id);
    ctx.plane.link('internal', { host, device: BRIDGE.integration, port: dev }, { host, device: name, port: dev });
  }
  let qg: string | undefined;
  let gwIp: string | undefined;
  if (router.gw_port_id) {
    const port = ctx.ports.get(router.gw_port_id)!;
    qg = deviceName(PREFIX.routerGateway, port.id);
    const i = iface(qg, port.mac_address, addresses(port));
    ns.interfaces.push(i);
    addConnectedRoutes(ns, i);
    plugIntoIntegrationBridge(ctx, host, qg, 'internal', port.network_id);
    ctx.plane.link('internal', { host, device: BRIDGE.integration, port: qg }, { host, device: name, port: qg });
    gwIp = port.fixed_ips[0]?.ip_address;
    // The legacy agent puts each floating IP on qg- as a /32 (no connected route), so qg- answers
    // ARP for it; on an HA router it is a keepalived VIP like the others.
    if (holdsAddresses) for (const f of floatingIpsOf(ctx, router)) i.addresses.push(`${f.floating_ip_address}/32`);
    const extSubnet = port.fixed_ips[0] && ctx.subnets.get(port.fixed_ips[0].subnet_id);
    if (extSubnet?.gateway_ip && holdsAddresses) ns.routes.push({ destination: 'default', via: extSubnet.gateway_ip, dev: qg, proto: agent ? 'keepalived' : 'static' });
  }
  for (const r of router.routes) {
    const dev = ns.routes.find((rt) => rt.proto === 'kernel' && sameSubnet(rt.destination, r.nexthop))?.dev;
    if (dev) ns.routes.push({ destination: r.destination, via: r.nexthop, dev, proto: agent ? 'keepalived' : 'static' });
  }
  if (agent) addHaInterface(ctx, ns, router, host, agent);
  ns.netfilter = routerNetfilter(ctx, qg, gwIp, router.external_gateway_info?.enable_snat ?? false, qg ? floatingIpsOf(ctx, router) : []);
  // ha.py _update_metadata_proxy: an HA router's proxy runs on the primary only.
  if (holdsAddresses) {
    ns.listeners.push({
      process: 'haproxy', proto: 'tcp', ip: '0.0.0.0', port: ctx.cloud.options.metadata_port,
      behaviour: { kind: 'relay', to: { unix: METADATA_PROXY_SOCKET } }, running: true,
    });
  }
  return ns;
}

/**
 * The `ha-` device on the HA network with the agent's HA port address (init_l3, on every agent),
 * plus keepalived's primary VIP 169.254.0.<vrid>/24 where it is primary; and keepalived itself,
 * sending and hearing VRRP advertisements on it (multicast: no unicast peers are configured).
 */
function addHaInterface(ctx: RealizeContext, ns: Namespace, router: Router, host: string, agent: HaAgentBinding): void {
  const port = ctx.ports.get(agent.ha_port_id)!;
  const dev = deviceName(PREFIX.haRouter, port.id);
  const vrid = router.ha_vr_id!;
  const primary = agent.ha_state === 'active';
  const i = iface(dev, port.mac_address, [...addressWithPrefix(ctx, port), ...(primary ? [primaryVip(vrid)] : [])]);
  ns.interfaces.push(i);
  addConnectedRoutes(ns, i);
  plugIntoIntegrationBridge(ctx, host, dev, 'internal', port.network_id);
  ctx.plane.link('internal', { host, device: BRIDGE.integration, port: dev }, { host, device: ns.name, port: dev });
  ns.listeners.push({
    process: 'keepalived', proto: 'vrrp', ip: VRRP_GROUP, iface: dev, packetSocket: true, running: true,
    behaviour: { kind: 'vrrp', vrid, priority: HA_DEFAULT_PRIORITY, state: primary ? 'MASTER' : 'BACKUP' },
  });
}

/** keepalived.HA_DEFAULT_PRIORITY: every instance the same, with nopreempt. */
export const HA_DEFAULT_PRIORITY = 50;

function floatingIpsOf(ctx: RealizeContext, router: Router): FloatingIp[] {
  return ctx.cloud.floatingips.filter((f) => f.router_id === router.id);
}

/** `external_ingress_mark` (l3 agent option, default 0x2) under ROUTER_MARK_MASK: set on packets entering through qg-. */
export const EXTERNAL_INGRESS_MARK = { value: 0x2, mask: 0xffff } as const;

export function routerNetfilter(
  ctx: RealizeContext, qg: string | undefined, gwIp: string | undefined, snat: boolean, fips: readonly FloatingIp[],
): Namespace['netfilter'] {
  const A = 'neutron-l3-agent';
  const port = ctx.cloud.options.metadata_port;
  const jump = (chain: string) => ({ type: 'jump', chain }) as const;
  const metadata: Rule['match'] = { dst: `${METADATA_IP}/32`, inIface: `${PREFIX.routerInternal}+`, proto: 'tcp', dport: 80 };
  const nat: Record<string, Rule[]> = {
    PREROUTING: [{ match: {}, target: jump(`${A}-PREROUTING`) }],
    POSTROUTING: [{ match: {}, target: jump(`${A}-POSTROUTING`) }, { match: {}, target: jump('neutron-postrouting-bottom') }],
    OUTPUT: [{ match: {}, target: jump(`${A}-OUTPUT`) }],
    [`${A}-PREROUTING`]: [{ match: metadata, target: { type: 'REDIRECT', toPort: port }, comment: 'metadata redirect' }],
    [`${A}-OUTPUT`]: [],
    [`${A}-POSTROUTING`]: [],
    [`${A}-snat`]: [{ match: {}, target: jump(`${A}-float-snat`) }],
    [`${A}-float-snat`]: [],
    'neutron-postrouting-bottom': [{ match: {}, target: jump(`${A}-snat`), comment: 'Perform source NAT on outgoing traffic.' }],
  };
  const mark: Rule[] = [];
  if (qg && gwIp) {
    nat[`${A}-POSTROUTING`].push({ match: { notOutIface: qg, notCtDnat: true }, target: { type: 'ACCEPT' }, comment: 'no NAT east-west' });
    if (snat) nat[`${A}-snat`].push({ match: { outIface: qg }, target: { type: 'SNAT', toSource: gwIp }, comment: 'SNAT to the gateway IP' });
    // An instance reaching a floating IP of this router from inside: its answer must come back
    // through the router to undo the DNAT, so the source becomes the gateway IP (hairpin).
    nat[`${A}-snat`].push({
      match: { notMark: { ...EXTERNAL_INGRESS_MARK }, ctDnat: true }, target: { type: 'SNAT', toSource: gwIp }, comment: 'hairpin SNAT to the gateway IP',
    });
    mark.push({ match: { inIface: qg }, target: { type: 'MARK', ...EXTERNAL_INGRESS_MARK }, comment: 'external ingress mark' });
  }
  // floating_forward_rules: DNAT in (from outside and from the router itself), SNAT to the FIP out.
  for (const f of fips) {
    const dnat: Rule = { match: { dst: `${f.floating_ip_address}/32` }, target: { type: 'DNAT', toDestination: f.fixed_ip_address }, comment: `floating IP ${f.floating_ip_address}` };
    nat[`${A}-PREROUTING`].push(dnat);
    nat[`${A}-OUTPUT`].push({ ...dnat, match: { ...dnat.match } });
    nat[`${A}-float-snat`].push({
      match: { src: `${f.fixed_ip_address}/32` }, target: { type: 'SNAT', toSource: f.floating_ip_address }, comment: `SNAT to floating IP ${f.floating_ip_address}`,
    });
  }
  return {
    tables: {
      mangle: {
        PREROUTING: [{ match: {}, target: jump(`${A}-PREROUTING`) }],
        [`${A}-PREROUTING`]: [{ match: {}, target: jump(`${A}-mark`) }, { match: metadata, target: { type: 'MARK', ...METADATA_MARK } }],
        [`${A}-mark`]: mark,
      },
      nat,
      filter: {
        INPUT: [{ match: {}, target: jump(`${A}-INPUT`) }],
        FORWARD: [],
        OUTPUT: [],
        [`${A}-INPUT`]: [
          { match: { mark: { ...METADATA_MARK } }, target: { type: 'ACCEPT' }, comment: 'metadata requests marked in mangle' },
          { match: { proto: 'tcp', dport: port }, target: { type: 'DROP' }, comment: 'the proxy port is not reachable directly' },
        ],
      },
    },
  };
}

function sameSubnet(cidr: string, ip: string): boolean {
  return cidrContains(parseCidr(cidr), parseIp(ip));
}
