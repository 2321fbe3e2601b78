/**
 * The independent choices a generated cloud is made of, and the one function that turns them into
 * a CloudSpec. Every combination of choices is a valid cloud: references are taken modulo what
 * exists (an instance's host index 3 in a cloud of two hosts is host 2), a subnet without a
 * gateway simply is not attached to its router, and addresses are left to the allocator. So
 * fast-check can shrink each choice on its own (`map`, never `chain`) and every shrink is valid.
 */
import type { CloudSpec, FloatingIpSpec, HostSpec, InstanceSpec, NetworkSpec, RouterSpec, SubnetSpec, TrunkSpec } from '../../model/spec';
import type { FirewallDriver, TunnelType } from '../../model/types';

/**
 * What a subnet is to the routers, as one choice so that no shrink can attach a subnet it did not
 * attach before: `plain` (a gateway_ip, no router), `routed` (its gateway held by router number
 * `router`, modulo the routers there are; plain if there are none) or `nogw` (no gateway_ip).
 */
export type SubnetRole = { kind: 'plain' } | { kind: 'routed'; router: number } | { kind: 'nogw' };

export interface SubnetPlan {
  prefix: number;
  dhcp: boolean;
  role: SubnetRole;
}

export interface InstancePlan {
  host: number;
  network: number;
  /** Index among the network's subnets (modulo). */
  subnet: number;
  portSecurity: boolean;
  /** A floating IP, kept only where a router with a gateway serves the instance's subnet. */
  floatingIp: boolean;
  /** A trunk on its port with one subport on the next network (see `CloudConstraints.trunk`). */
  trunk: boolean;
}

export interface CloudPlan {
  computeHosts: number;
  networks: SubnetPlan[][];
  /**
   * `ha`: VRRP between network1 (active) and network2, which joins the cloud for it. `dvr`:
   * distributed, unless it is HA or the firewall is openvswitch (what netspec models).
   */
  routers: { gateway: boolean; ha: boolean; dvr: boolean }[];
  instances: InstancePlan[];
  tunnelType: TunnelType;
  firewall: FirewallDriver;
  l2Population: boolean;
  arpResponder: boolean;
  forceMetadata: boolean;
  isolatedMetadata: boolean;
  /** Segmentation id of net1; net2 gets the next one, and so on. */
  vniBase: number;
}

/** The external network every generated cloud has, for router gateways (as in the install guide). */
export const EXTERNAL = { network: 'provider1', subnet: 'provider1-v4', cidr: '203.0.113.0/24' } as const;

export const hostName = (i: number) => `compute${i + 1}`;
export const networkName = (i: number) => `net${i + 1}`;
export const subnetName = (n: number, s: number) => `net${n + 1}-s${s + 1}`;
export const routerName = (i: number) => `r${i + 1}`;
export const instanceName = (i: number) => `vm${i + 1}`;
/** `10.<network>.<subnet - 1>.0/<prefix>`: distinct subnets never overlap (prefixes are >= 24). */
export const subnetCidr = (n: number, s: number, prefix: number) => `10.${n + 1}.${s}.0/${prefix}`;

/** Which routers are distributed: not an HA one, and only under iptables_hybrid (what netspec models). */
export function distributedRouters(p: CloudPlan): boolean[] {
  return p.routers.map((r) => p.firewall === 'iptables_hybrid' && !r.ha && r.dvr);
}

export function planToSpec(p: CloudPlan): CloudSpec {
  const dvr = distributedRouters(p);
  const anyDvr = dvr.some(Boolean);
  const hosts: HostSpec[] = [
    { name: 'controller', role: 'controller', management: { interface: 'eth0', ip: '10.0.0.11/24' } },
    {
      name: 'network1', role: 'network',
      management: { interface: 'eth0', ip: '10.0.0.21/24' },
      overlay: { interface: 'eth1', ip: '10.0.1.21/24' },
      external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' },
      ...(anyDvr && { agent_mode: 'dvr_snat' as const }),
    },
  ];
  if (p.routers.some((r) => r.ha)) {
    hosts.push({
      name: 'network2', role: 'network',
      management: { interface: 'eth0', ip: '10.0.0.22/24' },
      overlay: { interface: 'eth1', ip: '10.0.1.22/24' },
      external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' },
    });
  }
  for (let i = 0; i < p.computeHosts; i++) {
    hosts.push({
      name: hostName(i), role: 'compute',
      management: { interface: 'eth0', ip: `10.0.0.${31 + i}/24` },
      overlay: { interface: 'eth1', ip: `10.0.1.${31 + i}/24` },
      // A DVR compute node runs l3 and metadata, and bridges the provider network for its fg- ports.
      ...(anyDvr && { agent_mode: 'dvr' as const, external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' } }),
    });
  }

  const networks: NetworkSpec[] = p.networks.map((_, n) => ({
    name: networkName(n), 'provider:network_type': p.tunnelType, 'provider:segmentation_id': p.vniBase + n,
  }));
  networks.push({ name: EXTERNAL.network, 'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'router:external': true });

  const subnets: SubnetSpec[] = [];
  const routers: RouterSpec[] = p.routers.map((r, i) => ({
    name: routerName(i),
    ...(r.gateway && { external_gateway_info: { network: EXTERNAL.network } }),
    ...(r.ha && { ha: true }),
    ...(dvr[i] && { distributed: true }),
    interfaces: [],
  }));
  p.networks.forEach((subs, n) => subs.forEach((s, j) => {
    subnets.push({
      name: subnetName(n, j), network: networkName(n), cidr: subnetCidr(n, j, s.prefix),
      ...(s.role.kind === 'nogw' && { gateway_ip: null }),
      ...(!s.dhcp && { enable_dhcp: false }),
    });
    if (s.role.kind === 'routed' && routers.length) routers[s.role.router % routers.length].interfaces!.push({ subnet: subnetName(n, j) });
  }));
  subnets.push({
    name: EXTERNAL.subnet, network: EXTERNAL.network, cidr: EXTERNAL.cidr, gateway_ip: '203.0.113.1',
    allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }],
  });

  const floatingips: FloatingIpSpec[] = [];
  const instances: InstanceSpec[] = p.instances.map((vm, i) => {
    const n = vm.network % p.networks.length;
    const s = vm.subnet % p.networks[n].length;
    const role = p.networks[n][s].role;
    // 203.0.113.10-99: outside provider1's allocation pool, so no gateway port can take it.
    if (vm.floatingIp && i < 90 && role.kind === 'routed' && p.routers.length && p.routers[role.router % p.routers.length].gateway) {
      floatingips.push({ floating_ip_address: `203.0.113.${10 + i}`, floating_network_id: EXTERNAL.network, instance: instanceName(i) });
    }
    return {
      name: instanceName(i), host: hostName(vm.host % p.computeHosts),
      ports: [{
        network: networkName(n), fixed_ips: [{ subnet: subnetName(n, s) }],
        ...(!vm.portSecurity && { port_security_enabled: false }),
      }],
    };
  });

  const trunks = planTrunks(p);
  return {
    name: 'generated',
    options: {
      tunnel_type: p.tunnelType, firewall_driver: p.firewall, l2_population: p.l2Population, arp_responder: p.arpResponder,
      force_metadata: p.forceMetadata, enable_isolated_metadata: p.isolatedMetadata,
    },
    hosts, networks, subnets, routers, instances,
    ...(floatingips.length && { floatingips }),
    ...(trunks.length && { trunks }),
  };
}

/**
 * Trunks of the instances that ask for one: a subport on the next network's first subnet (the
 * parent's network is never the subport's), while that subnet keeps a free address for it after
 * its instances, gateway and DHCP port. Only the openvswitch driver filters subports.
 */
function planTrunks(p: CloudPlan): TrunkSpec[] {
  if (p.firewall !== 'openvswitch' || p.networks.length < 2) return [];
  const at = (vm: InstancePlan) => { const n = vm.network % p.networks.length; return [n, vm.subnet % p.networks[n].length] as const; };
  const used = new Map<string, number>();
  for (const vm of p.instances) { const k = at(vm).join('/'); used.set(k, (used.get(k) ?? 0) + 1); }
  const trunks: TrunkSpec[] = [];
  p.instances.forEach((vm, i) => {
    if (!vm.trunk) return;
    const m = (at(vm)[0] + 1) % p.networks.length, k = `${m}/0`, s = p.networks[m][0];
    const taken = (used.get(k) ?? 0) + 1 + (s.dhcp ? 1 : 0) + (s.role.kind === 'nogw' ? 0 : 1);
    if (taken > 2 ** (32 - s.prefix) - 2) return;
    used.set(k, (used.get(k) ?? 0) + 1);
    trunks.push({
      name: `trunk${i + 1}`, instance: instanceName(i),
      sub_ports: [{ network: networkName(m), segmentation_type: 'vlan', segmentation_id: 100 + i, ...(!vm.portSecurity && { port_security_enabled: false }) }],
    });
  });
  return trunks;
}
