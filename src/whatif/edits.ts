/**
 * Changes to a logical cloud, as an operator would make them through Neutron's and Nova's APIs.
 * Each edits the copy it is given (fork.ts hands it one) and refuses what Neutron would refuse,
 * with an error naming the edit, the object and the rule.
 */
import type { Agent, Cloud, Host, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet } from '../model/types';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4';
import { closest } from '../util/did-you-mean';

/** A change that names something the cloud lacks, or that Neutron would refuse. */
export class ForkError extends Error {
  override readonly name = 'ForkError';
}

/** What `setAdminState` can take down or bring up. */
export type AdminStateTarget = 'network' | 'router' | 'port';

/** Agents whose stopping takes away what they run (see stopAgent). */
export const STOPPABLE_AGENTS = ['dhcp', 'l3', 'metadata', 'nova-metadata'] as const satisfies readonly Agent[];
export type StoppableAgent = (typeof STOPPABLE_AGENTS)[number];

function find<T extends { name: string; id?: string }>(edit: string, what: string, list: readonly T[], ref: string): T {
  const hit = list.find((x) => x.name === ref) ?? list.find((x) => x.id === ref);
  if (hit) return hit;
  const near = closest(ref, list.map((x) => x.name));
  const known = list.map((x) => x.name).slice(0, 10).join(', ');
  throw new ForkError(`${edit}: no ${what} ${JSON.stringify(ref)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''} (${what}s: ${known || 'none'}${list.length > 10 ? ', …' : ''})`);
}

const subnetName = (c: Cloud, id: string) => c.subnets.find((s) => s.id === id)?.name ?? id;

/**
 * `router remove subnet`: the interface port on the subnet goes, and with it the `qr-`, its
 * routes and everything the L3 agent derived from it. A network's name stands for every subnet
 * of it the router is on. Neutron refuses while a floating IP needs the interface
 * (RouterInterfaceInUseByFloatingIP) or an extra route's next hop is on the subnet
 * (RouterInterfaceInUseByRoute); so does this.
 */
export function detachInterface(c: Cloud, routerRef: string, subnetRef: string): void {
  const edit = `detachInterface(${JSON.stringify(routerRef)}, ${JSON.stringify(subnetRef)})`;
  const router: Router = find(edit, 'router', c.routers, routerRef);
  const network = c.subnets.some((s) => s.name === subnetRef || s.id === subnetRef) ? undefined : c.networks.find((n) => n.name === subnetRef || n.id === subnetRef);
  const subnets: Subnet[] = network ? c.subnets.filter((s) => s.network_id === network.id) : [find(edit, 'subnet', c.subnets, subnetRef)];
  const ids = new Set(subnets.map((s) => s.id));
  const ports = c.ports.filter((p) => router.interfaces.includes(p.id) && p.fixed_ips.some((f) => ids.has(f.subnet_id)));
  if (!ports.length) {
    const on = c.ports.filter((p) => router.interfaces.includes(p.id)).flatMap((p) => p.fixed_ips.map((f) => subnetName(c, f.subnet_id)));
    throw new ForkError(`${edit}: ${router.name} has no interface on ${network?.name ?? subnets[0].name} (its interfaces: ${on.join(', ') || 'none'})`);
  }
  for (const subnet of subnets) {
    const cidr = parseCidr(subnet.cidr);
    const fip = c.floatingips.find((f) => f.router_id === router.id && cidrContains(cidr, parseIp(f.fixed_ip_address)));
    if (fip) throw new ForkError(`${edit}: floating IP ${fip.floating_ip_address} of ${fip.fixed_ip_address} needs this interface [RouterInterfaceInUseByFloatingIP]`);
    const route = router.routes.find((r) => cidrContains(cidr, parseIp(r.nexthop)));
    if (route) throw new ForkError(`${edit}: the route to ${route.destination} via ${route.nexthop} needs this interface [RouterInterfaceInUseByRoute]`);
  }
  const gone = new Set(ports.map((p) => p.id));
  router.interfaces = router.interfaces.filter((id) => !gone.has(id));
  c.ports = c.ports.filter((p) => !gone.has(p.id));
}

/**
 * The agent no longer runs on the host, and what it ran is gone with it: the DHCP agent's
 * `qdhcp-` namespaces and dnsmasq, the L3 agent's `qrouter-` namespaces, the metadata agent,
 * Nova's metadata API. (A merely restarted agent leaves its processes running: inject a
 * `process-down` fault to say which one died instead.) The OVS agent and nova-compute are refused:
 * their flows and guests outlive them, so their stopping changes no state netspec models.
 */
export function stopAgent(c: Cloud, agent: StoppableAgent, hostRef: string): void {
  const edit = `stopAgent(${JSON.stringify(agent)}, ${JSON.stringify(hostRef)})`;
  if (!(STOPPABLE_AGENTS as readonly string[]).includes(agent)) {
    throw new ForkError(`${edit}: agent must be one of ${STOPPABLE_AGENTS.join(', ')} (the OVS agent's flows and nova-compute's guests outlive them: inject a fault instead)`);
  }
  const host: Host = find(edit, 'host', c.hosts, hostRef);
  if (!host.agents.includes(agent)) throw new ForkError(`${edit}: ${host.name} does not run ${agent} (it runs ${host.agents.join(', ') || 'nothing'})`);
  host.agents = host.agents.filter((a) => a !== agent);
}

/**
 * Live migration: the instance and its ports move to `host` (`binding:host_id`), where the OVS
 * agent wires them; the guest keeps its addresses. The host must run nova-compute and the OVS agent.
 */
export function migrate(c: Cloud, instanceRef: string, hostRef: string): void {
  const edit = `migrate(${JSON.stringify(instanceRef)}, ${JSON.stringify(hostRef)})`;
  const instance = find(edit, 'instance', c.instances, instanceRef);
  const host: Host = find(edit, 'host', c.hosts, hostRef);
  if (instance.host === host.name) throw new ForkError(`${edit}: ${instance.name} is already on ${host.name}`);
  for (const needed of ['nova-compute', 'ovs'] as const) {
    if (!host.agents.includes(needed)) throw new ForkError(`${edit}: ${host.name} does not run ${needed}, so no instance can run there`);
  }
  instance.host = host.name;
  for (const p of c.ports) if (instance.ports.includes(p.id)) p['binding:host_id'] = host.name;
}

/**
 * `admin_state_up` of a network, a router or a port (by name or id; an instance's name stands
 * for its first port). What follows is realize's business: a down router has no `qrouter-`, a
 * down port is parked on the dead VLAN, a down network gets no `qdhcp-`.
 */
export function setAdminState(c: Cloud, target: AdminStateTarget, ref: string, up: boolean): void {
  const edit = `setAdminState(${JSON.stringify(target)}, ${JSON.stringify(ref)}, ${up})`;
  if (typeof up !== 'boolean') throw new ForkError(`${edit}: the state must be true (up) or false (down)`);
  let obj: Network | Router | Port;
  if (target === 'network') obj = find(edit, 'network', c.networks, ref);
  else if (target === 'router') obj = find(edit, 'router', c.routers, ref);
  else if (target === 'port') {
    const instance = c.instances.find((i) => i.name === ref || i.id === ref);
    const first = instance && c.ports.find((p) => p.id === instance.ports[0]);
    obj = first ?? find(edit, 'port', c.ports, ref);
  } else throw new ForkError(`${edit}: the target must be network, router or port`);
  if (obj.admin_state_up === up) throw new ForkError(`${edit}: ${obj.name} is already ${up ? 'up' : 'down'}`);
  obj.admin_state_up = up;
}

/** Which rules `removeRule` takes: an index in the group's rules, or every rule with these fields. */
export type RuleSelector = number | Partial<Omit<SecurityGroupRule, 'remote_group_id'>> & { remote_group?: string | null };

/** `security group rule delete`: by index, or every rule of the group matching all the given fields. */
export function removeRule(c: Cloud, groupRef: string, rule: RuleSelector): void {
  const edit = `removeRule(${JSON.stringify(groupRef)}, ${JSON.stringify(rule)})`;
  const group: SecurityGroup = find(edit, 'security group', c.security_groups, groupRef);
  if (typeof rule === 'number') {
    if (!Number.isInteger(rule) || rule < 0 || rule >= group.rules.length) throw new ForkError(`${edit}: ${group.name} has ${group.rules.length} rules (indexes 0-${group.rules.length - 1})`);
    group.rules = group.rules.filter((_, i) => i !== rule);
    return;
  }
  const { remote_group, ...fields } = rule;
  const remoteId = remote_group === undefined || remote_group === null ? remote_group : find(edit, 'security group', c.security_groups, remote_group).id;
  const matches = (r: SecurityGroupRule) => Object.entries(fields).every(([k, v]) => r[k as keyof SecurityGroupRule] === v)
    && (remoteId === undefined || r.remote_group_id === remoteId);
  const kept = group.rules.filter((r) => !matches(r));
  if (kept.length === group.rules.length) throw new ForkError(`${edit}: no rule of ${group.name} matches (its rules: ${group.rules.map((r) => describeRule(c, r)).join('; ')})`);
  group.rules = kept;
}

function describeRule(c: Cloud, r: SecurityGroupRule): string {
  const ports = r.port_range_min === null ? '' : ` ${r.port_range_min}${r.port_range_max !== r.port_range_min ? `-${r.port_range_max}` : ''}`;
  const remote = r.remote_ip_prefix ?? (r.remote_group_id ? `group ${c.security_groups.find((g) => g.id === r.remote_group_id)?.name ?? r.remote_group_id}` : 'any');
  return `${r.direction} ${r.protocol ?? 'any'}${ports} ${remote}`;
}
