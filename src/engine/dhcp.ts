import type { DhcpOption, DhcpRange, Interface, Namespace, ProcessBehaviour, Route } from '../dataplane/types';
import { cidrContains, formatCidr, netmaskText, parseCidr, parseIp } from '../net/ipv4';

type DhcpServer = Extract<ProcessBehaviour, { kind: 'dhcp-server' }>;

/**
 * What dnsmasq puts in its answer for an address: the range holding it gives the mask and the tag,
 * the opts-file lines with that tag (or none) follow, and dnsmasq names itself as DNS server
 * unless an option says otherwise. Undefined when no `--dhcp-range` holds the address.
 */
export function leaseOptions(b: DhcpServer, ip: string, server: string): { range: DhcpRange; options: DhcpOption[] } | undefined {
  const addr = parseIp(ip);
  const range = b.ranges.find((r) => cidrContains(parseCidr(r.cidr), addr));
  if (!range) return undefined;
  const options: DhcpOption[] = [{ name: 'netmask', value: netmaskText(parseCidr(range.cidr).prefix) }];
  for (const o of b.options) if (o.tag === undefined || o.tag === range.tag) options.push({ name: o.name, value: o.value });
  if (!options.some((o) => o.name === 'dns-server')) options.push({ name: 'dns-server', value: server });
  options.push({ name: 'server-identifier', value: server }, { name: 'lease-time', value: String(b.leaseSeconds) });
  return { range, options };
}

export const optionValue = (opts: readonly DhcpOption[], name: string): string | undefined => opts.find((o) => o.name === name)?.value;

/**
 * What dhclient configures from an ACK (dhclient-script): the address with the mask, the MTU,
 * the nameservers, and the routes — option 121 (classless static routes, `0.0.0.0` nexthop is
 * on-link) when present, which makes the client ignore option 3 (RFC 3442); else a default
 * route via the router. The NIC's previous DHCP address and routes are replaced.
 */
export function bindLease(ns: Namespace, nic: string, ip: string, opts: readonly DhcpOption[]): Namespace {
  const prefix = prefixOf(optionValue(opts, 'netmask') ?? '255.255.255.255');
  const mtu = Number(optionValue(opts, 'mtu'));
  const iface: Interface = {
    ...ns.interfaces.find((i) => i.name === nic)!, addresses: [`${ip}/${prefix}`],
    dhcp: { state: 'bound', server: optionValue(opts, 'server-identifier') ?? '', ip },
  };
  if (mtu > 0) iface.mtu = mtu; else delete iface.mtu;
  const routes: Route[] = [{ destination: formatCidr(parseCidr(`${ip}/${prefix}`)), dev: nic, proto: 'kernel' }];
  const classless = optionValue(opts, 'classless-static-route');
  const router = optionValue(opts, 'router');
  if (classless) {
    const parts = classless.split(',');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const destination = parts[i] === '0.0.0.0/0' ? 'default' : parts[i];
      routes.push(parts[i + 1] === '0.0.0.0' ? { destination, dev: nic, proto: 'dhcp' } : { destination, via: parts[i + 1], dev: nic, proto: 'dhcp' });
    }
  } else if (router) {
    routes.push({ destination: 'default', via: router.split(',')[0], dev: nic, proto: 'dhcp' });
  }
  const dns = (optionValue(opts, 'dns-server') ?? '').split(',').filter(Boolean);
  return withNic(ns, iface, routes, [...new Set([...(ns.nameservers ?? []), ...dns])]);
}

/** A NIC whose DHCP failed: no address, no routes of its own, and the reason kept for traces. */
export function failLease(ns: Namespace, nic: string, reason: string): Namespace {
  const iface: Interface = { ...ns.interfaces.find((i) => i.name === nic)!, addresses: [], dhcp: { state: 'failed', reason } };
  delete iface.mtu;
  return withNic(ns, iface, [], ns.nameservers ?? []);
}

function withNic(ns: Namespace, iface: Interface, routes: Route[], nameservers: string[]): Namespace {
  // Routes the guest's DHCP client owns on this NIC are replaced; static ones stay.
  const kept = ns.routes.filter((r) => r.dev !== iface.name || (r.proto !== 'kernel' && r.proto !== 'dhcp'));
  const out: Namespace = {
    ...ns, interfaces: ns.interfaces.map((i) => (i.name === iface.name ? iface : i)), routes: [...kept, ...routes],
  };
  if (nameservers.length) out.nameservers = nameservers; else delete out.nameservers;
  return out;
}

function prefixOf(mask: string): number {
  let m = parseIp(mask) >>> 0;
  let n = 0;
  while (m & 0x80000000) { n++; m = (m << 1) >>> 0; }
  return n;
}
