import type { Dataplane, Namespace } from '../dataplane/types';
import type { Port } from '../model/types';
import { formatIp, parseCidr } from '../net/ipv4';
import type { Simulation } from '../simulation';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineStateInvariant } from './define';
import type { StateCase } from './types';

/**
 * Neutron's `allowed_address_pairs` widen a port's anti-spoofing (the `-s` chain's RETURNs under
 * iptables_hybrid, br-int table 71's IP and ARP flows under openvswitch): a guest holding a
 * pair's address (a VIP keepalived moves between instances, say) may send from it. For each pair
 * with the port's own MAC, the guest is given the address first on its NIC (as keepalived would
 * add it) and pings an address on its network (its DHCP port, else a router interface, else
 * another instance); the ping must get out of the port and its answer come back to the VIP.
 */
export const allowedAddressPairsPass = defineStateInvariant(
  'allowedAddressPairsPass',
  "a guest sending from one of its port's allowed address pairs passes the port's anti-spoofing, and the answer comes back to that address",
  function* (sim) {
    for (const e of sim.dataplane.endpoints.instances) {
      const port = sim.cloud.ports.find((p) => p.device_owner === 'compute:nova' && p.mac_address === e.mac);
      if (!port?.port_security_enabled) continue;
      for (const pair of port.allowed_address_pairs) {
        if (pair.mac_address && pair.mac_address !== port.mac_address) continue; // the guest would need that MAC too
        const address = pairAddress(pair.ip_address);
        const target = targetOn(sim, port);
        if (!target || address === e.ip) continue;
        yield {
          label: `${e.name} from ${address} (allowed address pair) → ${target}`,
          verdict: () => {
            const t = sim.withDataplane(holding(sim.dataplane, e.name, address)).trace(e.name, target);
            const out = requestOutcome(t);
            if (t.flow.src !== address) return { reason: `the guest did not send from ${address} but from ${t.flow.src}`, trace: t };
            if (out.kind !== 'delivered' && out.kind !== 'answered') {
              return { reason: `${e.name} sending from its allowed address pair ${address} did not reach ${target}: ${dispositionText(out)}`, trace: t, hop: mainPath(t.root).at(-1) };
            }
            if (!t.reply || t.disposition.direction === 'reply') return { reason: `the answer to ${address} never got back: ${dispositionText(t.disposition)}`, trace: t };
            return null;
          },
        } satisfies StateCase;
      }
    }
  },
);

/** The pair's address, or for a CIDR its first host address. */
function pairAddress(ip: string): string {
  if (!ip.includes('/') || ip.endsWith('/32')) return ip.split('/')[0];
  const c = parseCidr(ip);
  return formatIp(c.network + 1);
}

/** A copy of the data plane whose guest holds `address` first on its NIC, kept from its DHCP client as a configured address is. */
function holding(dp: Dataplane, instance: string, address: string): Dataplane {
  const copy: Dataplane = structuredClone(dp);
  const e = copy.endpoints.instances.find((x) => x.name === instance)!;
  const guest = copy.hosts.find((h) => h.name === e.host)!.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === e.namespace)!;
  const nic = guest.interfaces.find((i) => i.name === e.iface)!;
  const prefix = nic.addresses[0]?.split('/')[1] ?? '32';
  nic.addresses = [`${address}/${prefix}`, ...nic.addresses.filter((a) => a.split('/')[0] !== address)];
  delete nic.dhcp;
  return copy;
}

/** An address on the port's network that answers a ping: its DHCP port's, else a router interface's, else another instance's. */
function targetOn(sim: Simulation, port: Port): string | undefined {
  const on = sim.cloud.ports.filter((p) => p.network_id === port.network_id && p.id !== port.id && p.admin_state_up && p.fixed_ips.length);
  const pick = on.find((p) => p.device_owner === 'network:dhcp') ?? on.find((p) => p.device_owner.startsWith('network:router_interface'))
    ?? on.find((p) => p.device_owner === 'compute:nova');
  return pick?.fixed_ips[0].ip_address;
}
