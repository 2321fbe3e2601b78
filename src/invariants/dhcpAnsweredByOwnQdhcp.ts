import { finalHop } from '../assert/paths';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { networkName } from './flows';

/** Seed claim: each network's DHCP is answered by its own qdhcp namespace (dnsmasq). */
export const dhcpAnsweredByOwnQdhcp = defineFlowInvariant(
  'dhcpAnsweredByOwnQdhcp',
  "every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and the offer reaches it",
  (sim) => {
    const served = new Set(sim.cloud.subnets.filter((s) => s.enable_dhcp
      && sim.cloud.networks.find((n) => n.id === s.network_id)?.admin_state_up).map((s) => s.id));
    return {
      applies: (a, to) => to === 'dhcp' && served.has(a.subnet),
      verdict: (t, a) => {
        const d = t.disposition;
        const hop = finalHop(t);
        const expected = `qdhcp-${a.network}`;
        if (d.kind !== 'answered') return { reason: `not answered: ${dispositionText(d)}`, hop };
        if (d.at.device !== expected) return { reason: `answered by ${d.at.device}@${d.at.host}, not ${expected} (${networkName(sim, a.network)})`, hop };
        return null;
      },
    };
  },
);
