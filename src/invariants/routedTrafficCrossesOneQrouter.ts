import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { expectations } from './expectations';
import { shareANetwork, type InstanceInfo } from './flows';
import { routerBetween } from './routers';

/** Seed claim: between networks on one router, traffic is routed once, by that router's qrouter. */
export const routedTrafficCrossesOneQrouter = defineFlowInvariant(
  'routedTrafficCrossesOneQrouter',
  'traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router',
  (sim) => {
    const between = routerBetween(sim);
    const expect = expectations(sim);
    return {
      // A guest learns its gateway over DHCP: without it, nothing is owed off its subnet. Two
      // subnets of one network are on-link to each other (DHCP's option 121): never routed.
      appliesByRelation: true, applies: (a, b) => typeof b !== 'string' && !shareANetwork(a, b) && !!between(a.subnet, b.subnet) && expect.configuredByDhcp(a),
      verdict: (t, a, b) => {
        const router = between(a.subnet, (b as InstanceInfo).subnet)!;
        const qrouters = mainPath(t.root).filter((h) => h.role === 'qrouter');
        if (t.disposition.kind !== 'delivered') {
          if (!expect.securityGroupsAllow(a, b as InstanceInfo) || !expect.configuredByDhcp(b as InstanceInfo)) return null;
          return { reason: `not delivered: ${dispositionText(t.disposition)}`, hop: qrouters[0] };
        }
        if (qrouters.length !== 1) return { reason: `crossed ${qrouters.length} qrouter namespaces`, hop: qrouters[1] };
        if (qrouters[0].device !== `qrouter-${router.id}`) return { reason: `routed by ${qrouters[0].device}, not ${router.name}'s qrouter`, hop: qrouters[0] };
        // The answer is routed back by the same qrouter (and only it).
        const back = t.reply ? mainPath(t.reply).filter((h) => h.role === 'qrouter') : [];
        if (t.reply && (back.length !== 1 || back[0].device !== qrouters[0].device)) {
          return { reason: `the reply crossed ${back.map((h) => h.device).join(', ') || 'no qrouter'}, not ${router.name}'s qrouter alone`, hop: back[0] };
        }
        // ... and matched there the conntrack entry the request created, in its reply direction; a
        // distributed router routes the answer on the receiver's host, in another namespace of its own.
        if (t.reply && !router.distributed && !back[0].steps.some((s) => s.t === 'ct' && s.state === 'ESTABLISHED' && s.dir === 'reply')) {
          return { reason: `the reply matched no conntrack entry of the request in ${router.name}'s qrouter`, hop: back[0] };
        }
        return null;
      },
      // Held on a delivered flow, every check is of one leg: its one qrouter is where the legs
      // meet, and the answer's too. Held because nothing was owed, a splice may owe something.
      splices: (t) => t.disposition.kind === 'delivered',
    };
  },
);
