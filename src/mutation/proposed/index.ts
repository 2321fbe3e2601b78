/**
 * Invariants the mutation score suggests adding (prototypes: they live here until they are
 * adopted into src/invariants). Each catches faults the built-in invariants miss; each holds on
 * every healthy generated cloud (proposed.test.ts).
 */
import { broadcastReachesEveryHostOfItsNetwork } from './broadcastReachesEveryHostOfItsNetwork';
import { everyInstanceReachesTheInternet } from './everyInstanceReachesTheInternet';
import { framesStayOnTheirNetwork } from './framesStayOnTheirNetwork';
import { l2popDecidesUnicast } from './l2popDecidesUnicast';
import { metadataProxyNotDirectlyReachable } from './metadataProxyNotDirectlyReachable';
import { overlayComplete } from './overlayComplete';
import { routerPortsWired } from './routerPortsWired';
import { securityGroupsOnPath } from './securityGroupsOnPath';
import { strangersDroppedAtIngress } from './strangersDroppedAtIngress';

export const proposedInvariants = [
  everyInstanceReachesTheInternet, routerPortsWired, framesStayOnTheirNetwork, securityGroupsOnPath,
  l2popDecidesUnicast, broadcastReachesEveryHostOfItsNetwork, metadataProxyNotDirectlyReachable, overlayComplete,
  strangersDroppedAtIngress,
] as const;
