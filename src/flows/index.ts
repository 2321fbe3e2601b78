import type { Dataplane, InstanceEndpoint } from '../dataplane/types';
import { sourceAddressFor, walkTrace, type Injection } from '../engine';
import { BROADCAST_MAC, ipPacket, type AppPayload } from '../engine/packet';
import { formatIp, isIpv4, LIMITED_BROADCAST, parseIp } from '../net/ipv4';
import type { FlowSpec, Trace } from '../trace/types';
import { FABRIC } from '../dataplane/fabric';
import { withProviderHost } from '../realize/provider-host';

export interface TraceOptions {
  proto?: 'icmp' | 'tcp' | 'udp';
  dport?: number;
  sport?: number;
  /** For `dhcp`: the message the instance sends. */
  dhcp?: 'DISCOVER' | 'REQUEST';
  /** Walk the answer back (default true); false only to measure what replies cost. */
  replies?: boolean;
  /** Record the frames of each ARP exchange in its `arp` step (default true); false where nobody reads them. */
  arpExchanges?: boolean;
}

/** Destinations users name besides instances and addresses. */
export const SPECIAL_DESTINATIONS = ['internet', 'dhcp', 'metadata'] as const;

/** A mistake in what the user asked for (unknown instance, bad address): printed, never a stack trace. */
export class FlowError extends Error {
  override readonly name = 'FlowError';
}

const CLIENT_PORT = 33000;

/**
 * The flows users ask about, as users name them: instance → instance (by name or IP), instance →
 * internet, instance DHCP, instance → metadata. This builds the packet the instance would send;
 * where it goes is up to the data plane.
 */
export function traceFlow(dp: Dataplane, from: string, to: string, opts: TraceOptions = {}): Trace {
  // An address names an instance when one has it; else a host outside on a provider network.
  if (from === 'internet' || (isIpv4(from) && !endpoints(dp).has(from))) return fromOutside(dp, from, to, opts);
  const src = instanceEndpoint(dp, from);
  if (to === 'dhcp') return dhcpTrace(dp, src, opts.dhcp ?? 'DISCOVER', opts);
  const kind: FlowSpec['kind'] = to === 'internet' ? 'internet' : to === 'metadata' ? 'metadata' : isIpv4(to) ? 'ip' : 'instance';
  const dstIp = kind === 'internet' ? dp.endpoints.internet
    : kind === 'metadata' ? dp.endpoints.metadata.ip
      : kind === 'ip' ? to : instanceEndpoint(dp, to).ip;
  const proto = opts.proto ?? (kind === 'metadata' ? 'tcp' : 'icmp');
  const dport = proto === 'icmp' ? 0 : opts.dport ?? (kind === 'metadata' ? dp.endpoints.metadata.port : 80);
  const sport = proto === 'icmp' ? 0 : opts.sport ?? CLIENT_PORT;
  const app: AppPayload = proto === 'icmp' ? { kind: 'icmp', type: 'echo-request' }
    : kind === 'metadata' ? { kind: 'http', request: 'GET /latest/meta-data/' } : { kind: 'data' };
  // The guest's stack picks the source: the address of the NIC its route to dstIp uses.
  const srcIp = sourceAddressFor(dp, src.host, src.namespace, parseIp(dstIp)) || parseIp(src.ip);
  const flow: FlowSpec = { from: src.name, to, kind, proto, src: formatIp(srcIp), dst: dstIp };
  if (proto !== 'icmp') { flow.sport = sport; flow.dport = dport; }
  const inj: Injection = {
    kind: 'send', host: src.host, namespace: src.namespace,
    pkt: ipPacket({ src: srcIp, dst: parseIp(dstIp), proto, sport, dport, app }),
  };
  return walkTrace(dp, flow, inj, opts);
}

/**
 * A connection opened from outside the cloud: the internet host beyond the upstream router, or a
 * host at an address of a provider network, on that network's segment. An instance is addressed
 * by its floating IP when it has one (else by its fixed IP, which nothing outside routes to).
 */
function fromOutside(dp0: Dataplane, from: string, to: string, opts: TraceOptions): Trace {
  if (to === 'internet' || to === 'dhcp' || to === 'metadata') throw new FlowError(`a flow from ${from} cannot go to ${to}: name an instance or an address`);
  let dp = dp0, namespace = 'internet', srcIp = dp0.endpoints.internet;
  if (from !== 'internet') {
    const host = withProviderHost(dp0, from);
    if (!host) throw new FlowError(`${from} is on no provider network of this cloud (a flow from outside starts at internet or at an address of a flat or VLAN network's subnet)`);
    ({ dp, namespace } = host);
    srcIp = from;
  }
  const dstIp = isIpv4(to) ? to : floatingIpOf(dp, to) ?? instanceEndpoint(dp, to).ip;
  const proto = opts.proto ?? 'icmp';
  const dport = proto === 'icmp' ? 0 : opts.dport ?? 80;
  const sport = proto === 'icmp' ? 0 : opts.sport ?? CLIENT_PORT;
  const app: AppPayload = proto === 'icmp' ? { kind: 'icmp', type: 'echo-request' } : { kind: 'data' };
  const flow: FlowSpec = { from, to, kind: isIpv4(to) ? 'ip' : 'instance', proto, src: srcIp, dst: dstIp };
  if (proto !== 'icmp') { flow.sport = sport; flow.dport = dport; }
  return walkTrace(dp, flow, {
    kind: 'send', host: FABRIC, namespace,
    pkt: ipPacket({ src: parseIp(srcIp), dst: parseIp(dstIp), proto, sport, dport, app }),
  }, opts);
}

/** The floating IP of an instance (by name or fixed IP), if it has one. */
export function floatingIpOf(dp: Dataplane, instance: string): string | undefined {
  const e = instanceEndpoint(dp, instance);
  return dp.endpoints.floatingIps.find((f) => f.instance === e.name && f.fixed === e.ip)?.address
    ?? dp.endpoints.floatingIps.find((f) => f.instance === e.name)?.address;
}

/** A DHCP client has no address yet: it broadcasts from 0.0.0.0 straight onto its NIC. */
function dhcpTrace(dp: Dataplane, src: InstanceEndpoint, message: 'DISCOVER' | 'REQUEST', opts: TraceOptions): Trace {
  const flow: FlowSpec = {
    from: src.name, to: 'dhcp', kind: 'dhcp', proto: 'udp', src: '0.0.0.0', dst: '255.255.255.255', sport: 68, dport: 67, dhcp: message,
  };
  return walkTrace(dp, flow, {
    kind: 'raw', host: src.host, namespace: src.namespace, iface: src.iface,
    pkt: ipPacket({
      ethSrc: src.mac, ethDst: BROADCAST_MAC, src: 0, dst: LIMITED_BROADCAST, proto: 'udp', sport: 68, dport: 67,
      app: { kind: 'dhcp', message, chaddr: src.mac },
    }),
  }, opts);
}

const endpointIndex = new WeakMap<Dataplane, Map<string, InstanceEndpoint>>();

function endpoints(dp: Dataplane): Map<string, InstanceEndpoint> {
  let index = endpointIndex.get(dp);
  if (!index) {
    index = new Map();
    for (const i of dp.endpoints.instances) { if (!index.has(i.ip)) index.set(i.ip, i); }
    for (const i of dp.endpoints.instances) index.set(i.name, i);
    endpointIndex.set(dp, index);
  }
  return index;
}

export function instanceEndpoint(dp: Dataplane, nameOrIp: string): InstanceEndpoint {
  const e = endpoints(dp).get(nameOrIp);
  if (!e) {
    const known = dp.endpoints.instances.map((i) => i.name).slice(0, 10).join(', ');
    throw new FlowError(`unknown instance ${JSON.stringify(nameOrIp)} (instances: ${known}${dp.endpoints.instances.length > 10 ? ', …' : ''})`);
  }
  return e;
}
