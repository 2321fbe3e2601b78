/**
 * Security-group rule protocols as Neutron accepts them (neutron_lib `IP_PROTOCOL_MAP` and the
 * API's integer form 0..255), normalized the way the agents read them: a number with a name
 * becomes its name, so `6` and `"tcp"` are one rule; `any`, null and 0 mean any protocol
 * (iptables_firewall writes no `-p` for protocol zero).
 */
export const IP_PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map(Object.entries({
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, hopopt: 0, icmp: 1, igmp: 2, ipip: 4, 'ipv6-encap': 41, 'ipv6-frag': 44,
  'ipv6-icmp': 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43, ospf: 89, pgm: 113, rsvp: 46, sctp: 132, tcp: 6,
  udp: 17, udplite: 136, vrrp: 112,
}));
const NAME_OF = new Map([...IP_PROTOCOL_NUMBERS].filter(([name]) => name !== 'hopopt').map(([name, n]) => [n, name]));

/** Protocols whose rules take a destination port range (the rest ignore port_range_min/max or refuse them). */
export const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite']);

/**
 * The protocol a rule means, or `undefined` when Neutron would refuse it. Null is any protocol.
 */
export function normalizeProtocol(p: string | number | null | undefined): string | null | undefined {
  if (p === null || p === undefined) return null;
  const text = String(p).trim().toLowerCase();
  if (text === 'any' || text === '') return null;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > 255) return undefined;
    if (n === 0) return null;
    return NAME_OF.get(n) ?? String(n);
  }
  if (text === 'icmpv6') return 'ipv6-icmp';
  return IP_PROTOCOL_NUMBERS.has(text) ? text : undefined;
}
