import { finalHop } from '../assert/paths';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { networkName } from './flows';
import { missingService } from './missing';
import { leaves } from '../trace/leaves';

/**
 * Seed claim: each network's DHCP is answered by its own qdhcp namespace (dnsmasq), and by
 * nothing else on the network (a second server answering the same broadcast is a rogue one).
 */
export const dhcpAnsweredByOwnQdhcp = defineFlowInvariant(
  'dhcpAnsweredByOwnQdhcp',
  "every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and by no other server, and the offer reaches it",
  (sim) => {
    const served = new Set(sim.cloud.subnets.filter((s) => s.enable_dhcp
      && sim.cloud.networks.find((n) => n.id === s.network_id)?.admin_state_up).map((s) => s.id));
    return {
      appliesByRelation: true, applies: (a, to) => to === 'dhcp' && served.has(a.subnet),
      verdict: (t, a) => {
        const d = t.disposition;
        const hop = finalHop(t);
        const expected = `qdhcp-${a.network}`;
        if (d.kind !== 'answered') {
          // A flood dies in many places; the cause is the server that is not there, if it is not.
          const missing = missingService(sim.dataplane, expected, { process: 'dnsmasq' });
          const why = missing ? `${missing}; the request was ${dispositionText(d)}` : dispositionText(d);
          return { reason: `no DHCP server answered on ${networkName(sim, a.network)}: ${why}`, hop };
        }
        if (d.at.device !== expected) return { reason: `answered by ${d.at.device}@${d.at.host}, not ${expected} (${networkName(sim, a.network)})`, hop };
        // Each answer is walked back on its own, from the namespace that gave it.
        const answers = !t.reply ? [] : t.reply.hops.length ? [t.reply] : t.reply.forks;
        const rogue = answers.find((r) => r.hops[0] && r.hops[0].device !== expected && leaves(r).some((l) => l.end.kind === 'delivered'));
        if (rogue) {
          const at = rogue.hops[0];
          return { reason: `${at.device}@${at.host} answered too, and its answer reached ${a.instance.name}: a second DHCP server on ${networkName(sim, a.network)}`, hop: at };
        }
        return null;
      },
    };
  },
);
