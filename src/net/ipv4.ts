/**
 * IPv4 addresses as unsigned 32-bit numbers: the tracer compares and masks them in its hot path,
 * so they are parsed once (in realize/compile) and never re-parsed per packet.
 */

export interface Cidr {
  /** Network address (host bits cleared). */
  network: number;
  prefix: number;
  mask: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

export function parseIp(text: string): number {
  // A character loop, not split/regex: addresses are parsed on hot paths (flows, NAT, DHCP).
  let ip = 0;
  let octet = -1;
  let octets = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return invalid(text);
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
      if (++digits > 3 || octet > 255) return invalid(text);
    } else if (c === 46 && digits > 0) {
      ip = ip * 256 + octet;
      octets++;
      octet = -1;
      digits = 0;
    } else return invalid(text);
  }
  return octets === 4 ? ip >>> 0 : invalid(text);
}

function invalid(text: string): never {
  throw new Error(`not an IPv4 address: ${JSON.stringify(text)}`);
}

export function formatIp(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function isCidr(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  return !!m && isIpv4(m[1]) && Number(m[2]) <= 32;
}

/** Parses `a.b.c.d/n`; a bare address is a /32. */
export function parseCidr(text: string): Cidr {
  const [addr, len] = text.includes('/') ? text.split('/') : [text, '32'];
  const prefix = Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not a CIDR: ${JSON.stringify(text)}`);
  const mask = maskOf(prefix);
  return { network: (parseIp(addr) & mask) >>> 0, prefix, mask };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.network)}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ((ip & c.mask) >>> 0) === c.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const mask = a.prefix < b.prefix ? a.mask : b.mask;
  return ((a.network & mask) >>> 0) === ((b.network & mask) >>> 0);
}

export function broadcastOf(c: Cidr): number {
  return (c.network | (~c.mask >>> 0)) >>> 0;
}

/** Dotted netmask, e.g. 255.255.255.0, as dnsmasq's --dhcp-range wants it. */
export function netmaskText(prefix: number): string {
  return formatIp(maskOf(prefix));
}

export const LIMITED_BROADCAST = 0xffffffff;
