import type { Cloud, Port, SecurityGroupRule } from '../model/types';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4';
import type { Simulation } from '../simulation';
import { instancesOf, type InstanceInfo } from './flows';

/**
 * What the model says should happen, for invariants that expect delivery: a guest gets its
 * routes from DHCP, so only instances on DHCP-enabled subnets are expected to reach off-subnet;
 * and security groups must let the traffic out of the sender and into the receiver.
 */
export interface Expectations {
  /** The instance's subnet hands out routes (a gateway and host routes) over DHCP. */
  configuredByDhcp(i: InstanceInfo): boolean;
  /** The sender's egress and the receiver's ingress security groups allow ICMP between them. */
  securityGroupsAllow(from: InstanceInfo, to: InstanceInfo): boolean;
}

export function expectations(sim: Simulation): Expectations {
  const cloud = sim.cloud;
  const dhcpSubnets = new Set(cloud.subnets.filter((s) => s.enable_dhcp).map((s) => s.id));
  const ports = new Map(cloud.ports.map((p) => [p.id, p]));
  const portOf = new Map(instancesOf(sim).map((i) => [i, ports.get(i.instance.ports[0])!]));
  // By port object, twice: a joined id string would be built and hashed for every pair judged.
  const memo = new Map<Port, Map<Port, boolean>>();
  return {
    configuredByDhcp: (i) => dhcpSubnets.has(i.subnet),
    securityGroupsAllow(from, to) {
      const a = portOf.get(from)!;
      const b = portOf.get(to)!;
      let fromA = memo.get(a);
      if (!fromA) memo.set(a, (fromA = new Map()));
      let ok = fromA.get(b);
      if (ok === undefined) {
        ok = allows(cloud, a, b, 'egress', ECHO_REQUEST) && allows(cloud, b, a, 'ingress', ECHO_REQUEST);
        // A stateless port (iptables_hybrid only: the openvswitch firewall ignores `stateful`)
        // needs rules for the echo reply too: out of the receiver, into the sender.
        if (ok && cloud.options.firewall_driver === 'iptables_hybrid') {
          if (isStateless(cloud, b)) ok = allows(cloud, b, a, 'egress', ECHO_REPLY);
          if (ok && isStateless(cloud, a)) ok = allows(cloud, a, b, 'ingress', ECHO_REPLY);
        }
        fromA.set(b, ok);
      }
      return ok;
    },
  };
}

/** ICMP types of the echo the invariants send and its answer (a rule's port_range_min/max are type/code). */
const ECHO_REQUEST = 8, ECHO_REPLY = 0;

/** Neutron keeps a port's groups all stateful or all stateless: its first group says which. */
function isStateless(cloud: Cloud, port: Port): boolean {
  const first = port.security_groups[0];
  return port.port_security_enabled && first !== undefined && cloud.security_groups.find((g) => g.id === first)?.stateful === false;
}

/** Whether `port`'s groups let ICMP out to `peerIp` (a router's address, say). */
export function egressAllowsIcmp(cloud: Cloud, port: Port, peerIp: string): boolean {
  return allowsIp(cloud, port, parseIp(peerIp), undefined, 'egress', ECHO_REQUEST);
}

/** Whether `port`'s groups let ICMP in from `peerIp` (the internet host, say). */
export function ingressAllowsIcmp(cloud: Cloud, port: Port, peerIp: string): boolean {
  return allowsIp(cloud, port, parseIp(peerIp), undefined, 'ingress', ECHO_REQUEST);
}

/** Whether `port`'s groups let an echo request in from `peer` (by its first address and its groups, for remote groups). */
export function ingressAllowsIcmpFromPort(cloud: Cloud, port: Port, peer: Port): boolean {
  return allows(cloud, port, peer, 'ingress', ECHO_REQUEST);
}

/** Whether `port`'s groups have a rule letting an ICMP message of `icmpType` go `direction` to or from `peer`. */
function allows(cloud: Cloud, port: Port, peer: Port, direction: SecurityGroupRule['direction'], icmpType: number): boolean {
  return allowsIp(cloud, port, peer.fixed_ips[0] ? parseIp(peer.fixed_ips[0].ip_address) : 0, peer, direction, icmpType);
}

function allowsIp(cloud: Cloud, port: Port, peerIp: number, peer: Port | undefined, direction: SecurityGroupRule['direction'], icmpType: number): boolean {
  if (!port.port_security_enabled) return true;
  return port.security_groups.some((gid) => cloud.security_groups.find((g) => g.id === gid)?.rules.some((r) => r.direction === direction
    && (r.protocol === null || (r.protocol === 'icmp' && (r.port_range_min === null || (r.port_range_min === icmpType && (r.port_range_max ?? 0) === 0))))
    && (!r.remote_ip_prefix || cidrContains(parseCidr(r.remote_ip_prefix), peerIp))
    && (!r.remote_group_id || (!!peer && peer.port_security_enabled && peer.security_groups.includes(r.remote_group_id)))));
}
