/**
 * The engine behind `arb.cloudSpec` and `arb.cloud`: resolves the constraints and builds the
 * arbitrary of independent choices (`CloudPlan`).
 */
import fc from 'fast-check';
import type { FirewallDriver, TunnelType } from '../../model/types';
import { allowed, countRange, fail, type CountRange, type OneOrMore, type Range } from './constraints';
import type { CloudPlan, InstancePlan, SubnetPlan, SubnetRole } from './plan';

export interface CloudConstraints {
  /** Compute hosts, besides `controller` and `network1` (always there). Default `{ min: 1, max: 4 }`; at most 200. */
  computeHosts?: CountRange;
  /** Self-service networks (`net1`, `net2`, ...), besides the external `provider1`. Default `{ min: 1, max: 4 }`; at most 200. */
  networks?: CountRange;
  /** Subnets of each self-service network. Default `{ min: 1, max: 2 }`; at most 8. */
  subnetsPerNetwork?: CountRange;
  /** Routers (`r1`, ...); each subnet is attached to one of them or to none. Default `{ min: 0, max: 2 }`; at most 20. */
  routers?: CountRange;
  /** Instances (`vm1`, ...), one port each. Default `{ min: 1, max: 6 }`; at most 250. */
  instances?: CountRange;
  /** Prefix length of self-service subnets. Default `{ min: 24, max: 28 }`; 24..29, and the smallest must hold `instances.max` plus a gateway and a DHCP port. */
  prefixLength?: CountRange;
  /** `options.tunnel_type` (and the self-service networks' type). Default `'vxlan'` (GRE traffic is never decapsulated: see specs/invariants.spec.ts). */
  tunnelType?: OneOrMore<TunnelType>;
  /** `options.firewall_driver`. Default both, `iptables_hybrid` first. */
  firewall?: OneOrMore<FirewallDriver>;
  /** `options.l2_population`. Default `[true, false]`. */
  l2Population?: OneOrMore<boolean>;
  /** `options.arp_responder`. Default `[false, true]`. */
  arpResponder?: OneOrMore<boolean>;
  /** `options.force_metadata`. Default `[false, true]`. */
  forceMetadata?: OneOrMore<boolean>;
  /** `options.enable_isolated_metadata`. Default `[false, true]`. */
  isolatedMetadata?: OneOrMore<boolean>;
  /**
   * `enable_dhcp` of each subnet. Default `true`: an instance on a subnet without DHCP gets no
   * routes (from its own DHCP answer, engine/dhclient.ts), so the built-in invariants that expect it to be
   * routed, reach metadata or the internet report it (see the generative specs' notes).
   */
  dhcp?: OneOrMore<boolean>;
  /** Whether a subnet has a `gateway_ip` (a gatewayless subnet is never attached to a router). Default `[true, false]`. */
  subnetGateway?: OneOrMore<boolean>;
  /** Whether a router has an external gateway on `provider1`. Default `[false, true]`. */
  routerGateway?: OneOrMore<boolean>;
  /**
   * `port_security_enabled` of instance ports. Default `true`: a port without port security is not
   * a member of the `default` group, whose ingress rule then drops its traffic to secured ports, and
   * the built-in invariants that expect delivery report that as a violation.
   */
  portSecurity?: OneOrMore<boolean>;
  /**
   * Whether an instance behind a router with a gateway gets a floating IP on `provider1`.
   * Default `[false, true]`.
   */
  floatingIp?: OneOrMore<boolean>;
  /**
   * Whether a router is HA (VRRP between network1, its primary, and network2, which then joins
   * the cloud). Default `[false, true]`.
   */
  haRouter?: OneOrMore<boolean>;
  /**
   * Whether a router is distributed (DVR): network1's L3 agent then runs in dvr_snat mode and every
   * compute host's in dvr mode, with a provider bridge for floating IPs. Ignored for an HA router
   * and under the openvswitch firewall (what netspec models). Default `[false, true]`.
   */
  dvrRouter?: OneOrMore<boolean>;
  /**
   * Whether an instance's port is the parent of a trunk with one subport (VLAN 100 + its index) on
   * the next network, kept only under the openvswitch driver (iptables_hybrid filters no subport,
   * which securityGroupsOnPath reports) and where that network's first subnet has room. Default
   * `false`: a subport makes its guest multi-homed, and the pair claims leave such pairs out, so
   * trunks would thin out the routed pairs every other generative spec relies on; ask for them.
   */
  trunk?: OneOrMore<boolean>;
}

export interface ResolvedCloudConstraints {
  computeHosts: Range; networks: Range; subnetsPerNetwork: Range; routers: Range; instances: Range; prefixLength: Range;
  tunnelType: TunnelType[]; firewall: FirewallDriver[]; l2Population: boolean[]; arpResponder: boolean[];
  forceMetadata: boolean[]; isolatedMetadata: boolean[]; dhcp: boolean[]; subnetGateway: boolean[];
  routerGateway: boolean[]; portSecurity: boolean[]; floatingIp: boolean[]; haRouter: boolean[]; dvrRouter: boolean[]; trunk: boolean[];
}

export const CLOUD_DEFAULTS = {
  computeHosts: { min: 1, max: 4 }, networks: { min: 1, max: 4 }, subnetsPerNetwork: { min: 1, max: 2 },
  routers: { min: 0, max: 2 }, instances: { min: 1, max: 6 }, prefixLength: { min: 24, max: 28 },
  tunnelType: ['vxlan'], firewall: ['iptables_hybrid', 'openvswitch'], l2Population: [true, false],
  arpResponder: [false, true], forceMetadata: [false, true], isolatedMetadata: [false, true], dhcp: [true],
  subnetGateway: [true, false], routerGateway: [false, true], portSecurity: [true], floatingIp: [false, true], haRouter: [false, true], dvrRouter: [false, true],
  trunk: [false],
} as const satisfies ResolvedCloudConstraints;

const BOOL = [true, false] as const;

export function resolveCloudConstraints(api: string, c: CloudConstraints = {}): ResolvedCloudConstraints {
  if (typeof c !== 'object' || c === null) fail(api, 'constraints must be an object');
  const d = CLOUD_DEFAULTS;
  const r: ResolvedCloudConstraints = {
    computeHosts: countRange(api, 'computeHosts', c.computeHosts, d.computeHosts, { min: 1, max: 200 }),
    networks: countRange(api, 'networks', c.networks, d.networks, { min: 1, max: 200 }),
    subnetsPerNetwork: countRange(api, 'subnetsPerNetwork', c.subnetsPerNetwork, d.subnetsPerNetwork, { min: 1, max: 8 }),
    routers: countRange(api, 'routers', c.routers, d.routers, { min: 0, max: 20 }),
    instances: countRange(api, 'instances', c.instances, d.instances, { min: 0, max: 250 }),
    prefixLength: countRange(api, 'prefixLength', c.prefixLength, d.prefixLength, { min: 24, max: 29 }),
    tunnelType: allowed(api, 'tunnelType', c.tunnelType, d.tunnelType, ['vxlan', 'gre']),
    firewall: allowed(api, 'firewall', c.firewall, d.firewall, ['iptables_hybrid', 'openvswitch']),
    l2Population: allowed(api, 'l2Population', c.l2Population, d.l2Population, BOOL),
    arpResponder: allowed(api, 'arpResponder', c.arpResponder, d.arpResponder, BOOL),
    forceMetadata: allowed(api, 'forceMetadata', c.forceMetadata, d.forceMetadata, BOOL),
    isolatedMetadata: allowed(api, 'isolatedMetadata', c.isolatedMetadata, d.isolatedMetadata, BOOL),
    dhcp: allowed(api, 'dhcp', c.dhcp, d.dhcp, BOOL),
    subnetGateway: allowed(api, 'subnetGateway', c.subnetGateway, d.subnetGateway, BOOL),
    routerGateway: allowed(api, 'routerGateway', c.routerGateway, d.routerGateway, BOOL),
    portSecurity: allowed(api, 'portSecurity', c.portSecurity, d.portSecurity, BOOL),
    floatingIp: allowed(api, 'floatingIp', c.floatingIp, d.floatingIp, BOOL),
    haRouter: allowed(api, 'haRouter', c.haRouter, d.haRouter, BOOL),
    dvrRouter: allowed(api, 'dvrRouter', c.dvrRouter, d.dvrRouter, BOOL),
    trunk: allowed(api, 'trunk', c.trunk, d.trunk, BOOL),
  };
  // Every instance may land on one subnet, which also holds its gateway and the DHCP port.
  const usable = 2 ** (32 - r.prefixLength.max) - 2;
  if (r.instances.max + 2 > usable) {
    fail(api, `instances.max (${r.instances.max}) does not fit a /${r.prefixLength.max} subnet (${usable} usable addresses, ${r.instances.max + 2} needed); lower prefixLength.max or instances.max`);
  }
  return r;
}

/** One of `values`, shrinking towards the first. */
const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => (values.length === 1 ? fc.constant(values[0]) : fc.constantFrom(...values));
const array = <T>(item: fc.Arbitrary<T>, r: Range) => fc.array(item, { minLength: r.min, maxLength: r.max });
/** An index below `max` (taken modulo what exists), or a constant 0 when there is nothing to choose. */
const index = (max: number) => (max <= 1 ? fc.constant(0) : fc.nat({ max: max - 1 }));

/**
 * A subnet's role, shrinking towards the first allowed gateway choice's simplest form: `plain`
 * (gateway, no router) or `nogw`. Routed subnets are likeliest, so that most clouds route something.
 */
function subnetRole(r: ResolvedCloudConstraints): fc.Arbitrary<SubnetRole> {
  const withGateway: fc.WeightedArbitrary<SubnetRole>[] = [{ arbitrary: fc.constant({ kind: 'plain' }), weight: 1 }];
  if (r.routers.max > 0) withGateway.push({ arbitrary: index(r.routers.max).map((router) => ({ kind: 'routed' as const, router })), weight: 4 });
  const gatewayless: fc.WeightedArbitrary<SubnetRole>[] = [{ arbitrary: fc.constant({ kind: 'nogw' }), weight: 1 }];
  const ordered = r.subnetGateway.flatMap((g) => (g ? withGateway : gatewayless));
  return ordered.length === 1 ? ordered[0].arbitrary : fc.oneof({ withCrossShrink: true }, ...ordered);
}

/** The largest segmentation id net1 may get so that every network's id stays in range. */
const VNI_MAX = { vxlan: 16777215, gre: 4294967295 } as const;

export function cloudPlanArbitrary(r: ResolvedCloudConstraints): fc.Arbitrary<CloudPlan> {
  const subnet: fc.Arbitrary<SubnetPlan> = fc.record({
    prefix: fc.integer({ min: r.prefixLength.min, max: r.prefixLength.max }),
    dhcp: pick(r.dhcp),
    role: subnetRole(r),
  });
  const instance: fc.Arbitrary<InstancePlan> = fc.record({
    host: index(r.computeHosts.max),
    network: index(r.networks.max),
    subnet: index(r.subnetsPerNetwork.max),
    portSecurity: pick(r.portSecurity),
    floatingIp: pick(r.floatingIp),
    trunk: pick(r.trunk),
  });
  const vniMax = Math.min(...r.tunnelType.map((t) => VNI_MAX[t])) - r.networks.max + 1;
  return fc.record({
    computeHosts: fc.integer({ min: r.computeHosts.min, max: r.computeHosts.max }),
    networks: array(array(subnet, r.subnetsPerNetwork), r.networks),
    routers: array(fc.record({ gateway: pick(r.routerGateway), ha: pick(r.haRouter), dvr: pick(r.dvrRouter) }), r.routers),
    instances: array(instance, r.instances),
    tunnelType: pick(r.tunnelType),
    firewall: pick(r.firewall),
    l2Population: pick(r.l2Population),
    arpResponder: pick(r.arpResponder),
    forceMetadata: pick(r.forceMetadata),
    isolatedMetadata: pick(r.isolatedMetadata),
    vniBase: fc.integer({ min: 1, max: vniMax }),
  });
}
