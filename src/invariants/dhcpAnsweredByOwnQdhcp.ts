import { finalHop } from '../assert/paths';
import { dispositionText } from '../trace/steps';
import { defineInvariant } from './define';
import { instancesOf, label, networkName } from './flows';

/** Seed claim: each network's DHCP is answered by its own qdhcp namespace (dnsmasq). */
export const dhcpAnsweredByOwnQdhcp = defineInvariant(
  'dhcpAnsweredByOwnQdhcp',
  "every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and the offer reaches it",
  function* (sim) {
    for (const i of instancesOf(sim)) {
      const subnet = sim.cloud.subnets.find((s) => s.id === i.subnet)!;
      const net = sim.cloud.networks.find((n) => n.id === i.network)!;
      if (!subnet.enable_dhcp || !net.admin_state_up) continue;
      const expected = `qdhcp-${i.network}`;
      yield {
        label: label(i, 'dhcp'), from: i.instance.name, to: 'dhcp',
        trace: () => sim.trace(i.instance.name, 'dhcp'),
        verdict: (t) => {
          const d = t.disposition;
          const hop = finalHop(t);
          if (d.kind !== 'answered') return { reason: `not answered: ${dispositionText(d)}`, hop };
          if (d.at.device !== expected) {
            return { reason: `answered by ${d.at.device}@${d.at.host}, not ${expected} (${networkName(sim, i.network)})`, hop };
          }
          return null;
        },
      };
    }
  },
);
