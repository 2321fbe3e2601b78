import { stableMac } from '../model/ids';
import { VXLAN_UDP_PORT } from '../dataplane/names';
import type { LinuxBridge, Namespace } from '../dataplane/types';
import type { RealizeContext } from './context';
import { addConnectedRoutes, emptyNamespace, iface } from './plane-builder';

import { FABRIC, SEGMENT } from '../dataplane/fabric';

export { FABRIC, SEGMENT };

/**
 * Each host's own network stack (the `root` namespace) with its management and overlay NICs
 * cabled to the fabric's switches. The overlay NIC is the VTEP: OVS's kernel tunnel endpoint
 * listens there and hands decapsulated frames to br-tun's tunnel ports.
 */
export function realizeHosts(ctx: RealizeContext): void {
  const p = ctx.plane;
  const segment = (name: string): LinuxBridge => {
    const existing = p.get(FABRIC, name);
    if (existing && existing.kind === 'linux-bridge') return existing;
    return p.add(FABRIC, { kind: 'linux-bridge', name, ports: [], nfCallIptables: false, learnsPerVlan: true });
  };
  for (const host of ctx.cloud.hosts) {
    const root: Namespace = p.add(host.name, emptyNamespace('root', 'root'));
    const nics: [string, { interface: string; ip: string } | undefined][] = [
      [SEGMENT.management, host.management],
      [SEGMENT.overlay, host.overlay],
    ];
    for (const [seg, nic] of nics) {
      if (!nic) continue;
      const i = iface(nic.interface, stableMac(`host:${host.name}:${nic.interface}`), [nic.ip]);
      root.interfaces.push(i);
      addConnectedRoutes(root, i);
      segment(seg).ports.push(host.name);
      p.link('wire', { host: host.name, device: 'root', port: nic.interface }, { host: FABRIC, device: seg, port: host.name });
    }
    if (host.overlay && host.agents.includes('ovs')) {
      const type = ctx.cloud.options.tunnel_type;
      root.listeners.push(type === 'vxlan'
        ? { process: 'ovs-vswitchd (vxlan_sys_4789)', proto: 'udp', ip: '0.0.0.0', port: VXLAN_UDP_PORT,
          behaviour: { kind: 'tunnel-endpoint', tunnelType: 'vxlan' }, running: true }
        : { process: 'ovs-vswitchd (gre_sys)', proto: 'gre', ip: '0.0.0.0',
          behaviour: { kind: 'tunnel-endpoint', tunnelType: 'gre' }, running: true });
    }
    if (host.external) segment(host.external.physical_network);
  }
}
