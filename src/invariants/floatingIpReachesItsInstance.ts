import { defineStateInvariant } from './define';
import { ingressAllowsIcmp } from './expectations';
import { finalHop } from '../assert/paths';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';

/**
 * A floating IP works from outside: a ping from the internet host to the FIP is DNATed to its
 * fixed IP by the FIP's router and reaches that instance's security group, which lets it in if
 * one of its ingress rules admits it (then the answer leaves the router with the FIP as its
 * source again) and drops it otherwise: a FIP opens nothing the group keeps closed.
 */
export const floatingIpReachesItsInstance = defineStateInvariant(
  'floatingIpReachesItsInstance',
  "a packet from the internet to a floating IP is DNATed to its fixed IP by the FIP's router and reaches its instance if its security groups admit it (the answer going back from the floating IP), and is dropped by them if not",
  function* (sim) {
    for (const fip of sim.dataplane.endpoints.floatingIps) {
      const f = sim.cloud.floatingips.find((x) => x.floating_ip_address === fip.address)!;
      const ns = `qrouter-${f.router_id}`;
      const inst = sim.dataplane.endpoints.instances.find((e) => e.name === fip.instance && e.ip === fip.fixed);
      const port = sim.cloud.ports.find((p) => p.id === f.port_id);
      const from = sim.dataplane.endpoints.internet;
      const admitted = !port || ingressAllowsIcmp(sim.cloud, port, from);
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
          if (!admitted) {
            if (bySecurityGroup) return null;
            return { reason: `no ingress rule of ${fip.instance}'s security groups admits a ping from ${from}, yet it was not dropped by them: ${dispositionText(d)}`, trace: t, hop: finalHop(t) };
          }
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
