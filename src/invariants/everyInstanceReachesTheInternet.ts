import { defineFlowInvariant } from './define';
import { instancesOf } from './flows';
import { routersBySubnet } from '../model/queries';
import { internetExitOf } from './routers';
import { finalHop } from '../assert/paths';
import { mainPath, requestOutcome } from '../trace/leaves';
import { dispositionText } from '../trace/steps';

/**
 * Proposed: every instance on a DHCP-enabled subnet attached to a router with a gateway reaches
 * the internet, leaving through that router's qg-, SNATed to the router's gateway address when
 * enable_snat, or to its floating IP when it has one (onlyOneGatewayPerRouter checks one instance per router and not the source address);
 * the internet host's answer comes back in through the same qg- with the SNAT undone by conntrack.
 */
export const everyInstanceReachesTheInternet = defineFlowInvariant(
  'everyInstanceReachesTheInternet',
  "every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address (or the instance's floating IP), and the answer comes back through that qg-, un-SNATed",
  (sim) => {
    const routersOf = routersBySubnet(sim.cloud);
    const expected = new Map<string, { ns: string; qg: string; router: string; snatTo?: string }>();
    for (const i of instancesOf(sim)) {
      const subnet = sim.cloud.subnets.find((s) => s.id === i.subnet)!;
      const router = routersOf(i.subnet).find((r) => r.gw_port_id);
      if (!subnet.enable_dhcp || !router) continue;
      const gw = sim.cloud.ports.find((p) => p.id === router.gw_port_id)!;
      // An instance with a floating IP leaves as its FIP (float-snat, whatever enable_snat says).
      const fip = sim.cloud.floatingips.find((f) => f.port_id === i.instance.ports[0] && f.router_id === router.id)?.floating_ip_address;
      // A distributed router's exit is its snat namespace's qg-, or the rfp- for a floating IP.
      const exit = internetExitOf(sim, router, i.instance.ports[0]);
      expected.set(i.instance.name, {
        ns: exit.ns, qg: exit.dev, router: router.name,
        snatTo: fip ?? (router.external_gateway_info?.enable_snat ? gw.fixed_ips[0]?.ip_address : undefined),
      });
    }
    return {
      appliesByRelation: true, applies: (from, to) => to === 'internet' && expected.has(from.instance.name),
      verdict: (t, from) => {
        const e = expected.get(from.instance.name)!;
        const d = requestOutcome(t);
        if (d.kind !== 'delivered') return { reason: `did not reach the internet: ${dispositionText(d)}` };
        const q = mainPath(t.root).find((h) => h.device === e.ns);
        if (!q || q.out !== e.qg) return { reason: `did not leave ${e.router} through ${e.qg}`, hop: q };
        const snat = q.steps.find((s) => s.t === 'nat' && s.kind === 'SNAT');
        if (e.snatTo && (snat?.t !== 'nat' || snat.after !== e.snatTo)) {
          return { reason: `left ${e.qg} as ${snat?.t === 'nat' ? snat.after : t.flow.src}, not SNATed to ${e.snatTo}`, hop: q };
        }
        // Round trip: the answer comes back in through the same qg-, its SNAT undone by conntrack.
        if (t.disposition.direction === 'reply') return { reason: `the internet's answer never got back: ${dispositionText(t.disposition)}`, hop: finalHop(t) };
        const back = t.reply ? mainPath(t.reply).find((h) => h.device === e.ns) : undefined;
        if (!back || back.in !== e.qg) return { reason: `the answer did not come back in through ${e.qg}`, hop: back };
        if (e.snatTo && !back.steps.some((s) => s.t === 'nat' && s.kind === 'unSNAT' && s.before === e.snatTo)) {
          return { reason: `the answer to ${e.snatTo} was not un-SNATed in ${e.router}`, hop: back };
        }
        return null;
      },
    };
  },
);
