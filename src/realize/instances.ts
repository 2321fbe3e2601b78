import { BRIDGE, PREFIX, deviceName, DHCP_CLIENT_PORT } from '../dataplane/names';
import type { InstanceEndpoint, Namespace } from '../dataplane/types';
import type { RealizeContext } from './context';
import { addressWithPrefix } from './context';
import { realizePortFirewall } from './firewall';
import { realizeNativeFirewall } from './ovs-firewall';
import { plugIntoIntegrationBridge, protectAgainstSpoofing } from './ovs-agent';
import { addConnectedRoutes, emptyNamespace, iface } from './plane-builder';
import { plugTrunk, trunkOfParent, vlanDevices } from './trunks';

/**
 * Nova and os-vif: each instance is a guest namespace whose NICs are plugged
 * tap → qbr → qvb ~ qvo → br-int with the iptables_hybrid driver (OVS_HYBRID_PLUG_REQUIRED),
 * or tap → br-int with the native openvswitch firewall.
 */
export function realizeInstances(ctx: RealizeContext): InstanceEndpoint[] {
  const endpoints: InstanceEndpoint[] = [];
  const hybrid = ctx.cloud.options.firewall_driver === 'iptables_hybrid';
  for (const inst of ctx.cloud.instances) {
    const host = inst.host;
    const guest: Namespace = emptyNamespace(inst.name, 'instance', inst.name);
    guest.guest = true;
    inst.ports.forEach((portId, index) => {
      const port = ctx.ports.get(portId)!;
      const nic = `eth${index}`;
      // A port on a DHCP subnet is configured by the guest's own dhclient when it boots
      // (engine/dhclient.ts); a static one (config drive) keeps the model's addresses.
      const dhcp = port.fixed_ips.some((f) => ctx.subnets.get(f.subnet_id)!.enable_dhcp);
      const nicState = iface(nic, port.mac_address, dhcp ? [] : addressWithPrefix(ctx, port));
      if (dhcp) nicState.dhcp = { state: 'init' };
      guest.interfaces.push(nicState);
      if (!dhcp) addConnectedRoutes(guest, nicState);
      const trunk = trunkOfParent(ctx, port.id);
      for (const dev of trunk ? vlanDevices(ctx, trunk, nic) : []) {
        guest.interfaces.push(dev);
        if (!dev.dhcp) addConnectedRoutes(guest, dev);
      }
      const tap = deviceName(PREFIX.tap, port.id);
      if (hybrid) {
        const qbr = deviceName(PREFIX.linuxBridge, port.id);
        const qvb = deviceName(PREFIX.vethBridgeSide, port.id);
        const qvo = deviceName(PREFIX.vethOvsSide, port.id);
        ctx.plane.add(host, { kind: 'linux-bridge', name: qbr, ports: [tap, qvb], nfCallIptables: true });
        ctx.plane.link('veth', { host, device: inst.name, port: nic }, { host, device: qbr, port: tap });
        if (trunk) ctx.plane.link('veth', { host, device: qbr, port: qvb }, plugTrunk(ctx, host, trunk, qvo));
        else {
          plugIntoIntegrationBridge(ctx, host, qvo, 'system', port.network_id, port.admin_state_up);
          // A port that is down sits on the dead VLAN: the agent wires no anti-spoofing over it.
          if (port.port_security_enabled && port.admin_state_up) {
            const pairs = port.allowed_address_pairs;
            protectAgainstSpoofing(ctx, host, qvo, port.network_id, [...new Set([port.mac_address, ...pairs.map((a) => a.mac_address)])],
              [...port.fixed_ips.map((f) => f.ip_address), ...pairs.map((a) => a.ip_address)]);
          }
          ctx.plane.link('veth', { host, device: qbr, port: qvb }, { host, device: BRIDGE.integration, port: qvo });
        }
        realizePortFirewall(ctx, host, port, tap);
      } else if (trunk) {
        ctx.plane.link('veth', { host, device: inst.name, port: nic }, plugTrunk(ctx, host, trunk, tap));
      } else {
        plugIntoIntegrationBridge(ctx, host, tap, 'system', port.network_id, port.admin_state_up);
        ctx.plane.link('veth', { host, device: inst.name, port: nic }, { host, device: BRIDGE.integration, port: tap });
        realizeNativeFirewall(ctx, host, port, tap);
      }
      const first = port.fixed_ips[0];
      if (first && index === 0) {
        endpoints.push({
          name: inst.name, host, namespace: inst.name, iface: nic, mac: port.mac_address, ip: first.ip_address,
          network: port.network_id, subnet: first.subnet_id,
        });
      }
    });
    guest.listeners.push({
      process: 'dhclient', proto: 'udp', ip: '0.0.0.0', port: DHCP_CLIENT_PORT,
      behaviour: { kind: 'dhcp-client' }, running: true, packetSocket: true,
    });
    ctx.plane.add(host, guest);
  }
  return endpoints;
}
