import { formatIp } from '../net/ipv4';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export type AppPayload =
  | { kind: 'dhcp'; message: 'DISCOVER' | 'OFFER' | 'REQUEST' | 'ACK' | 'NAK'; chaddr: string; yiaddr?: string }
  | { kind: 'http'; request: string; status?: number }
  | { kind: 'icmp'; type: 'echo-request' | 'echo-reply' }
  | { kind: 'data' };

/**
 * One frame as the engine carries it. Packets are values: a device that changes a header makes a
 * shallow copy, so forks never share mutations. IPv4 addresses are uint32.
 */
export interface Packet {
  ethSrc: string;
  ethDst: string;
  /** 802.1Q VID, 0 when untagged. */
  vlan: number;
  type: 'ip' | 'arp';
  arpOp: 0 | 1 | 2;
  arpSha: string;
  arpSpa: number;
  arpTpa: number;
  src: number;
  dst: number;
  proto: 'icmp' | 'tcp' | 'udp' | 'gre';
  sport: number;
  dport: number;
  app: AppPayload;
  /** OVS tunnel metadata (tun_id), set by set_tunnel or on decapsulation; 0 when none. */
  tunId: number;
  /** The encapsulated frame, for an outer VXLAN/GRE packet. */
  inner: Packet | null;
  /** skb mark (iptables MARK). */
  mark: number;
  /** Conntrack state as netfilter sees it. */
  ct: 'NEW' | 'ESTABLISHED';
  /** The connection was DNAT/REDIRECTed (`--ctstate DNAT`). */
  ctDnat: boolean;
}

export function ipPacket(fields: Partial<Packet> & Pick<Packet, 'src' | 'dst' | 'proto'>): Packet {
  return {
    ethSrc: '', ethDst: '', vlan: 0, type: 'ip', arpOp: 0, arpSha: '', arpSpa: 0, arpTpa: 0,
    sport: 0, dport: 0, app: { kind: 'data' }, tunId: 0, inner: null, mark: 0, ct: 'NEW', ctDnat: false,
    ...fields,
  };
}

export function arpRequest(ethSrc: string, spa: number, tpa: number): Packet {
  return {
    ethSrc, ethDst: BROADCAST_MAC, vlan: 0, type: 'arp', arpOp: 1, arpSha: ethSrc, arpSpa: spa, arpTpa: tpa,
    src: 0, dst: 0, proto: 'icmp', sport: 0, dport: 0, app: { kind: 'data' }, tunId: 0, inner: null, mark: 0,
    ct: 'NEW', ctDnat: false,
  };
}

export function isMulticastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** The reply to a packet: addresses and ports swapped, an established connection. */
export function replyTo(p: Packet, app: AppPayload): Packet {
  return ipPacket({ src: p.dst, dst: p.src, proto: p.proto, sport: p.dport, dport: p.sport, app, ct: 'ESTABLISHED' });
}

export function describePacket(p: Packet): string {
  if (p.type === 'arp') return `arp ${p.arpOp === 1 ? 'who-has' : 'is-at'} ${formatIp(p.arpTpa)} tell ${formatIp(p.arpSpa)}`;
  const ports = p.proto === 'tcp' || p.proto === 'udp' ? `:${p.sport} → ${formatIp(p.dst)}:${p.dport}` : ` → ${formatIp(p.dst)}`;
  const head = p.proto === 'tcp' || p.proto === 'udp' ? `${p.proto} ${formatIp(p.src)}${ports}` : `${p.proto} ${formatIp(p.src)}${ports}`;
  return p.app.kind === 'dhcp' ? `${head} dhcp ${p.app.message}` : head;
}
