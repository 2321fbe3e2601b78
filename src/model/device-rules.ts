/**
 * Rules that come from what realize builds rather than from Neutron's API: which agents need the
 * OVS agent's br-int, which device and fabric names realize keeps for itself, and which MACs no
 * port can use. Without them such a topology validated and then crashed (or merged devices) in realize.
 */
import type { HostSpec } from './spec';
import type { Add, Item } from './shape';
import { DEFAULT_IFACES } from './defaults';
import { BRIDGE, NAMESPACE_PREFIX, PREFIX } from '../dataplane/names';
import { FABRIC, FABRIC_SEGMENTS } from '../dataplane/fabric';

/** Agents whose devices hang off br-int, which only the OVS agent creates. */
export const NEEDS_OVS = ['l3', 'dhcp', 'nova-compute'] as const;
export const NEEDS_OVS_WHY: Record<(typeof NEEDS_OVS)[number], string> = {
  l3: 'the l3 agent plugs qr-/qg- ports into br-int',
  dhcp: 'the dhcp agent plugs its qdhcp port into br-int',
  'nova-compute': 'instances are plugged into br-int',
};

/**
 * Neutron's API (neutron-lib validate_mac_address) rejects 00:00:00:00:00:00 and ff:ff:ff:ff:ff:ff;
 * a multicast MAC (the I/G bit, 0x01 of the first octet) passes the API, but no Linux interface
 * takes one (is_valid_ether_addr), so the port could never send or receive.
 */
export function macProblem(mac: string): string | undefined {
  const first = parseInt(mac.slice(0, 2), 16);
  if (/^(0{2}:){5}0{2}$/.test(mac)) return `${mac} is the all-zero MAC, which Neutron rejects`;
  if (/^(ff:){5}ff$/i.test(mac)) return `${mac} is the broadcast MAC, which Neutron rejects`;
  if (first & 1) return `${mac} is a multicast MAC (the first octet is odd): a port needs a unicast MAC`;
  return undefined;
}

/** Device names realize gives a host's own devices; an instance's namespace or an external bridge must not take one. */
const HOST_DEVICES = ['root', BRIDGE.integration, BRIDGE.tunnel];
const AGENT_PREFIXES = [PREFIX.linuxBridge, NAMESPACE_PREFIX.router, NAMESPACE_PREFIX.dhcp];
/** What an instance named `name` on `host` would collide with, or undefined. */
export function deviceNameClash(name: string, host: HostSpec | undefined): string | undefined {
  if (HOST_DEVICES.includes(name)) return `the host's ${name === 'root' ? 'root namespace' : `bridge ${name}`}`;
  const prefix = AGENT_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `the agents' ${prefix} devices (the prefix is reserved)`;
  const bridge = host?.external ? host.external.bridge ?? DEFAULT_IFACES.bridge : undefined;
  return name === bridge ? `the host's external bridge ${bridge}` : undefined;
}
/** Names realize keeps for itself: the fabric's segments and hosts, and the bridges the OVS agent creates. */
export function reservedNames({ v, at }: Item<HostSpec>, add: Add): void {
  if (v.name === FABRIC) add(`${at}.name`, 'reserved-name', `"${FABRIC}" is reserved: it names the physical network between the hosts`);
  const ext = v.external;
  if (!ext) return;
  const bridge = ext.bridge ?? DEFAULT_IFACES.bridge;
  if (HOST_DEVICES.includes(bridge) || AGENT_PREFIXES.some((p) => bridge.startsWith(p))) {
    add(`${at}.external.bridge`, 'reserved-name', `bridge name "${bridge}" is reserved: the OVS agent and realize name ${HOST_DEVICES.join(', ')} and ${AGENT_PREFIXES.join('*, ')}* devices`);
  }
  const physnet = ext.physical_network ?? DEFAULT_IFACES.physical_network;
  if (FABRIC_SEGMENTS.includes(physnet)) {
    add(`${at}.external.physical_network`, 'reserved-name', `physical network "${physnet}" is reserved: ${FABRIC_SEGMENTS.join(', ')} name the fabric's own segments`);
  }
}
