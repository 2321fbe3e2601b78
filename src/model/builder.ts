/**
 * A fluent builder of `CloudSpec`s for tests: start empty or from an existing spec (such as the
 * reference cloud), add objects, then `build()` through the same validation a topology file gets
 * (issues are reported against the file name `builder`).
 */
import type { Cloud } from './types';
import type {
  FloatingIpSpec,
  CloudSpec, HostSpec, InstanceSpec, NetworkSpec, OptionsSpec, RouterSpec, SecurityGroupSpec, SubnetSpec, TrunkSpec,
} from './spec';
import { normalizeCloud } from './normalize';
import { cidrContains, isCidr, isIpv4, parseCidr, parseIp } from '../net/ipv4';

/** One-port instance: `{ name: 'vm9', host: 'compute1', network: 'selfservice1', ip: '192.168.1.99' }`. */
export interface InstanceShorthand {
  id?: string;
  name: string;
  host: string;
  /** Network name or id. */
  network: string;
  /** Fixed IP; the subnet is the network's subnet containing it. Allocated when omitted. */
  ip?: string;
}

export interface CloudBuilder {
  /** Merged into the options given so far. */
  options(o: OptionsSpec): CloudBuilder;
  host(h: HostSpec): CloudBuilder;
  network(n: NetworkSpec): CloudBuilder;
  subnet(s: SubnetSpec): CloudBuilder;
  router(r: RouterSpec): CloudBuilder;
  instance(i: InstanceSpec | InstanceShorthand): CloudBuilder;
  securityGroup(g: SecurityGroupSpec): CloudBuilder;
  /** `floatingIp({ floating_ip_address: '203.0.113.10', floating_network_id: 'provider1', instance: 'vm1' })`. */
  floatingIp(f: FloatingIpSpec): CloudBuilder;
  /** `trunk({ name: 'trunk1', instance: 'vm1', sub_ports: [{ network: 'selfservice2', segmentation_type: 'vlan', segmentation_id: 100 }] })`. */
  trunk(t: TrunkSpec): CloudBuilder;
  /** A deep copy of the spec so far. */
  spec(): CloudSpec;
  /** Validates and normalizes; throws `TopologyError` (file `builder`) listing every issue. */
  build(): Cloud;
}

const isShorthand = (i: InstanceSpec | InstanceShorthand): i is InstanceShorthand => !('ports' in i);

class Builder implements CloudBuilder {
  private readonly data: CloudSpec;
  /** Shorthands are expanded late, so subnets may be added after the instances that use them. */
  private readonly instances: (InstanceSpec | InstanceShorthand)[];

  constructor(spec: CloudSpec) {
    const { instances = [], ...rest } = structuredClone(spec);
    this.data = rest;
    this.instances = instances;
  }

  options(o: OptionsSpec): this { this.data.options = { ...this.data.options, ...structuredClone(o) }; return this; }
  host(h: HostSpec): this { this.data.hosts.push(structuredClone(h)); return this; }
  network(n: NetworkSpec): this { this.data.networks.push(structuredClone(n)); return this; }
  subnet(s: SubnetSpec): this { this.data.subnets.push(structuredClone(s)); return this; }
  router(r: RouterSpec): this { (this.data.routers ??= []).push(structuredClone(r)); return this; }
  instance(i: InstanceSpec | InstanceShorthand): this { this.instances.push(structuredClone(i)); return this; }
  securityGroup(g: SecurityGroupSpec): this { (this.data.security_groups ??= []).push(structuredClone(g)); return this; }
  floatingIp(f: FloatingIpSpec): this { (this.data.floatingips ??= []).push(structuredClone(f)); return this; }
  trunk(t: TrunkSpec): this { (this.data.trunks ??= []).push(structuredClone(t)); return this; }

  spec(): CloudSpec {
    const spec = structuredClone(this.data);
    if (this.instances.length) spec.instances = this.instances.map((i) => (isShorthand(i) ? this.expand(i) : structuredClone(i)));
    return spec;
  }

  build(): Cloud {
    return normalizeCloud(this.spec(), 'builder');
  }

  private expand({ id, name, host, network, ip }: InstanceShorthand): InstanceSpec {
    const inst: InstanceSpec = { ...(id !== undefined && { id }), name, host, ports: [{ network }] };
    if (ip === undefined) return inst;
    const net = this.data.networks.find((n) => n.name === network || n.id === network);
    const onNetwork = this.data.subnets.filter((s) => s.network === network || (net && (s.network === net.name || s.network === net.id)));
    const containing = onNetwork.find((s) => isCidr(s.cidr) && isIpv4(ip) && cidrContains(parseCidr(s.cidr), parseIp(ip)));
    // Without a containing subnet, validation reports the address against the first one.
    const subnet = (containing ?? onNetwork[0])?.name ?? network;
    inst.ports[0].fixed_ips = [{ subnet, ip_address: ip }];
    return inst;
  }
}

export const cloudBuilder = Object.assign(
  (name?: string): CloudBuilder => new Builder({ ...(name !== undefined && { name }), hosts: [], networks: [], subnets: [] }),
  {
    /** Starts from a copy of `spec`; the original is never modified. */
    from: (spec: CloudSpec): CloudBuilder => new Builder(spec),
  },
);
