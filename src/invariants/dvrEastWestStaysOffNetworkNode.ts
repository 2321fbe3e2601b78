import type { Hop } from '../trace/types';
import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { FABRIC } from '../dataplane/fabric';
import { defineFlowInvariant } from './define';
import { expectations } from './expectations';
import type { InstanceInfo } from './flows';
import { routerBetween } from './routers';

/**
 * deploy-ovs-ha-dvr.rst, east-west scenario 1: between networks on a distributed router, traffic
 * is routed by the router's qrouter on the sender's host (the answer on the receiver's), and its
 * frames touch no host but those two: never the network node, which holds only the SNAT part.
 * Judged on every pair of instances on different subnets of one distributed router, request and
 * answer walked whole. Not applicable where no router is distributed.
 */
export const dvrEastWestStaysOffNetworkNode = defineFlowInvariant(
  'dvrEastWestStaysOffNetworkNode',
  "traffic between instances on networks of a distributed router is routed by that router's qrouter on the sender's host and touches no host but the sender's and the receiver's",
  (sim) => {
    const between = routerBetween(sim);
    const expect = expectations(sim);
    return {
      appliesByRelation: true, applies: (a, b) => typeof b !== 'string' && a.subnet !== b.subnet && a.network !== b.network
        && between(a.subnet, b.subnet)?.distributed === true && expect.configuredByDhcp(a),
      verdict: (t, a, b) => {
        const to = b as InstanceInfo;
        const router = between(a.subnet, to.subnet)!;
        const ns = `qrouter-${router.id}`;
        const ends = new Set([a.host, to.host, FABRIC]);
        const legs: [string, Hop[]][] = [['request', mainPath(t.root)], ...(t.reply ? [['answer', mainPath(t.reply)] as [string, Hop[]]] : [])];
        for (const [what, hops] of legs) {
          const stray = hops.find((h) => !ends.has(h.host));
          if (stray) return { reason: `the ${what} reached ${stray.host} (${stray.device}), a host that is neither the sender's (${a.host}) nor the receiver's (${to.host})`, hop: stray };
        }
        const routed = legs[0][1].filter((h) => h.role === 'qrouter');
        const delivered = t.disposition.kind === 'delivered';
        if (!routed.length) {
          if (!delivered && (!expect.securityGroupsAllow(a, to) || !expect.configuredByDhcp(to))) return null;
          return { reason: `never routed by ${router.name}: ${dispositionText(t.disposition)}` };
        }
        const wrong = routed.find((h) => h.device !== ns || h.host !== a.host);
        if (wrong) return { reason: `routed by ${wrong.device} on ${wrong.host}, not by ${router.name}'s qrouter on the sender's host ${a.host}`, hop: wrong };
        if (routed.length > 1) return { reason: `routed ${routed.length} times on the way`, hop: routed[1] };
        if (!delivered && expect.securityGroupsAllow(a, to) && expect.configuredByDhcp(to)) return { reason: `not delivered: ${dispositionText(t.disposition)}` };
        const back = t.reply ? mainPath(t.reply).filter((h) => h.role === 'qrouter') : [];
        const wrongBack = back.find((h) => h.device !== ns || h.host !== to.host);
        if (wrongBack) return { reason: `the answer was routed by ${wrongBack.device} on ${wrongBack.host}, not on the receiver's host ${to.host}`, hop: wrongBack };
        return null;
      },
    };
  },
);
