import { isIpv4 } from '../net/ipv4';
import { dataplaneOf } from '../trace/network-of-hop';
import { arpExchangesOf, exchangePaths } from '../trace/arp-exchanges';
import { defineStateInvariant } from './define';
import { frameLeak } from './frame-leak';

/**
 * Every instance's ARP who-has (and the is-at that answers it) stays on the instance's network:
 * no copy of the broadcast reaches a port of another network, as it would through a port on the
 * wrong local VLAN. Judged on the exchange each guest NIC walks to resolve an address of its own
 * subnet (the gateway, else another port of the subnet), recorded in the trace of a ping to it.
 * A NIC that sends no who-has (no address, link down) has no ARP to judge here: the liveness
 * invariants speak for it.
 */
export const arpStaysOnItsNetwork = defineStateInvariant(
  'arpStaysOnItsNetwork',
  "every instance's ARP who-has and its answer reach no port of another network",
  function* (sim) {
    const cloud = sim.cloud;
    const ports = new Map(cloud.ports.map((p) => [p.id, p]));
    const subnets = new Map(cloud.subnets.map((s) => [s.id, s]));
    // Any other address on a subnet, for subnets without a gateway: built once, not per port.
    const otherOnSubnet = new Map<string, string[]>();
    for (const p of cloud.ports) {
      for (const f of p.fixed_ips) {
        const list = otherOnSubnet.get(f.subnet_id);
        if (!list) otherOnSubnet.set(f.subnet_id, [f.ip_address]); else if (list.length < 2) list.push(f.ip_address);
      }
    }
    for (const instance of cloud.instances) {
      for (const id of instance.ports) {
        const fixed = ports.get(id)?.fixed_ips[0];
        if (!fixed) continue;
        const target = subnets.get(fixed.subnet_id)?.gateway_ip ?? otherOnSubnet.get(fixed.subnet_id)?.find((ip) => ip !== fixed.ip_address);
        if (!target || target === fixed.ip_address || !isIpv4(target)) continue;
        yield {
          label: `${instance.name} (${fixed.ip_address}) who-has ${target}`,
          verdict: () => {
            // The one reader of the exchanges' frames: asked for, whatever the caller's default.
            const t = sim.trace(instance.name, target, { arpExchanges: true });
            const dp = dataplaneOf(t) ?? sim.dataplane;
            for (const { step, exchange } of arpExchangesOf(t)) {
              const leak = frameLeak(sim, dp, exchangePaths(exchange));
              if (leak) return { reason: `ARP who-has ${step.ip}: ${leak.reason}`, trace: t, hop: leak.hop };
            }
            return null;
          },
        };
      }
    }
  },
);
