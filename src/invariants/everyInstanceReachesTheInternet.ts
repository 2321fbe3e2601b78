import { defineFlowInvariant } from './define';
import { instancesOf } from './flows';
import { routersOfSubnet } from '../model/queries';
import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';

/**
 * Proposed: every instance on a DHCP-enabled subnet attached to a router with a gateway reaches
 * the internet, leaving through that router's qg-, SNATed to the router's gateway address when
 * enable_snat (onlyOneGatewayPerRouter checks one instance per router and not the source address).
 */
export const everyInstanceReachesTheInternet = defineFlowInvariant(
  'everyInstanceReachesTheInternet',
  "every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address",
  (sim) => {
    const expected = new Map<string, { ns: string; qg: string; router: string; snatTo?: string }>();
    for (const i of instancesOf(sim)) {
      const subnet = sim.cloud.subnets.find((s) => s.id === i.subnet)!;
      const router = routersOfSubnet(sim.cloud, i.subnet).find((r) => r.gw_port_id);
      if (!subnet.enable_dhcp || !router) continue;
      const gw = sim.cloud.ports.find((p) => p.id === router.gw_port_id)!;
      expected.set(i.instance.name, {
        ns: `qrouter-${router.id}`, qg: `qg-${gw.id}`.slice(0, 14), router: router.name,
        snatTo: router.external_gateway_info?.enable_snat ? gw.fixed_ips[0]?.ip_address : undefined,
      });
    }
    return {
      applies: (from, to) => to === 'internet' && expected.has(from.instance.name),
      verdict: (t, from) => {
        const e = expected.get(from.instance.name)!;
        const d = t.disposition;
        if (d.kind !== 'exits') return { reason: `did not leave the cloud: ${dispositionText(d)}` };
        const q = mainPath(t.root).find((h) => h.device === e.ns);
        if (!q || q.out !== e.qg) return { reason: `did not leave ${e.router} through ${e.qg}`, hop: q };
        if (e.snatTo && d.packet.split(' ')[1] !== e.snatTo) return { reason: `left as ${d.packet}, not SNATed to ${e.snatTo}`, hop: q };
        return null;
      },
    };
  },
);
