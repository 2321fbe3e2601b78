import type { Trace } from '../trace/types';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';
import type { Simulation } from '../simulation';
import { allPaths, brIntPortInto, portOfDevice } from './branch-paths';

const SG = /^neutron-openvswi-(sg-chain|sg-fallback|[ios].{10})$/;

/**
 * Proposed: every frame to or from a port with port security passes that port's security-group
 * pipeline: with iptables_hybrid, its qbr's FORWARD verdict comes from the security-group chains
 * (never the chain policy); with the openvswitch driver, br-int sends it through table 71 when it
 * comes from the port and through table 81 before it goes to the port.
 */
export const securityGroupsOnPath = defineFlowInvariant(
  'securityGroupsOnPath',
  "every frame to or from a port with port security is judged by that port's security-group pipeline (qbr FORWARD chains, or br-int tables 71/81)",
  (sim) => ({ appliesByRelation: true, applies: () => true, verdict: (t) => check(sim, t), splices: () => true }),
);

function check(sim: Simulation, t: Trace): Verdict {
  const dp = sim.dataplane;
  const secured = (dev: string | undefined) => !!dev && !!portOfDevice(sim.cloud, dev)?.port_security_enabled
    && ['compute:nova', 'trunk:subport'].includes(portOfDevice(sim.cloud, dev)!.device_owner);
  const native = sim.cloud.options.firewall_driver === 'openvswitch';
  // A VIF on br-int: an instance's tap, or a trunk's parent (tpi-) or subport (spi-) patch.
  const vif = (dev: string | undefined) => !!dev && /^(tap|tpi-|spi-)/.test(dev) && secured(dev);
  for (const path of allPaths(t)) {
    for (let i = 0; i < path.length; i++) {
      const h = path[i];
      if (h.kind === 'linux-bridge' && h.device.startsWith('qbr') && secured(h.device)) {
        const f = h.steps.find((s) => s.t === 'filter' && s.chain === 'FORWARD'); // not a raw-table NOTRACK before it
        // br_netfilter passes 802.1Q-tagged frames by: a trunk's subport traffic crosses qbr unjudged.
        if (h.inVlan) return { reason: `${h.device}@${h.host} bridged a frame tagged ${h.inVlan} (a trunk subport's) without any security group: iptables_hybrid does not filter subports (config-trunking.rst); use the openvswitch firewall driver`, hop: h };
        if (!f || f.t !== 'filter' || f.policy || !SG.test(f.ruleChain ?? '')) {
          return { reason: `${h.device}@${h.host} forwarded without its security-group chains (${f && f.t === 'filter' ? (f.policy ? 'FORWARD policy' : f.ruleChain) : 'no FORWARD verdict'})`, hop: h };
        }
      }
      if (h.device !== 'br-int') continue;
      const tables = new Set(h.steps.flatMap((s) => (s.t === 'flow' ? [s.flow.table] : [])));
      if (native && vif(h.in) && !tables.has(71)) return { reason: `br-int@${h.host} took a frame from ${h.in} without its egress tables (71)`, hop: h };
      const next = path[i + 1];
      const out = next && next.host === h.host ? brIntPortInto(dp, next) : undefined;
      // A broadcast's copy for a bystander port is not addressed to it (the model floods those past table 81).
      const addressed = !!out && h.steps.some((s) => s.t === 'mac' && s.mac === portOfDevice(sim.cloud, out)?.mac_address);
      const bystander = !addressed && h.steps.some((s) => s.t === 'mac' && s.op === 'flood');
      if (native && vif(out) && !bystander && !tables.has(81)) return { reason: `br-int@${h.host} sent a frame to ${out} without its ingress tables (81)`, hop: h };
    }
  }
  return null;
}
