import { BRIDGE, TRUNK, trunkBridgeName, trunkPatchName } from '../dataplane/names';
import type { Port, Trunk } from '../model/types';
import type { Simulation } from '../simulation';
import type { Namespace } from '../dataplane/types';
import type { Hop, Trace } from '../trace/types';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineStateInvariant } from './define';
import { ingressAllowsIcmpFromPort } from './expectations';
import type { StateCase, Verdict } from './types';

const vlanText = (vid: number) => (vid ? `tagged ${vid}` : 'untagged');

/**
 * A trunk presents its parent's network untagged and each subport's network on its
 * segmentation_id (config-trunking.rst): a ping from the trunk's instance to addresses on each of
 * those networks (its DHCP port, else its router interface, and every other instance there; a
 * multi-homed guest is left out of the pair claims, so these are its own) leaves the NIC with that VLAN tag,
 * enters the trunk bridge so, crosses to br-int by that port's own patch (tpi-/spi-) onto its
 * network's local VLAN, and is answered; the answer comes back out of the same patch on the
 * trunk bridge, with the same tag, to the guest. A wrong segmentation id, a missing patch or a
 * swapped tag sends the frame onto another network or nowhere. A security group may refuse the
 * ping, but only one whose rules do not admit the member's address.
 */
export const trunkPortsKeepTheirVlans = defineStateInvariant(
  'trunkPortsKeepTheirVlans',
  "a trunk instance's traffic to its parent's network leaves untagged and to each subport's network tagged with the subport's segmentation_id, crosses to br-int by that port's tpi-/spi- patch onto its network's local VLAN, and its answer returns the same way",
  function* (sim) {
    const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
    for (const trunk of sim.cloud.trunks) {
      const inst = sim.cloud.instances.find((i) => i.ports.includes(trunk.port_id));
      if (!inst) continue;
      const members = [{ port: ports.get(trunk.port_id)!, vid: 0, what: `parent of ${trunk.name}`, prefix: [TRUNK.parentOnTrunk, TRUNK.parentOnIntegration] as const },
        ...trunk.sub_ports.map((s, k) => ({ port: ports.get(s.port_id)!, vid: s.segmentation_id, what: `subport ${k} of ${trunk.name}`, prefix: [TRUNK.subportOnTrunk, TRUNK.subportOnIntegration] as const }))];
      for (const m of members) {
        // Its network's DHCP port (else router interface), and every other instance there.
        for (const target of targetsOn(sim, m.port.network_id, inst.ports)) yield {
          label: `${inst.name} → ${target} (${m.what}, ${vlanText(m.vid)})`,
          verdict: () => {
            const t = sim.trace(inst.name, target);
            const v = judge(sim, t, trunk, m.port, m.vid, m.what, m.prefix, target);
            return v && { ...v, trace: t };
          },
        } satisfies StateCase;
      }
    }
  },
);

function judge(sim: Simulation, t: Trace, trunk: Trunk, port: Port, vid: number, what: string, [onTrunk, onInt]: readonly [string, string], target: string): Verdict {
  const host = port['binding:host_id'];
  const tbr = trunkBridgeName(trunk.id);
  const tpt = trunkPatchName(onTrunk, port.id), tpi = trunkPatchName(onInt, port.id);
  const netName = (id: string | undefined) => sim.cloud.networks.find((n) => n.id === id)?.name ?? `no network`;
  const path = mainPath(t.root);
  // Under iptables_hybrid the NIC's qbr (a two-port filtering bridge) sits before the trunk bridge.
  const at = path[1]?.kind === 'linux-bridge' && path[1].host === host ? 2 : 1;
  const [guest, tb, bi] = [path[0], path[at], path[at + 1]];
  if (path.length === 1) {
    // The packet never left the guest (no address, no ARP answer): say which VLAN devices it has there.
    const ns = sim.dataplane.hosts.find((h) => h.name === host)?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === guest.device);
    const devices = ns?.interfaces.map((i) => `${i.name}${i.vlan ? ` on VLAN ${i.vlan}` : ''}${i.addresses.length ? '' : ' (no address)'}`).join(', ');
    return { reason: `never left ${guest.device}: ${dispositionText(requestOutcome(t))}; its devices: ${devices ?? 'none'}`, hop: guest };
  }
  if (tb?.device !== tbr) {
    return { reason: `left the guest ${vlanText(guest.vlan)} and ${tb ? `reached ${tb.device}` : `went nowhere (${dispositionText(requestOutcome(t))})`}, not trunk bridge ${tbr}`, hop: tb ?? guest };
  }
  if (tb.inVlan !== vid) return { reason: `entered ${tbr} ${vlanText(tb.inVlan)}; the ${what} is ${vlanText(vid)}`, hop: tb };
  if (bi?.device !== BRIDGE.integration || bi.host !== host || bi.in !== tpi) {
    return { reason: `${tbr} sent it out of ${tb.out ?? 'no port'}${bi ? ` into ${bi.device} by ${bi.in}` : ''}, not by ${tpi}, the ${what}'s patch`, hop: bi ?? tb };
  }
  // The VLAN br-int put it on: pushed when it leaves by a trunk port (patch-tun), else the
  // access tag of the patch it came in by (a frame switched to a port of the same host stays untagged).
  const push = bi.steps.find((s) => s.t === 'vlan' && s.op === 'push');
  const lvid = push?.t === 'vlan' ? push.vlan : accessTag(sim, host, tpi);
  const net = lvid === undefined ? undefined : sim.dataplane.endpoints.localVlans[host]?.[lvid];
  if (net !== port.network_id) {
    return { reason: `br-int took it from ${tpi} onto ${lvid === undefined ? 'no local VLAN' : `local VLAN ${lvid} (${netName(net)})`}, not network ${netName(port.network_id)}'s`, hop: bi };
  }
  const out = requestOutcome(t);
  // An instance's security group may refuse the ping (the VLAN was right, nothing more is owed),
  // unless its rules admit the member's address: a member of its remote group, say.
  const to = sim.cloud.ports.find((p) => p.device_owner === 'compute:nova' && p.fixed_ips.some((f) => f.ip_address === target));
  if (out.kind === 'dropped' && /security group/i.test(`${out.rule} ${out.reason}`) && out.at.host !== host
    && !(to && ingressAllowsIcmpFromPort(sim.cloud, to, port))) return null;
  if (out.kind !== 'delivered' && out.kind !== 'answered') return { reason: `did not reach ${target} on ${netName(port.network_id)}: ${dispositionText(out)}`, hop: path[path.length - 1] };
  if (!t.reply || t.disposition.direction === 'reply') return { reason: `the answer never got back: ${dispositionText(t.disposition)}`, hop: path[path.length - 1] };
  const back = mainPath(t.reply);
  const last = back[back.length - 1], before: Hop | undefined = back[back.length - 1 - at];
  if (before?.device !== tbr || before.in !== tpt || before.vlan !== vid || last.inVlan !== vid) {
    return { reason: `the answer came back ${before ? `from ${before.device} port ${before.in ?? '?'}` : ''} ${vlanText(last.inVlan)}, not from ${tpt} ${vlanText(vid)}`, hop: before ?? last };
  }
  return null;
}

/** The access tag br-int gives a port on `host`, if it has one. */
function accessTag(sim: Simulation, host: string, port: string): number | undefined {
  const br = sim.dataplane.hosts.find((h) => h.name === host)?.devices.find((d) => d.kind === 'ovs' && d.name === BRIDGE.integration);
  return br?.kind === 'ovs' ? br.ports.find((p) => p.name === port)?.tag : undefined;
}

/** Addresses on the network that answer a ping: its DHCP port's (else a router interface's), then every instance's but the trunk's own. */
function targetsOn(sim: Simulation, networkId: string, own: readonly string[]): string[] {
  const on = sim.cloud.ports.filter((p) => p.network_id === networkId && p.admin_state_up && p.fixed_ips.length);
  const service = on.find((p) => p.device_owner === 'network:dhcp') ?? on.find((p) => p.device_owner === 'network:router_interface');
  const instances = on.filter((p) => p.device_owner === 'compute:nova' && !own.includes(p.id));
  return [...new Set([service, ...instances].flatMap((p) => (p ? [p.fixed_ips[0].ip_address] : [])))];
}
