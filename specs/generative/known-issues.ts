/**
 * Violations the generative specs know to be false alarms of today's invariants, each matched
 * precisely and demonstrated by an `it.failing` in known-issues.spec.ts (which starts failing,
 * i.e. passing, once the issue is fixed, so the excuse gets removed with it).
 */
import type { Invariant, Simulation, Violation } from 'netspec';
import { primarySubnet } from '../../src/model/queries';

export interface KnownIssue {
  id: string;
  summary: string;
  excuses(invariant: Invariant, v: Violation, sim: Simulation): boolean;
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  {
    id: 'tunnel-drop-is-not-a-landing',
    summary: 'tunnelIdMatchesNetwork reports a frame that br-tun table 3/4 drops (a VNI the host does not carry) as "put VNI n on local VLAN 0 (no network)"',
    excuses(invariant, v) {
      if (invariant.name !== 'tunnelIdMatchesNetwork' || !/ on local VLAN 0 \(no network\)$/.test(v.reason)) return false;
      const flows = v.hop?.device === 'br-tun' ? v.hop.steps.filter((s) => s.t === 'flow') : [];
      const last = flows[flows.length - 1];
      return last?.t === 'flow' && (last.flow.table === 3 || last.flow.table === 4) && last.flow.actions.every((a) => a.type === 'drop');
    },
  },
  {
    id: 'no-dhcp-no-routes',
    summary: 'an instance on a subnet without DHCP gets no routes in realize (only the connected one), yet metadataReachesProxy, routedTrafficCrossesOneQrouter and onlyOneGatewayPerRouter expect it to be routed',
    excuses(invariant, v, sim) {
      if (!['metadataReachesProxy', 'routedTrafficCrossesOneQrouter', 'onlyOneGatewayPerRouter'].includes(invariant.name)) return false;
      const from = sim.cloud.instances.find((i) => i.name === v.trace?.flow.from);
      return !!from && primarySubnet(sim.cloud, from)?.enable_dhcp === false;
    },
  },
];

/** The violations of `invariant` no known issue explains (all of them are searched for). */
export function unexplained(invariant: Invariant, sim: Simulation): Violation[] {
  return invariant.check(sim, { maxViolations: Infinity }).violations
    .filter((v) => !KNOWN_ISSUES.some((k) => k.excuses(invariant, v, sim)));
}
