/**
 * A deterministic large cloud for benchmarks: one controller, one network node, N compute hosts,
 * a flat external network, N VXLAN self-service networks (one /24 each) behind routers, and M
 * one-port instances. The same options always give the same spec.
 *
 * Placement: instance k is on network `k % networks`; the r-th instance of a network (r = k div
 * networks) sits on its network's host list at position r div 2. So each network spans several
 * hosts with two instances per host, and both "same network, same host" and "same network,
 * across hosts" pairs exist. `seed` shuffles which hosts a network starts on.
 */
import type { CloudSpec, HostSpec, InstanceSpec, NetworkSpec, RouterSpec, SubnetSpec } from '../src/model/spec';
import { prng } from '../src/util/prng';

export interface GenerateOptions {
  computeHosts: number;
  networks: number;
  instances: number;
  /** Default: one router per 10 networks. */
  routers?: number;
  seed?: number;
}

/** Instances of one network placed together on a host before moving to the next host. */
const PER_HOST = 2;
/** Router gateways come from 203.0.113.2 .. 203.0.113.254 (.1 is the upstream router). */
const PROVIDER_POOL = { start: '203.0.113.2', end: '203.0.113.254', size: 253 };
/** Usable addresses of a /24 minus gateway and DHCP port. */
const PER_NETWORK_MAX = 252;


/** The address at `offset` (1..65534) inside the /16 `a.b.0.0/16`. */
const in16 = (a: number, b: number, offset: number) => `${a}.${b}.${offset >> 8}.${offset & 255}`;

export function generateCloudSpec(o: GenerateOptions): CloudSpec {
  const { computeHosts: H, networks: N, instances: M } = o;
  const R = o.routers ?? Math.ceil(N / 10);
  if (H < 1 || N < 1 || M < 0 || R < 1) throw new Error('generateCloudSpec: need ≥1 host, network and router');
  if (H > 65000) throw new Error('generateCloudSpec: at most 65000 compute hosts fit the /16 ranges');
  if (N > 32768) throw new Error('generateCloudSpec: at most 32768 /24 networks fit 10.128.0.0/9');
  if (R > PROVIDER_POOL.size) throw new Error(`generateCloudSpec: at most ${PROVIDER_POOL.size} routers fit provider1`);
  if (Math.ceil(M / N) > PER_NETWORK_MAX) throw new Error(`generateCloudSpec: more than ${PER_NETWORK_MAX} instances per /24 network`);

  const hosts: HostSpec[] = [
    { name: 'controller', role: 'controller', management: { interface: 'eth0', ip: '10.0.0.11/24' } },
    {
      name: 'network1', role: 'network',
      management: { interface: 'eth0', ip: '10.0.0.21/24' },
      overlay: { interface: 'eth1', ip: '10.2.0.2/16' },
      external: { interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' },
    },
  ];
  for (let i = 1; i <= H; i++) {
    hosts.push({
      name: `compute${i}`, role: 'compute',
      management: { interface: 'eth0', ip: `${in16(10, 1, 10 + i)}/16` },
      overlay: { interface: 'eth1', ip: `${in16(10, 2, 10 + i)}/16` },
    });
  }

  const networks: NetworkSpec[] = [
    { name: 'provider1', 'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'router:external': true },
  ];
  const subnets: SubnetSpec[] = [{
    name: 'provider1-v4', network: 'provider1', cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1',
    allocation_pools: [{ start: PROVIDER_POOL.start, end: PROVIDER_POOL.end }],
  }];
  for (let n = 0; n < N; n++) {
    networks.push({ name: `net${n + 1}`, 'provider:network_type': 'vxlan', 'provider:segmentation_id': 1000 + n });
    // 10.128.0.0/9 holds 32768 /24s: 10.128.0.0/24, 10.128.1.0/24, ... 10.255.255.0/24.
    subnets.push({ name: `net${n + 1}-v4`, network: `net${n + 1}`, cidr: `10.${128 + (n >> 8)}.${n & 255}.0/24` });
  }

  // Contiguous blocks: router j serves networks [j·N/R, (j+1)·N/R).
  const routers: RouterSpec[] = [];
  for (let j = 0; j < R; j++) {
    const interfaces = [];
    for (let n = Math.floor((j * N) / R); n < Math.floor(((j + 1) * N) / R); n++) interfaces.push({ subnet: `net${n + 1}-v4` });
    routers.push({ name: `router${j + 1}`, external_gateway_info: { network: 'provider1', enable_snat: true }, interfaces });
  }

  const rnd = prng(o.seed ?? 1);
  const order = Array.from({ length: H }, (_, i) => i);
  for (let i = H - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const instances: InstanceSpec[] = new Array(M);
  for (let k = 0; k < M; k++) {
    const n = k % N, r = Math.floor(k / N);
    const host = order[(n + Math.floor(r / PER_HOST)) % H] + 1;
    instances[k] = { name: `vm${k + 1}`, host: `compute${host}`, ports: [{ network: `net${n + 1}` }] };
  }

  return {
    name: `generated-${H}h-${N}n-${M}i`,
    options: { tunnel_type: 'vxlan', firewall_driver: 'iptables_hybrid', l2_population: true },
    hosts, networks, subnets, routers, instances,
  };
}

export { prng };
