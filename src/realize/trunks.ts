import { BRIDGE, deviceName, PREFIX, TRUNK, trunkBridgeName, trunkPatchName } from '../dataplane/names';
import type { Dataplane, Interface, OvsBridge, PortRef } from '../dataplane/types';
import type { Cloud, Port, Trunk } from '../model/types';
import type { RealizeContext } from './context';
import { addressWithPrefix } from './context';
import { realizeNativeFirewall } from './ovs-firewall';
import { plugIntoIntegrationBridge, protectAgainstSpoofing } from './ovs-agent';
import { iface } from './plane-builder';

const byParent = new WeakMap<RealizeContext, Map<string, Trunk>>();

/** The trunk whose parent this port is, if any. */
export function trunkOfParent(ctx: RealizeContext, portId: string): Trunk | undefined {
  let m = byParent.get(ctx);
  if (!m) byParent.set(ctx, (m = new Map(ctx.cloud.trunks.map((t) => [t.port_id, t]))));
  return m.get(portId);
}

/**
 * The OVS trunk driver's wiring for an instance NIC on a trunk: os-vif plugs the VIF (the tap,
 * or qvo under iptables_hybrid) into the trunk bridge `tbr-` instead of br-int (the parent's
 * vif_details bridge_name), a bridge of NORMAL switching whose VIF port is a trunk of every VLAN.
 * The agent's trunk manager then patches tbr- to br-int: `tpt-` (an access port of VLAN 0, the
 * untagged one) to `tpi-` for the parent, and per subport `spt-` (an access port of its
 * segmentation_id) to `spi-`. The OVS agent wires tpi-/spi- as the ports' own VIFs on br-int, on
 * their networks' local VLANs, so a frame tagged with a subport's VLAN in the guest leaves tbr-
 * untagged by spt- and is tagged with that network's local VLAN by spi-'s tag (trunk_manager.py).
 * Returns the tbr- port the VIF's other end plugs into.
 */
export function plugTrunk(ctx: RealizeContext, host: string, trunk: Trunk, vif: string): PortRef {
  const name = trunkBridgeName(trunk.id);
  const tbr: OvsBridge = { kind: 'ovs', name, ports: [], flows: [{ table: 0, priority: 0, match: {}, actions: [{ type: 'normal' }] }] };
  tbr.ports.push({ name: vif, type: 'system', ofport: 1 });
  ctx.plane.add(host, tbr);
  const patch = (port: Port, onTrunk: string, onInt: string, tag: number) => {
    const t = trunkPatchName(onTrunk, port.id), i = trunkPatchName(onInt, port.id);
    tbr.ports.push({ name: t, type: 'patch', tag, ofport: tbr.ports.length + 1 });
    plugIntoIntegrationBridge(ctx, host, i, 'patch', port.network_id, port.admin_state_up);
    ctx.plane.link('patch', { host, device: name, port: t }, { host, device: BRIDGE.integration, port: i });
    secureOnIntegration(ctx, host, port, i);
  };
  patch(ctx.ports.get(trunk.port_id)!, TRUNK.parentOnTrunk, TRUNK.parentOnIntegration, 0);
  for (const s of trunk.sub_ports) patch(ctx.ports.get(s.port_id)!, TRUNK.subportOnTrunk, TRUNK.subportOnIntegration, s.segmentation_id);
  return { host, device: name, port: vif };
}

/**
 * The agent treats tpi-/spi- as the ports' VIFs on br-int: the native firewall's tables for each
 * (the trunk guide's supported driver), or, under iptables_hybrid, the ARP and MAC anti-spoofing
 * flows. iptables filters only the parent: its qbr sees subport frames still 802.1Q-tagged, and
 * br_netfilter passes tagged frames unfiltered (the guide's "not going to filter the traffic of subports").
 */
function secureOnIntegration(ctx: RealizeContext, host: string, port: Port, ofport: string): void {
  if (ctx.cloud.options.firewall_driver === 'openvswitch') return realizeNativeFirewall(ctx, host, port, ofport);
  if (port.port_security_enabled && port.admin_state_up) {
    const pairs = port.allowed_address_pairs;
    protectAgainstSpoofing(ctx, host, ofport, port.network_id, [...new Set([port.mac_address, ...pairs.map((a) => a.mac_address)])],
      [...port.fixed_ips.map((f) => f.ip_address), ...pairs.map((a) => a.ip_address)]);
  }
}

/**
 * The guest's VLAN devices on a trunk NIC, one per subport (`eth0.<segmentation_id>` with the
 * subport's MAC), configured as Nova's network_data.json describes them: by DHCP on the VLAN when
 * the subport's subnet has DHCP, statically otherwise.
 */
export function vlanDevices(ctx: RealizeContext, trunk: Trunk, nic: string): Interface[] {
  return trunk.sub_ports.map((s) => {
    const port = ctx.ports.get(s.port_id)!;
    const dhcp = port.fixed_ips.some((f) => ctx.subnets.get(f.subnet_id)!.enable_dhcp);
    const dev = iface(`${nic}.${s.segmentation_id}`, port.mac_address, dhcp ? [] : addressWithPrefix(ctx, port));
    dev.vlan = s.segmentation_id;
    dev.link = nic;
    if (dhcp) dev.dhcp = { state: 'init' };
    return dev;
  });
}

/** Which network each VLAN of a trunk bridge (and of its guest's NIC) carries, for reading traces. */
export function trunkVlans(cloud: Cloud): NonNullable<Dataplane['endpoints']['trunkVlans']> {
  const ports = new Map(cloud.ports.map((p) => [p.id, p]));
  return cloud.trunks.flatMap((t) => {
    const parent = ports.get(t.port_id)!;
    const instance = cloud.instances.find((i) => i.ports.includes(t.port_id))?.name ?? '';
    // Under iptables_hybrid the NIC's qbr carries the instance's VLANs too, on their way to tbr-.
    const bridges = [trunkBridgeName(t.id), ...(cloud.options.firewall_driver === 'iptables_hybrid' ? [deviceName(PREFIX.linuxBridge, parent.id)] : [])];
    const vlans = [{ vlan: 0, network: parent.network_id }, ...t.sub_ports.map((s) => ({ vlan: s.segmentation_id, network: ports.get(s.port_id)!.network_id }))];
    return bridges.flatMap((bridge) => vlans.map((v) => ({ host: parent['binding:host_id'], bridge, instance, ...v })));
  });
}
