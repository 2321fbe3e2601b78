import { cidrContains, formatIp, isCidr, parseCidr, parseIp } from '../net/ipv4';

/**
 * Where `internet` flows are sent when the topology does not say (options.internet_probe_ip):
 * the first of these documentation and benchmarking addresses (RFC 5737, RFC 2544) that lies
 * outside every subnet of the cloud, so a lab whose external network is TEST-NET-2 still gets a
 * probe beyond its upstream router rather than one of its own addresses.
 */
const CANDIDATES = ['198.51.100.10', '192.0.2.10', '203.0.113.10'];
const BENCHMARK_BASE = parseIp('198.18.0.10');

export function chooseInternetProbe(subnetCidrs: readonly string[]): string {
  const cidrs = subnetCidrs.filter(isCidr).map(parseCidr);
  const free = (ip: number) => !cidrs.some((c) => cidrContains(c, ip));
  const known = CANDIDATES.map(parseIp).find(free);
  if (known !== undefined) return formatIp(known);
  // 198.18.0.0/15, one /24 at a time: a cloud cannot cover all 512 of them with subnets in practice.
  for (let i = 0; i < 512; i++) if (free(BENCHMARK_BASE + i * 256)) return formatIp(BENCHMARK_BASE + i * 256);
  throw new Error('no free address for the internet probe: set options.internet_probe_ip');
}

/** The subnet that holds `ip`, if any: a probe there would be answered inside the cloud. */
export function subnetHolding<T extends { cidr: string }>(ip: string, subnets: readonly T[]): T | undefined {
  const at = parseIp(ip);
  return subnets.find((s) => isCidr(s.cidr) && cidrContains(parseCidr(s.cidr), at));
}
