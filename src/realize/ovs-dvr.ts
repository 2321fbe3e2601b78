import { BRIDGE, PATCH, PREFIX, deviceName } from '../dataplane/names';
import { BR_INT_TABLE, BR_TUN_TABLE } from './ovs-tables';
import type { Port } from '../model/types';
import { isDvrServiced } from '../model/normalize-dvr';
import type { RealizeContext } from './context';
import { flow } from './ovs-agent';

/**
 * The OVS agent's DVR tables (ovs_dvr_neutron_agent.py, br_int.py, br_tun.py, br_dvr_process.py).
 * Every host the same distributed router is on has a `qr-` with the same gateway IP and MAC, so a
 * routed frame must not leave a host with that MAC as its source (every other host's br-int would
 * learn the gateway behind its tunnel). br-tun's DVR_PROCESS replaces it with this host's own DVR
 * MAC, drops frames to the gateway MAC and ARP for the gateway IP before they reach a tunnel; the
 * receiver's br-tun passes frames from a known DVR MAC to br-int without learning (DVR_NOT_LEARN),
 * and br-int's DVR_TO_SRC_MAC puts the gateway MAC back and delivers straight to the local port.
 */
export function realizeDvrFlows(ctx: RealizeContext, host: string): void {
  const own = ctx.hosts.get(host)!.dvr_mac!;
  const remote = ctx.cloud.hosts.filter((h) => h.name !== host && h.dvr_mac && h.agents.includes('ovs')).map((h) => h.dvr_mac!);
  const brInt = ctx.plane.ovs(host, BRIDGE.integration);
  const I = BR_INT_TABLE;
  // setup_dvr_flows_on_integ_br, and dvr_mac_address_update for every other host's MAC.
  brInt.flows.push(
    flow(I.DVR_TO_SRC_MAC, 1, {}, [{ type: 'drop' }]),
    flow(I.DVR_TO_SRC_MAC_PHYSICAL, 1, {}, [{ type: 'drop' }]),
  );
  const brTun = ctx.plane.get(host, BRIDGE.tunnel);
  const tun = brTun?.kind === 'ovs' ? brTun : undefined;
  for (const mac of remote) {
    if (!tun) continue;
    brInt.flows.push(flow(I.LOCAL_SWITCHING, 2, { inPort: PATCH.intToTun, dlSrc: mac }, [{ type: 'resubmit', table: I.DVR_TO_SRC_MAC }], `from DVR MAC ${mac}`));
    tun.flows.push(flow(BR_TUN_TABLE.DVR_NOT_LEARN, 1, { dlSrc: mac }, [{ type: 'output', port: PATCH.tunToInt }], `DVR MAC ${mac}: not learned`));
  }
  if (tun) {
    tun.flows.push(
      flow(BR_TUN_TABLE.DVR_PROCESS, 0, {}, [{ type: 'resubmit', table: BR_TUN_TABLE.PATCH_LV_TO_TUN }]),
      flow(BR_TUN_TABLE.DVR_NOT_LEARN, 0, {}, [{ type: 'resubmit', table: BR_TUN_TABLE.LEARN_FROM_TUN }]),
    );
  }
  for (const router of ctx.cloud.routers) {
    if (!router.distributed || !router.admin_state_up || !ctx.dvrHosts.get(router.id)?.includes(host)) continue;
    for (const id of router.interfaces) {
      const qr = ctx.ports.get(id)!;
      const fixed = qr.fixed_ips[0];
      const lvid = ctx.lvid(host, qr.network_id);
      if (!fixed || lvid === undefined) continue;
      // _bind_distributed_router_interface_port: br-tun's DVR_PROCESS for this qr-.
      if (tun) {
        tun.flows.push(
          flow(BR_TUN_TABLE.DVR_PROCESS, 2, { vlan: lvid, dlDst: qr.mac_address }, [{ type: 'drop' }], `frames to the distributed gateway ${qr.mac_address} stay on the host`),
          flow(BR_TUN_TABLE.DVR_PROCESS, 1, { vlan: lvid, dlSrc: qr.mac_address },
            [{ type: 'mod_dl_src', mac: own }, { type: 'resubmit', table: BR_TUN_TABLE.PATCH_LV_TO_TUN }], `routed by the local qr-: source becomes DVR MAC ${own}`),
          flow(BR_TUN_TABLE.FLOOD_TO_TUN, 3, { vlan: lvid, ethType: 'arp', arpTpa: fixed.ip_address }, [{ type: 'drop' }], `ARP for the distributed gateway ${fixed.ip_address} stays on the host`),
        );
      }
      // install_dvr_to_src_mac for every local port of the subnet: the gateway MAC back as source.
      for (const port of ctx.portsOn(host)) {
        if (!port.admin_state_up || !port.fixed_ips.some((f) => f.subnet_id === fixed.subnet_id)) continue;
        const ofport = localOfport(ctx, port);
        if (!ofport) continue;
        brInt.flows.push(
          flow(I.DVR_TO_SRC_MAC, 20, { vlan: lvid, dlDst: port.mac_address },
            [{ type: 'mod_dl_src', mac: qr.mac_address }, { type: 'resubmit', table: I.PACKET_RATE_LIMIT }], `routed to ${port.mac_address}: source back to gateway ${qr.mac_address}`),
          flow(I.TRANSIENT, 20, { vlan: lvid, dlDst: port.mac_address }, [{ type: 'strip_vlan' }, { type: 'output', port: ofport }], `straight to ${ofport}`),
        );
      }
    }
  }
}

/** Whether the host's OVS agent has enable_distributed_routing: its L3 agent runs in dvr or dvr_snat mode. */
export function hasDistributedRouting(ctx: RealizeContext, host: string): boolean {
  return ctx.hosts.get(host)?.dvr_mac !== undefined && ctx.runs(host, 'ovs');
}

/** The br-int port a DVR-serviced or SNAT port is plugged in by (get_ports_on_host_by_subnet). */
function localOfport(ctx: RealizeContext, port: Port): string | undefined {
  if (port.device_owner.startsWith('compute:')) {
    return deviceName(ctx.cloud.options.firewall_driver === 'iptables_hybrid' ? PREFIX.vethOvsSide : PREFIX.tap, port.id);
  }
  if (port.device_owner === 'network:router_centralized_snat') return deviceName(PREFIX.snatInternal, port.id);
  if (isDvrServiced(port.device_owner)) return deviceName(PREFIX.tap, port.id);
  return undefined;
}
