import type { DhcpOption } from '../dataplane/types';
import { formatIp } from '../net/ipv4';

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export type AppPayload =
  | { kind: 'dhcp'; message: 'DISCOVER' | 'OFFER' | 'REQUEST' | 'ACK' | 'NAK'; chaddr: string; yiaddr?: string; options?: readonly DhcpOption[] }
  | { kind: 'http'; request: string; status?: number }
  | { kind: 'icmp'; type: 'echo-request' | 'echo-reply' }
  /** A TCP segment the stack itself sends (a listener's SYN-ACK comes from its process). */
  | { kind: 'tcp'; flags: 'SYN' | 'SYN-ACK' | 'RST' }
  | { kind: 'data' }
  | { kind: 'vrrp'; vrid: number; priority: number };

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
  /** `vrrp`: IP protocol 112, keepalived's advertisements. */
  proto: 'icmp' | 'tcp' | 'udp' | 'gre' | 'vrrp';
  sport: number;
  dport: number;
  app: AppPayload;
  /** OVS tunnel metadata (tun_id), set by set_tunnel or on decapsulation; 0 when none. */
  tunId: number;
  /** The encapsulated frame, for an outer VXLAN/GRE packet. */
  inner: Packet | null;
  /** skb mark (iptables MARK). */
  mark: number;
  /**
   * The conntrack state the device holding the packet looked up (namespace, bridge netfilter,
   * OVS `ct()`); UNTRACKED until one does. Never set by whoever builds the packet.
   */
  ct: CtState;
  /** The connection was DNAT/REDIRECTed (`--ctstate DNAT`). */
  ctDnat: boolean;
}

/**
 * Every packet is built here with the same fields in the same order, so the engine's reads see
 * one hidden class; copies (`clonePacket`) keep it, where an object spread would not always.
 */
function packet(
  ethSrc: string, ethDst: string, vlan: number, type: Packet['type'], arpOp: Packet['arpOp'], arpSha: string, arpSpa: number,
  arpTpa: number, src: number, dst: number, proto: Packet['proto'], sport: number, dport: number, app: AppPayload, tunId: number,
  inner: Packet | null, mark: number, ct: Packet['ct'], ctDnat: boolean,
): Packet {
  return { ethSrc, ethDst, vlan, type, arpOp, arpSha, arpSpa, arpTpa, src, dst, proto, sport, dport, app, tunId, inner, mark, ct, ctDnat };
}

/** A shallow copy: the one a device makes before changing a header. */
export function clonePacket(p: Packet): Packet {
  return packet(p.ethSrc, p.ethDst, p.vlan, p.type, p.arpOp, p.arpSha, p.arpSpa, p.arpTpa, p.src, p.dst, p.proto, p.sport, p.dport,
    p.app, p.tunId, p.inner, p.mark, p.ct, p.ctDnat);
}

export function ipPacket(fields: Partial<Packet> & Pick<Packet, 'src' | 'dst' | 'proto'>): Packet {
  // The defaults overwritten by whatever `fields` holds, as a spread would.
  return Object.assign(packet('', '', 0, 'ip', 0, '', 0, 0, 0, 0, 'icmp', 0, 0, { kind: 'data' }, 0, null, 0, 'UNTRACKED', false), fields);
}

/** An IP packet with all its addressing given: what the engine itself sends (replies, tunnels). */
export function ipPacketOf(src: number, dst: number, proto: Packet['proto'], sport: number, dport: number, app: AppPayload): Packet {
  return packet('', '', 0, 'ip', 0, '', 0, 0, src, dst, proto, sport, dport, app, 0, null, 0, 'UNTRACKED', false);
}

export function arpRequest(ethSrc: string, spa: number, tpa: number): Packet {
  return packet(ethSrc, BROADCAST_MAC, 0, 'arp', 1, ethSrc, spa, tpa, 0, 0, 'icmp', 0, 0, { kind: 'data' }, 0, null, 0, 'UNTRACKED', false);
}

const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) { HEX[65 + c] = 10 + c; HEX[97 + c] = 10 + c; }

/** The I/G bit: the low bit of the first octet. Read from the characters, without parsing. */
export function isMulticastMac(mac: string): boolean {
  const a = mac.charCodeAt(0);
  const b = mac.charCodeAt(1);
  if (a < 128 && b < 128 && HEX[a] >= 0 && HEX[b] >= 0) return (HEX[b] & 1) === 1;
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1; // anything unusual: exactly as parsing it
}

/** The answer to a packet: addresses and ports swapped. Conntrack, not the packet, knows it is a reply. */
export function replyTo(p: Packet, app: AppPayload): Packet {
  return ipPacketOf(p.dst, p.src, p.proto, p.dport, p.sport, app);
}

/** The ICMP type and code a packet carries (echo request 8/0, echo reply 0/0); -1 when it is no ICMP message. */
export function icmpTypeOf(p: Packet): number {
  if (p.proto !== 'icmp' || p.app.kind !== 'icmp') return -1;
  return p.app.type === 'echo-request' ? 8 : 0;
}
export function icmpCodeOf(p: Packet): number {
  return icmpTypeOf(p) < 0 ? -1 : 0;
}

export function describePacket(p: Packet): string {
  if (p.type === 'arp') return `arp ${p.arpOp === 1 ? 'who-has' : 'is-at'} ${formatIp(p.arpTpa)} tell ${formatIp(p.arpSpa)}`;
  const ports = p.proto === 'tcp' || p.proto === 'udp' ? `:${p.sport} → ${formatIp(p.dst)}:${p.dport}` : ` → ${formatIp(p.dst)}`;
  const head = p.proto === 'tcp' || p.proto === 'udp' ? `${p.proto} ${formatIp(p.src)}${ports}` : `${p.proto} ${formatIp(p.src)}${ports}`;
  return p.app.kind === 'dhcp' ? `${head} dhcp ${p.app.message}` : head;
}
