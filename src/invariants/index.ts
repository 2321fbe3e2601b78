import { dhcpAnsweredByOwnQdhcp } from './dhcpAnsweredByOwnQdhcp';
import { localVlanStaysInsideHost } from './localVlanStaysInsideHost';
import { metadataReachesProxy } from './metadataReachesProxy';
import { onlyOneGatewayPerRouter } from './onlyOneGatewayPerRouter';
import { routedTrafficCrossesOneQrouter } from './routedTrafficCrossesOneQrouter';
import { sameNetworkNeverRouted } from './sameNetworkNeverRouted';
import { tunnelIdMatchesNetwork } from './tunnelIdMatchesNetwork';
import { unroutedNetworksIsolated } from './unroutedNetworksIsolated';
import type { Invariant } from './types';

export {
  dhcpAnsweredByOwnQdhcp, localVlanStaysInsideHost, metadataReachesProxy, onlyOneGatewayPerRouter,
  routedTrafficCrossesOneQrouter, sameNetworkNeverRouted, tunnelIdMatchesNetwork, unroutedNetworksIsolated,
};
export { defineFlowInvariant, defineStateInvariant } from './define';
export { searchCounterexamples } from './search';
export type { CheckOptions, Destination, FlowJudge, Invariant, InvariantResult, StateCase, Verdict, Violation } from './types';

/** Every built-in invariant, in the order `netspec check` reports them. */
export const builtinInvariants: readonly Invariant[] = [
  sameNetworkNeverRouted, dhcpAnsweredByOwnQdhcp, metadataReachesProxy, tunnelIdMatchesNetwork,
  localVlanStaysInsideHost, unroutedNetworksIsolated, routedTrafficCrossesOneQrouter, onlyOneGatewayPerRouter,
];
