/**
 * One VXLAN network spread over many compute hosts, one instance on each: the shape whose
 * broadcast floods reach every host, for memory tests and the bench. `vm<k>` sits on
 * `compute<k>`; the network node runs DHCP and `router1`, the network's way to the flat external
 * network `provider1`. The same host count always gives the same spec.
 */
import type { CloudSpec, HostSpec, InstanceSpec } from '../model/spec';

/** Addresses of a /16 by offset, as `a.b.(offset >> 8).(offset & 255)`. */
const in16 = (a: number, b: number, offset: number) => `${a}.${b}.${offset >> 8}.${offset & 255}`;

export function oneNetworkCloudSpec(computeHosts: number): CloudSpec {
  if (!Number.isInteger(computeHosts) || computeHosts < 1 || computeHosts > 60_000) {
    throw new Error('oneNetworkCloudSpec: computeHosts must be an integer from 1 to 60000');
  }
  const hosts: HostSpec[] = [
    { name: 'controller', role: 'controller', management: { interface: 'eth0', ip: '10.0.0.11/24' } },
    {
      name: 'network1', role: 'network',
      management: { interface: 'eth0', ip: '10.0.0.21/24' },
      overlay: { interface: 'eth1', ip: '10.2.0.2/16' },
      external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' },
    },
  ];
  const instances: InstanceSpec[] = [];
  for (let i = 1; i <= computeHosts; i++) {
    hosts.push({
      name: `compute${i}`, role: 'compute',
      management: { interface: 'eth0', ip: `${in16(10, 1, 10 + i)}/16` },
      overlay: { interface: 'eth1', ip: `${in16(10, 2, 10 + i)}/16` },
    });
    instances.push({ name: `vm${i}`, host: `compute${i}`, ports: [{ network: 'net1' }] });
  }
  return {
    name: `one-network-${computeHosts}h`,
    options: { tunnel_type: 'vxlan', firewall_driver: 'iptables_hybrid', l2_population: true },
    hosts,
    networks: [
      { name: 'provider1', 'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'router:external': true },
      { name: 'net1', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 1001 },
    ],
    subnets: [
      { name: 'provider1-v4', network: 'provider1', cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1' },
      { name: 'net1-v4', network: 'net1', cidr: '10.128.0.0/16' },
    ],
    routers: [{ name: 'router1', external_gateway_info: { network: 'provider1', enable_snat: true }, interfaces: [{ subnet: 'net1-v4' }] }],
    instances,
  };
}
