/**
 * Neutron's rules for distributed (DVR) routers, checked on a sound shape: where the L3 agent
 * modes let each part of a router run (l3_agent_scheduler, l3_dvrscheduler_db), and what the
 * model leaves out. Also counts the addresses the SNAT and floating IP gateway ports will take.
 */
import type { Add, Coll, Item } from './shape';
import type { FloatingIpSpec, HostSpec, InstanceSpec, NetworkSpec, OptionsSpec, RouterSpec, SubnetSpec } from './spec';
import type { Agent } from './types';
import { isHaRouter } from './normalize-ha';
import { isDvrAgentMode, isDvrRouter } from './normalize-dvr';
import { DEFAULT_IFACES, isTunnel } from './defaults';

/** What validate.ts knows that these rules read. */
export interface DvrCheckView {
  hosts: Coll<HostSpec>;
  networks: Coll<NetworkSpec>;
  subnets: Coll<SubnetSpec>;
  routers: Coll<RouterSpec>;
  instances: Coll<InstanceSpec>;
  opts: OptionsSpec;
  /** undefined where the item's shape is broken. */
  floatingips: (FloatingIpSpec | undefined)[];
  add: Add;
  hasAgent(h: Item<HostSpec>, a: Agent): boolean;
  /** The subnet an instance port's first address is on (its network's first when fixed_ips is omitted). */
  portSubnet(p: InstanceSpec['ports'][number]): Item<SubnetSpec> | undefined;
  /** Registers an address the normalizer will allocate on this subnet. */
  demand(subnet: Item<SubnetSpec>, at: string, what: string): void;
  /** The first subnet of a network, where a floating IP gateway port takes its address. */
  firstSubnet(net: Item<NetworkSpec>): Item<SubnetSpec> | undefined;
}

export function checkDistributedRouters(v: DvrCheckView): void {
  const modeOf = (h: Item<HostSpec>) => (v.hasAgent(h, 'l3') ? h.v.agent_mode ?? 'legacy' : undefined);
  for (const h of v.hosts.items) {
    if (h.v.agent_mode !== undefined && !v.hasAgent(h, 'l3')) {
      v.add(`${h.at}.agent_mode`, 'host-agent', `host ${h.v.name} sets agent_mode, an L3 agent option, but runs no l3 agent`);
    }
  }
  const snatHosts = v.hosts.items.filter((h) => modeOf(h) === 'dvr_snat');
  /** subnet spec → the distributed router with an interface on it. */
  const dvrSubnets = new Map<SubnetSpec, RouterSpec>();
  for (const { v: r, at } of v.routers.items) {
    const distributed = isDvrRouter(r, v.opts);
    const host = r.host !== undefined ? v.hosts.find(r.host) : undefined;
    if (!distributed) {
      // Centralized routers are scheduled to legacy and dvr_snat agents only.
      if (host && modeOf(host) === 'dvr') v.add(`${at}.host`, 'dvr-agent-mode', `host ${host.v.name} runs its L3 agent in dvr mode, which hosts distributed routers only; router ${r.name} is not distributed`);
      continue;
    }
    const dAt = r.distributed !== undefined ? `${at}.distributed` : 'options.router_distributed';
    if (isHaRouter(r, v.opts)) {
      v.add(dAt, 'dvr-unsupported', `router ${r.name} is both distributed and HA (DVR with VRRP SNAT); netspec models distributed or HA routers, not both`);
      continue;
    }
    if (v.opts.firewall_driver === 'openvswitch') {
      v.add(dAt, 'dvr-unsupported', `router ${r.name} is distributed and firewall_driver is openvswitch; netspec models DVR under iptables_hybrid, as the DVR guide deploys it`);
    }
    if (r.external_gateway_info) {
      const gAt = `${at}.external_gateway_info`;
      if (host && modeOf(host) !== 'dvr_snat') {
        v.add(`${at}.host`, 'dvr-agent-mode', `router ${r.name} is distributed with a gateway: its SNAT runs on an L3 agent in dvr_snat mode, and host ${host.v.name} is ${modeOf(host) ? `in ${modeOf(host)} mode` : 'without an l3 agent'}`);
      } else if (!host && !snatHosts.length && v.hosts.complete) {
        v.add(gAt, 'dvr-agent-mode', `router ${r.name} is distributed with a gateway, so its SNAT needs an L3 agent in dvr_snat mode; no host sets agent_mode: dvr_snat`);
      }
    }
    r.interfaces?.forEach((f, j) => {
      const s = v.subnets.find(f.subnet);
      if (!s) return;
      const net = v.networks.find(s.v.network);
      if (net && !isTunnel(net.v['provider:network_type'])) {
        v.add(`${at}.interfaces[${j}].subnet`, 'dvr-unsupported', `distributed router ${r.name} on ${net.v['provider:network_type']} network ${net.v.name}: netspec models DVR on tunnelled (vxlan, gre) tenant networks`);
      }
      dvrSubnets.set(s.v, r);
      if (r.external_gateway_info) v.demand(s, `${at}.interfaces[${j}]`, `the centralized SNAT port of router ${r.name}`);
    });
  }
  if (!dvrSubnets.size) return;
  for (const { v: inst, at } of v.instances.items) {
    const h = v.hosts.find(inst.host);
    if (!h) continue;
    for (const p of inst.ports) {
      const s = v.portSubnet(p);
      const r = s && dvrSubnets.get(s.v);
      if (!r || isDvrAgentMode(modeOf(h))) continue;
      v.add(`${at}.host`, 'dvr-agent-mode', `instance ${inst.name} on ${h.v.name} is on subnet ${s!.v.name} of distributed router ${r.name}, which routes on the instance's own host: ${h.v.name} needs an L3 agent in dvr mode (agent_mode: dvr)`);
      break;
    }
  }
  const gateways = new Set<string>();
  v.floatingips.forEach((f, k) => {
    if (!f) return;
    const inst = f.instance !== undefined ? v.instances.find(f.instance)
      : v.instances.items.find((i) => i.v.ports.some((p) => p.id !== undefined && p.id === f.port_id));
    const port = inst && (f.instance !== undefined ? inst.v.ports[0] : inst.v.ports.find((p) => p.id === f.port_id));
    const s = port && v.portSubnet(port);
    const r = s && dvrSubnets.get(s.v);
    const net = v.networks.find(f.floating_network_id);
    const h = inst && v.hosts.find(inst.v.host);
    if (!r || !net || !h || !r.external_gateway_info) return;
    // The fip- namespace's fg- port is on the external network, bridged on the instance's host.
    const phys = net.v['provider:physical_network'];
    if (!isTunnel(net.v['provider:network_type']) && (h.v.external?.physical_network ?? (h.v.external ? DEFAULT_IFACES.physical_network : undefined)) !== phys) {
      v.add(`floatingips[${k}]`, 'dvr-fip-bridge', `floating IP ${f.floating_ip_address} is on distributed router ${r.name}, so it is served on ${h.v.name}, the instance's host: ${h.v.name} needs an external interface bridged to physical network ${phys} (external.physical_network) for its fg- port`);
    }
    const key = `${h.v.name}|${net.v.name}`;
    const first = v.firstSubnet(net);
    if (!gateways.has(key) && first) v.demand(first, `floatingips[${k}]`, `the floating IP agent gateway port of ${h.v.name}`);
    gateways.add(key);
  });
}
