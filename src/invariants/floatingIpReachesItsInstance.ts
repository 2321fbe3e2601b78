import { defineStateInvariant } from './define';
import { finalHop } from '../assert/paths';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';

/**
 * A floating IP works from outside: a packet from the internet host to the FIP is DNATed to its
 * fixed IP by the FIP's router and reaches its instance (or that instance's security group, which
 * may drop it: that is the group's rule, not the FIP's); the instance's answer leaves the router
 * with the FIP as its source again.
 */
export const floatingIpReachesItsInstance = defineStateInvariant(
  'floatingIpReachesItsInstance',
  "a packet from the internet to a floating IP is DNATed to its fixed IP by the FIP's router and reaches its instance (or that instance's security group), and the answer goes back from the floating IP",
  function* (sim) {
    for (const fip of sim.dataplane.endpoints.floatingIps) {
      const f = sim.cloud.floatingips.find((x) => x.floating_ip_address === fip.address)!;
      const ns = `qrouter-${f.router_id}`;
      const inst = sim.dataplane.endpoints.instances.find((e) => e.name === fip.instance && e.ip === fip.fixed);
      yield {
        label: `internet → ${fip.address} (${fip.instance})`,
        verdict: () => {
          const t = sim.trace('internet', fip.address);
          const q = mainPath(t.root).find((h) => h.device === ns);
          if (!q) return { reason: `never reached the floating IP's router ${ns}: ${dispositionText(requestOutcome(t))}`, trace: t, hop: finalHop(t) };
          const dnat = q.steps.find((s) => s.t === 'nat' && s.kind === 'DNAT');
          if (dnat?.t !== 'nat' || dnat.after.split(':')[0] !== fip.fixed) {
            return { reason: `the router did not DNAT ${fip.address} to ${fip.fixed}${dnat?.t === 'nat' ? ` (it went to ${dnat.after})` : ''}`, trace: t, hop: q };
          }
          const d = requestOutcome(t);
          const bySecurityGroup = d.kind === 'dropped' && /security group/i.test(`${d.rule} ${d.reason}`) && d.at.host === inst?.host;
          if (bySecurityGroup) return null;
          if (d.kind !== 'delivered' || d.at.device !== inst?.namespace) return { reason: `did not reach ${fip.instance}: ${dispositionText(d)}`, trace: t, hop: finalHop(t) };
          if (t.disposition.direction === 'reply') return { reason: `${fip.instance}'s answer never got back: ${dispositionText(t.disposition)}`, trace: t, hop: finalHop(t) };
          const back = t.reply ? mainPath(t.reply).find((h) => h.device === ns) : undefined;
          if (!back?.steps.some((s) => s.t === 'nat' && s.kind === 'unDNAT' && s.after.split(':')[0] === fip.address)) {
            return { reason: `the answer did not leave ${ns} from ${fip.address}`, trace: t, hop: back };
          }
          return null;
        },
      };
    }
  },
);
