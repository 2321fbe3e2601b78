import type { Cloud, Host, Network, Port, Router, SecurityGroup, Subnet } from '../model/types';
import { hostsWiring, isIsolatedSubnet, isRouterInterfaceOwner } from '../model/queries';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4';
import { PlaneBuilder } from './plane-builder';
import { dvrRouterHosts } from '../model/normalize-dvr';

/** Lookups every agent needs, built once per realize. */
export class RealizeContext {
  readonly plane = new PlaneBuilder();
  readonly networks = new Map<string, Network>();
  readonly subnets = new Map<string, Subnet>();
  readonly ports = new Map<string, Port>();
  readonly hosts = new Map<string, Host>();
  readonly routers = new Map<string, Router>();
  /** host → network id → local VLAN (the OVS agent's `vlanmanager`). */
  readonly localVlans = new Map<string, Map<string, number>>();
  /** host → network ids with ports wired there. */
  readonly networksOnHost = new Map<string, Set<string>>();
  /** network id → hosts with ports of the network. */
  readonly hostsOfNetwork = new Map<string, Set<string>>();
  /** Indexes, so realizing stays linear in the size of the cloud. */
  readonly portsByNetwork = new Map<string, Port[]>();
  readonly portsByHost = new Map<string, Port[]>();
  readonly dhcpPortByNetwork = new Map<string, Port>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  private readonly groupMembers = new Map<string, string[]>();
  private readonly prefixes = new Map<string, number>();
  private readonly isolated = new Map<string, boolean>();
  /** Distributed router id → the hosts it is instantiated on, SNAT host first (dvrRouterHosts). */
  readonly dvrHosts: ReadonlyMap<string, readonly string[]>;

  constructor(readonly cloud: Cloud) {
    this.dvrHosts = dvrRouterHosts(cloud);
    for (const n of cloud.networks) this.networks.set(n.id, n);
    for (const s of cloud.subnets) this.subnets.set(s.id, s);
    for (const p of cloud.ports) this.ports.set(p.id, p);
    for (const h of cloud.hosts) this.hosts.set(h.name, h);
    for (const r of cloud.routers) this.routers.set(r.id, r);
    for (const g of cloud.security_groups) this.securityGroups.set(g.id, g);
    for (const p of cloud.ports) {
      push(this.portsByNetwork, p.network_id, p);
      for (const host of hostsWiring(this.routers, p, this.dvrHosts)) push(this.portsByHost, host, p);
      if (p.device_owner === 'network:dhcp' && !this.dhcpPortByNetwork.has(p.network_id)) this.dhcpPortByNetwork.set(p.network_id, p);
      // A remote group's members are its ports' fixed IPs and allowed address pairs (_select_ips_for_remote_group).
      for (const g of p.security_groups) {
        for (const f of p.fixed_ips) push(this.groupMembers, g, f.ip_address);
        for (const a of p.allowed_address_pairs) push(this.groupMembers, g, a.ip_address);
      }
    }
    const routerIps = new Set(cloud.ports.filter((p) => isRouterInterfaceOwner(p.device_owner))
      .flatMap((p) => p.fixed_ips.map((f) => `${f.subnet_id}/${f.ip_address}`)));
    for (const s of cloud.subnets) this.isolated.set(s.id, !s.gateway_ip || !routerIps.has(`${s.id}/${s.gateway_ip}`));
    this.allocateLocalVlans();
  }

  runs(host: string, agent: Host['agents'][number]): boolean {
    return this.hosts.get(host)?.agents.includes(agent) ?? false;
  }

  hostsRunning(agent: Host['agents'][number]): Host[] {
    return this.cloud.hosts.filter((h) => h.agents.includes(agent));
  }

  portsOn(host: string): Port[] {
    return this.portsByHost.get(host) ?? [];
  }

  /** The fixed IPs and allowed address pairs of every port in a security group: the agent's `NIPv4<sg>` ipset. */
  membersOf(groupId: string): string[] {
    return this.groupMembers.get(groupId) ?? [];
  }

  lvid(host: string, networkId: string): number | undefined {
    return this.localVlans.get(host)?.get(networkId);
  }

  subnetOf(ip: string, networkId: string): Subnet | undefined {
    const n = parseIp(ip);
    return this.cloud.subnets.find((s) => s.network_id === networkId && cidrContains(parseCidr(s.cidr), n));
  }

  prefixLen(subnetId: string): number {
    let p = this.prefixes.get(subnetId);
    if (p === undefined) this.prefixes.set(subnetId, (p = parseCidr(this.subnets.get(subnetId)!.cidr).prefix));
    return p;
  }

  /** A subnet is isolated unless a router interface holds exactly its gateway_ip (dhcp.py get_isolated_subnets). */
  isIsolated(subnet: Subnet): boolean {
    return this.isolated.get(subnet.id) ?? isIsolatedSubnet(this.cloud, subnet);
  }

  /**
   * One local VLAN per (host, network), taken when the first port of that network is wired on the
   * host. Neutron pops an arbitrary free tag; we take them in port order so a cloud always realizes
   * the same way, and tags still differ between hosts as they do in Neutron.
   */
  private allocateLocalVlans(): void {
    for (const port of this.cloud.ports) for (const host of hostsWiring(this.routers, port, this.dvrHosts)) {
      if (!this.runs(host, 'ovs')) continue;
      let vlans = this.localVlans.get(host);
      if (!vlans) this.localVlans.set(host, (vlans = new Map()));
      if (!vlans.has(port.network_id)) vlans.set(port.network_id, vlans.size + 1);
      let nets = this.networksOnHost.get(host);
      if (!nets) this.networksOnHost.set(host, (nets = new Set()));
      nets.add(port.network_id);
      let hosts = this.hostsOfNetwork.get(port.network_id);
      if (!hosts) this.hostsOfNetwork.set(port.network_id, (hosts = new Set()));
      hosts.add(host);
    }
  }
}

export function addressWithPrefix(ctx: RealizeContext, port: Port): string[] {
  return port.fixed_ips.map((f) => `${f.ip_address}/${ctx.prefixLen(f.subnet_id)}`);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}
