import { defineFlowInvariant } from './define';
import { allPaths, portOfDevice } from './branch-paths';

/**
 * Proposed (iptables_hybrid): security groups deny by default. A DHCP DISCOVER is broadcast from
 * 0.0.0.0, which no security-group rule of another instance admits (the default group admits its
 * members' addresses), so every copy of it that reaches another secured instance's qbr is dropped
 * there by that port's ingress chain (the fallback DROP).
 */
export const strangersDroppedAtIngress = defineFlowInvariant(
  'strangersDroppedAtIngress',
  "a copy of an instance's DHCP broadcast that reaches another secured instance's qbr is dropped by that port's security group",
  (sim) => ({
    appliesByRelation: true, applies: (_from, to) => to === 'dhcp' && sim.cloud.options.firewall_driver === 'iptables_hybrid',
    verdict: (t, from) => {
      const own = from.instance.ports[0];
      for (const path of allPaths(t)) {
        for (const h of path) {
          if (h.kind !== 'linux-bridge' || !h.device.startsWith('qbr')) continue;
          const port = portOfDevice(sim.cloud, h.device);
          if (!port || port.id === own || !port.port_security_enabled || port.device_owner !== 'compute:nova') continue;
          const f = h.steps.find((s) => s.t === 'filter' && s.chain === 'FORWARD'); // not a raw-table NOTRACK before it
          if (!f || f.t !== 'filter' || f.verdict !== 'DROP') {
            // A copy for a trunk subport crosses qbr tagged, which br_netfilter does not filter.
            const why = h.inVlan ? ` tagged ${h.inVlan}, to a trunk subport: iptables_hybrid does not filter subports (config-trunking.rst)` : '';
            return { reason: `${h.device}@${h.host} let another instance's DHCP broadcast in${why}`, hop: h };
          }
        }
      }
      return null;
    },
  }),
);
