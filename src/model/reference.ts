/**
 * The reference cloud: the self-service networking layout of the OpenStack install guide (one
 * controller, one network node, two compute nodes, VXLAN tenant networks behind one legacy
 * router with a flat provider network as gateway). `examples/reference-cloud.yaml` is the same
 * cloud as a topology file; a test keeps the two equal.
 */
import type { Cloud } from './types';
import type { CloudSpec } from './spec';
import { normalizeCloud } from './normalize';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const vm = (name: string, host: string, network: string, subnet: string, ip: string) =>
  ({ name, host, ports: [{ network, fixed_ips: [{ subnet, ip_address: ip }] }] });

/** Frozen: extend it with `cloudBuilder.from(referenceCloudSpec)`. */
export const referenceCloudSpec: CloudSpec = deepFreeze<CloudSpec>({
  name: 'reference',
  options: { tunnel_type: 'vxlan', firewall_driver: 'iptables_hybrid', l2_population: true },
  hosts: [
    { name: 'controller', role: 'controller', management: { interface: 'eth0', ip: '10.0.0.11/24' } },
    {
      name: 'network1', role: 'network',
      management: { interface: 'eth0', ip: '10.0.0.21/24' },
      overlay: { interface: 'eth1', ip: '10.0.1.21/24' },
      external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' },
    },
    { name: 'compute1', role: 'compute', management: { interface: 'eth0', ip: '10.0.0.31/24' }, overlay: { interface: 'eth1', ip: '10.0.1.31/24' } },
    { name: 'compute2', role: 'compute', management: { interface: 'eth0', ip: '10.0.0.32/24' }, overlay: { interface: 'eth1', ip: '10.0.1.32/24' } },
  ],
  networks: [
    { name: 'selfservice1', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 101 },
    { name: 'selfservice2', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 102 },
    { name: 'provider1', 'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'router:external': true },
  ],
  subnets: [
    { name: 'selfservice1-v4', network: 'selfservice1', cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1' },
    { name: 'selfservice2-v4', network: 'selfservice2', cidr: '192.168.2.0/24', gateway_ip: '192.168.2.1' },
    {
      name: 'provider1-v4', network: 'provider1', cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1',
      allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }],
    },
  ],
  routers: [{
    name: 'router1',
    external_gateway_info: { network: 'provider1', enable_snat: true },
    interfaces: [{ subnet: 'selfservice1-v4' }, { subnet: 'selfservice2-v4' }],
  }],
  instances: [
    vm('vm1', 'compute1', 'selfservice1', 'selfservice1-v4', '192.168.1.11'),
    vm('vm2', 'compute2', 'selfservice1', 'selfservice1-v4', '192.168.1.12'),
    vm('vm3', 'compute1', 'selfservice2', 'selfservice2-v4', '192.168.2.13'),
    vm('vm4', 'compute2', 'selfservice2', 'selfservice2-v4', '192.168.2.14'),
  ],
});

/** A fresh normalized copy each call, so callers may modify it. */
export function referenceCloud(): Cloud {
  return normalizeCloud(referenceCloudSpec, 'reference');
}
