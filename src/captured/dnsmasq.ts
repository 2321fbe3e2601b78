import type { DhcpHost, DhcpOption, DhcpRange } from '../dataplane/types';
import { formatCidr, isIpv4, parseCidr, parseIp } from '../net/ipv4';
import type { Rejected } from './ip';
import { lines } from './ip';

/**
 * The DHCP agent's dnsmasq files (dhcp/<network>/host and opts) and its command line (the
 * ranges, lease time and forced options are only there).
 */
export function parseDhcpHosts(text: string): { hosts: DhcpHost[]; rejected: Rejected[] } {
  const hosts: DhcpHost[] = [];
  const rejected: Rejected[] = [];
  for (const [n, line] of lines(text)) {
    const f = line.split(',').filter((x) => !x.startsWith('set:'));
    const [mac, hostname, ip] = f;
    if (f.length !== 3 || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) || !isIpv4(ip)) {
      rejected.push({ line: n, text: line, reason: isIpv4(ip ?? '') || !f.some((x) => x.includes(':') && !/^([0-9a-f]{2}:){5}/i.test(x)) ? 'not mac,hostname,IPv4' : 'an IPv6 host entry (the engine walks IPv4 only)' });
      continue;
    }
    hosts.push({ mac: mac.toLowerCase(), hostname, ip });
  }
  return { hosts, rejected };
}

export function parseDhcpOpts(text: string): { options: DhcpOption[]; rejected: Rejected[] } {
  const options: DhcpOption[] = [];
  const rejected: Rejected[] = [];
  for (const [n, line] of lines(text)) {
    const m = /^(?:tag:([^,]+),)?(?:option:([\w-]+)|(\d+)),?(.*)$/.exec(line);
    if (!m) { rejected.push({ line: n, text: line, reason: 'not [tag:TAG,]option:NAME,VALUE' }); continue; }
    if (/^option6:/.test(line.replace(/^tag:[^,]+,/, ''))) { rejected.push({ line: n, text: line, reason: 'a DHCPv6 option (the engine walks IPv4 only)' }); continue; }
    const o: DhcpOption = { name: m[2] ?? m[3], value: m[4] };
    if (m[1]) o.tag = m[1];
    options.push(o);
  }
  return { options, rejected };
}

export interface DnsmasqCommand {
  ranges: DhcpRange[];
  leaseSeconds: number;
  /** `--dhcp-option-force=option:mtu,1450`: untagged options every client gets. */
  options: DhcpOption[];
  hostsFile?: string;
}

/** One dnsmasq command line (as `ps -o args` prints it). */
export function parseDnsmasqCommand(args: string): DnsmasqCommand {
  const cmd: DnsmasqCommand = { ranges: [], leaseSeconds: 86400, options: [] };
  for (const a of args.split(/\s+/)) {
    let m: RegExpExecArray | null;
    if ((m = /^--dhcp-range=set:([^,]+),([\d.]+),static,([\d.]+)(?:,(\w+))?/.exec(a)) && isIpv4(m[2]) && isIpv4(m[3])) {
      const prefix = 32 - Math.log2((~parseIp(m[3]) >>> 0) + 1);
      cmd.ranges.push({ tag: m[1], cidr: formatCidr(parseCidr(`${m[2]}/${prefix}`)) });
      if (m[4]) cmd.leaseSeconds = leaseSeconds(m[4]);
    } else if ((m = /^--dhcp-option-force=(?:tag:([^,]+),)?option:([\w-]+),(.*)$/.exec(a))) {
      cmd.options.push(m[1] ? { tag: m[1], name: m[2], value: m[3] } : { name: m[2], value: m[3] });
    } else if ((m = /^--dhcp-hostsfile=(.*)$/.exec(a))) {
      cmd.hostsFile = m[1];
    }
  }
  return cmd;
}

function leaseSeconds(text: string): number {
  if (text === 'infinite') return 0xffffffff;
  const m = /^(\d+)([smhd]?)$/.exec(text);
  if (!m) return 86400;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

export function renderDhcpHosts(hosts: readonly DhcpHost[]): string {
  return hosts.map((h) => `${h.mac},${h.hostname},${h.ip}\n`).join('');
}

export function renderDhcpOpts(options: readonly DhcpOption[]): string {
  return options.map((o) => `${o.tag ? `tag:${o.tag},` : ''}${/^\d+$/.test(o.name) ? o.name : `option:${o.name}`}${o.value ? `,${o.value}` : ''}\n`).join('');
}
