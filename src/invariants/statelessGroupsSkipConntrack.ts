import type { Port } from '../model/types';
import type { Simulation } from '../simulation';
import type { Trace } from '../trace/types';
import { allPaths, portOfDevice } from './branch-paths';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';

/**
 * iptables_hybrid (iptables_firewall.py, _get_jump_rules): a port in a stateless group (Neutron
 * keeps a port's groups all stateful or all stateless; its first says which) is exempt from
 * conntrack by `raw PREROUTING -j CT --notrack` rules for what enters its qbr, so its answers need
 * rules of their own; a stateful port is tracked. Judged on every frame crossing a secured
 * instance's qbr, in every path of every flow, answers included. Not applicable under the
 * openvswitch firewall (which ignores `stateful`) or where no group is stateless.
 */
export const statelessGroupsSkipConntrack = defineFlowInvariant(
  'statelessGroupsSkipConntrack',
  "under iptables_hybrid, every frame crossing the qbr of a port in a stateless security group skips conntrack (raw PREROUTING CT --notrack), and every frame crossing a stateful port's qbr is tracked",
  (sim) => {
    const applicable = sim.cloud.options.firewall_driver === 'iptables_hybrid' && sim.cloud.security_groups.some((g) => g.stateful === false);
    return { appliesByRelation: true, applies: () => applicable, verdict: (t) => check(sim, t), splices: () => true };
  },
);

function stateless(sim: Simulation, port: Port): boolean {
  const first = port.security_groups[0];
  return first !== undefined && sim.cloud.security_groups.find((g) => g.id === first)?.stateful === false;
}

function check(sim: Simulation, t: Trace): Verdict {
  for (const path of allPaths(t)) {
    for (const h of path) {
      if (h.kind !== 'linux-bridge' || !h.device.startsWith('qbr') || h.inVlan) continue;
      const port = portOfDevice(sim.cloud, h.device);
      if (!port?.port_security_enabled || port.device_owner !== 'compute:nova') continue;
      // Only a frame qbr handed to iptables was looked up in conntrack (or exempted).
      if (!h.steps.some((s) => s.t === 'ct' || s.t === 'filter')) continue;
      const untracked = h.steps.some((s) => s.t === 'filter' && s.table === 'raw' && s.rule?.target.type === 'NOTRACK');
      const group = sim.cloud.security_groups.find((g) => g.id === port.security_groups[0])?.name ?? 'none';
      if (stateless(sim, port) && !untracked) return { reason: `${h.device}@${h.host} tracked a frame of a port in stateless group ${group}: no raw PREROUTING CT --notrack rule exempted it`, hop: h };
      if (!stateless(sim, port) && untracked) return { reason: `${h.device}@${h.host} exempted a frame of a port in stateful group ${group} from conntrack (CT --notrack): its answers are never ESTABLISHED`, hop: h };
    }
  }
  return null;
}
