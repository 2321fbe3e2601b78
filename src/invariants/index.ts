import { dhcpAnsweredByOwnQdhcp } from './dhcpAnsweredByOwnQdhcp';
import { localVlanStaysInsideHost } from './localVlanStaysInsideHost';
import { metadataReachesProxy } from './metadataReachesProxy';
import { onlyOneGatewayPerRouter } from './onlyOneGatewayPerRouter';
import { routedTrafficCrossesOneQrouter } from './routedTrafficCrossesOneQrouter';
import { sameNetworkNeverRouted } from './sameNetworkNeverRouted';
import { tunnelIdMatchesNetwork } from './tunnelIdMatchesNetwork';
import { unroutedNetworksIsolated } from './unroutedNetworksIsolated';
import { everyInstanceReachesTheInternet } from './everyInstanceReachesTheInternet';
import { routerPortsWired } from './routerPortsWired';
import { framesStayOnTheirNetwork } from './framesStayOnTheirNetwork';
import { securityGroupsOnPath } from './securityGroupsOnPath';
import { l2popDecidesUnicast } from './l2popDecidesUnicast';
import { broadcastReachesEveryHostOfItsNetwork } from './broadcastReachesEveryHostOfItsNetwork';
import { metadataProxyNotDirectlyReachable } from './metadataProxyNotDirectlyReachable';
import { overlayComplete } from './overlayComplete';
import { strangersDroppedAtIngress } from './strangersDroppedAtIngress';
import { everyInstanceReachesItsGateway } from './everyInstanceReachesItsGateway';
import { floatingIpReachesItsInstance } from './floatingIpReachesItsInstance';
import { dhcpGuestsGetTheirSubnetSettings } from './dhcpGuestsGetTheirSubnetSettings';
import { haRouterHasExactlyOneActive } from './haRouterHasExactlyOneActive';
import { haBackupsCanTakeOver } from './haBackupsCanTakeOver';
import { dvrEastWestStaysOffNetworkNode } from './dvrEastWestStaysOffNetworkNode';
import { trunkPortsKeepTheirVlans } from './trunkPortsKeepTheirVlans';
import { arpStaysOnItsNetwork } from './arpStaysOnItsNetwork';
import { dvrMacsStayLocal } from './dvrMacsStayLocal';
import { allowedAddressPairsPass } from './allowedAddressPairsPass';
import { statelessGroupsSkipConntrack } from './statelessGroupsSkipConntrack';
import type { Invariant } from './types';

export {
  everyInstanceReachesTheInternet, routerPortsWired, framesStayOnTheirNetwork, securityGroupsOnPath, l2popDecidesUnicast, broadcastReachesEveryHostOfItsNetwork, metadataProxyNotDirectlyReachable, overlayComplete, strangersDroppedAtIngress, everyInstanceReachesItsGateway, dhcpGuestsGetTheirSubnetSettings,
  dhcpAnsweredByOwnQdhcp, localVlanStaysInsideHost, metadataReachesProxy, onlyOneGatewayPerRouter,
  routedTrafficCrossesOneQrouter, sameNetworkNeverRouted, tunnelIdMatchesNetwork, unroutedNetworksIsolated, floatingIpReachesItsInstance,
  haRouterHasExactlyOneActive, haBackupsCanTakeOver, dvrEastWestStaysOffNetworkNode, trunkPortsKeepTheirVlans, arpStaysOnItsNetwork,
  dvrMacsStayLocal, allowedAddressPairsPass, statelessGroupsSkipConntrack,
};
export { defineFlowInvariant, defineStateInvariant } from './define';
export { searchCounterexamples } from './search';
export type { CheckOptions, Destination, FlowJudge, Invariant, InvariantResult, StateCase, Verdict, Violation } from './types';

/** The invariants named first: the seed articles' claims. */
export const seedInvariants: readonly Invariant[] = [
  sameNetworkNeverRouted, dhcpAnsweredByOwnQdhcp, metadataReachesProxy, tunnelIdMatchesNetwork,
  localVlanStaysInsideHost, unroutedNetworksIsolated, routedTrafficCrossesOneQrouter, onlyOneGatewayPerRouter,
];

/**
 * Invariants the mutation score asked for: each catches faults the seed invariants miss (a
 * missing l2pop flow hidden by MAC learning, a stale flood list, a wrong tag on a port that
 * only broadcasts reveal, ...) and holds on every healthy generated cloud.
 */
export const structuralInvariants: readonly Invariant[] = [
  everyInstanceReachesTheInternet, routerPortsWired, framesStayOnTheirNetwork, securityGroupsOnPath, l2popDecidesUnicast, broadcastReachesEveryHostOfItsNetwork, metadataProxyNotDirectlyReachable, overlayComplete, strangersDroppedAtIngress, arpStaysOnItsNetwork,
];

/**
 * Invariants that demand something happens, added because only-forbidding invariants held
 * vacuously on a cloud whose every guest NIC was down.
 */
export const livenessInvariants: readonly Invariant[] = [everyInstanceReachesItsGateway, dhcpGuestsGetTheirSubnetSettings];

/** Invariants about traffic from outside the cloud: floating IPs on legacy routers. */
export const floatingIpInvariants: readonly Invariant[] = [floatingIpReachesItsInstance];

/** Invariants about HA (VRRP) routers: one primary, traffic through it alone, and backups ready to take over. */
export const haRouterInvariants: readonly Invariant[] = [haRouterHasExactlyOneActive, haBackupsCanTakeOver];

/** Invariants about distributed (DVR) routers: east-west routed where it starts. */
export const dvrRouterInvariants: readonly Invariant[] = [dvrEastWestStaysOffNetworkNode, dvrMacsStayLocal];

/** Invariants about trunks: the parent untagged, each subport on its VLAN. */
export const trunkInvariants: readonly Invariant[] = [trunkPortsKeepTheirVlans];

/** Invariants about the security-group features beyond rules: allowed address pairs, stateless groups. */
export const securityGroupInvariants: readonly Invariant[] = [allowedAddressPairsPass, statelessGroupsSkipConntrack];

/** Every built-in invariant, in the order `netspec check` reports them. */
export const builtinInvariants: readonly Invariant[] = [...seedInvariants, ...structuralInvariants, ...livenessInvariants, ...floatingIpInvariants, ...haRouterInvariants, ...dvrRouterInvariants, ...trunkInvariants, ...securityGroupInvariants];
