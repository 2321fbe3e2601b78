/**
 * The clouds `npm run conformance` creates on the real Neutron, and the probes it sends in each.
 * Addresses of instances are Neutron's to choose; probes name instances, or a router's interface
 * by the subnet it is on.
 */

export interface SubnetDef { name: string; cidr: string }
export interface NetworkDef { name: string; subnets: SubnetDef[] }
export interface RouterDef { name: string; interfaces: string[] }
export interface InstanceDef { name: string; network: string; subnet: string; node: 1 | 2 }

export type ProbeDef =
  | { kind: 'dhcp'; from: string }
  | { kind: 'ping'; from: string; to: string }
  | { kind: 'metadata'; from: string }
  /** TCP to an interface of a router (by subnet), e.g. its metadata proxy port directly. */
  | { kind: 'tcp'; from: string; router: string; subnet: string; dport: number };

export interface CloudDef {
  name: string;
  /** What the cloud is for, printed above its results. */
  about: string;
  networks: NetworkDef[];
  routers: RouterDef[];
  instances: InstanceDef[];
  probes: ProbeDef[];
}

const dhcpAll = (names: string[]): ProbeDef[] => names.map((from) => ({ kind: 'dhcp', from }));

export const CLOUDS: CloudDef[] = [
  {
    name: 'reference',
    about: 'the reference cloud\'s shape: two networks, one router, three instances over two nodes',
    networks: [
      { name: 'selfservice1', subnets: [{ name: 'selfservice1-v4', cidr: '10.94.1.0/24' }] },
      { name: 'selfservice2', subnets: [{ name: 'selfservice2-v4', cidr: '10.94.2.0/24' }] },
    ],
    routers: [{ name: 'router1', interfaces: ['selfservice1-v4', 'selfservice2-v4'] }],
    instances: [
      { name: 'vm1', network: 'selfservice1', subnet: 'selfservice1-v4', node: 1 },
      { name: 'vm2', network: 'selfservice1', subnet: 'selfservice1-v4', node: 2 },
      { name: 'vm3', network: 'selfservice2', subnet: 'selfservice2-v4', node: 2 },
    ],
    probes: [
      ...dhcpAll(['vm1', 'vm2', 'vm3']),
      { kind: 'ping', from: 'vm1', to: 'vm2' },
      { kind: 'ping', from: 'vm1', to: 'vm3' },
      { kind: 'ping', from: 'vm3', to: 'vm2' },
      { kind: 'metadata', from: 'vm1' },
      { kind: 'metadata', from: 'vm3' },
      { kind: 'tcp', from: 'vm1', router: 'router1', subnet: 'selfservice1-v4', dport: 9697 },
    ],
  },
  {
    name: 'two-subnets',
    about: 'a router on two subnets of one network',
    networks: [{
      name: 'shared-l2',
      subnets: [{ name: 'lower', cidr: '10.95.1.0/24' }, { name: 'upper', cidr: '10.95.2.0/24' }],
    }],
    routers: [{ name: 'router2', interfaces: ['lower', 'upper'] }],
    instances: [
      { name: 'low1', network: 'shared-l2', subnet: 'lower', node: 1 },
      { name: 'low2', network: 'shared-l2', subnet: 'lower', node: 2 },
      { name: 'up1', network: 'shared-l2', subnet: 'upper', node: 2 },
    ],
    probes: [
      ...dhcpAll(['low1', 'low2', 'up1']),
      { kind: 'ping', from: 'low1', to: 'low2' },
      { kind: 'ping', from: 'low1', to: 'up1' },
      { kind: 'ping', from: 'up1', to: 'low2' },
      { kind: 'metadata', from: 'low1' },
      { kind: 'metadata', from: 'up1' },
    ],
  },
  {
    name: 'isolated-metadata',
    about: 'a network with no router: metadata from the DHCP namespace (enable_isolated_metadata)',
    networks: [{ name: 'isolated', subnets: [{ name: 'isolated-v4', cidr: '10.96.1.0/24' }] }],
    routers: [],
    instances: [
      { name: 'iso1', network: 'isolated', subnet: 'isolated-v4', node: 1 },
      { name: 'iso2', network: 'isolated', subnet: 'isolated-v4', node: 2 },
    ],
    probes: [
      ...dhcpAll(['iso1', 'iso2']),
      { kind: 'ping', from: 'iso1', to: 'iso2' },
      { kind: 'metadata', from: 'iso1' },
      { kind: 'metadata', from: 'iso2' },
    ],
  },
];

export function probeLabel(p: ProbeDef): string {
  switch (p.kind) {
    case 'dhcp': return `dhcp ${p.from}`;
    case 'ping': return `ping ${p.from} → ${p.to}`;
    case 'metadata': return `metadata ${p.from}`;
    case 'tcp': return `tcp ${p.from} → ${p.router}:${p.dport} (${p.subnet})`;
  }
}
