import { BRIDGE, DHCP_SERVER_PORT, METADATA_IP, NAMESPACE_PREFIX, PREFIX, deviceName } from '../dataplane/names';
import type { DhcpHost, DhcpOption, DhcpRange, Namespace } from '../dataplane/types';
import type { Port } from '../model/types';
import type { RealizeContext } from './context';
import { addressWithPrefix } from './context';
import { subnetDhcpOptions, subnetTag } from './dhcp-options';
import { METADATA_PROXY_SOCKET } from './l3-agent';
import { plugIntoIntegrationBridge } from './ovs-agent';
import { addConnectedRoutes, emptyNamespace, iface } from './plane-builder';

/**
 * The DHCP agent (agent/linux/dhcp.py): for every admin-up network with a DHCP-enabled subnet,
 * `qdhcp-<network_id>` with the DHCP port's tap on br-int and dnsmasq in static mode, whose hosts
 * file lists the network's ports (an unknown MAC gets no lease). When metadata is forced or a
 * subnet is isolated, haproxy listens on 169.254.169.254:80 in the namespace too.
 */
export function realizeDhcp(ctx: RealizeContext): void {
  for (const port of ctx.cloud.ports) {
    if (port.device_owner !== 'network:dhcp' || !ctx.runs(port['binding:host_id'], 'dhcp')) continue;
    const net = ctx.networks.get(port.network_id)!;
    if (!net.admin_state_up) continue;
    ctx.plane.add(port['binding:host_id'], dhcpNamespace(ctx, port));
  }
}

function dhcpNamespace(ctx: RealizeContext, port: Port): Namespace {
  const host = port['binding:host_id'];
  const name = `${NAMESPACE_PREFIX.dhcp}${port.network_id}`;
  const ns = emptyNamespace(name, 'qdhcp', ctx.networks.get(port.network_id)!.name);
  const tap = deviceName(PREFIX.tap, port.id);
  const subnets = port.fixed_ips.map((f) => ctx.subnets.get(f.subnet_id)!).filter((s) => s.enable_dhcp);
  const o = ctx.cloud.options;
  const metadata = subnets.length > 0 && (o.force_metadata || (o.enable_isolated_metadata && subnets.some((s) => ctx.isIsolated(s))));
  const i = iface(tap, port.mac_address, [...addressWithPrefix(ctx, port), ...(metadata ? [`${METADATA_IP}/32`] : [])]);
  ns.interfaces.push(i);
  addConnectedRoutes(ns, i);
  const gw = subnets.find((s) => s.gateway_ip)?.gateway_ip;
  if (gw) ns.routes.push({ destination: 'default', via: gw, dev: tap, proto: 'static' });
  plugIntoIntegrationBridge(ctx, host, tap, 'internal', port.network_id);
  ctx.plane.link('internal', { host, device: BRIDGE.integration, port: tap }, { host, device: name, port: tap });

  const hosts: DhcpHost[] = (ctx.portsByNetwork.get(port.network_id) ?? [])
    .flatMap((p) => p.fixed_ips.filter((f) => subnets.some((s) => s.id === f.subnet_id))
      .map((f) => ({ mac: p.mac_address, ip: f.ip_address, hostname: `host-${f.ip_address.replace(/\./g, '-')}` })));
  // `--dhcp-option-force=option:mtu,<mtu>` for every client; the rest per subnet, by tag.
  const mtu = ctx.networks.get(port.network_id)!.mtu;
  const options: DhcpOption[] = [...(mtu > 0 ? [{ name: 'mtu', value: String(mtu) }] : []), ...subnets.flatMap((s) => subnetDhcpOptions(ctx, s))];
  const ranges: DhcpRange[] = subnets.map((s) => ({ tag: subnetTag(s), cidr: s.cidr }));
  ns.listeners.push({
    process: 'dnsmasq', proto: 'udp', ip: '0.0.0.0', port: DHCP_SERVER_PORT, running: true,
    behaviour: { kind: 'dhcp-server', hosts, leaseSeconds: 86400, serverIp: port.fixed_ips[0].ip_address, ranges, options },
  });
  if (metadata) {
    ns.listeners.push({
      process: 'haproxy', proto: 'tcp', ip: METADATA_IP, port: 80, running: true,
      behaviour: { kind: 'relay', to: { unix: METADATA_PROXY_SOCKET } },
    });
  }
  return ns;
}
