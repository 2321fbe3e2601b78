/**
 * Neutron's naming rules in one place (as OVN keeps its pipeline stages in one table); the OVS
 * table numbers are realize's (src/realize/ovs-tables.ts). Sources: neutron_lib/constants.py, neutron_lib/plugins/ml2/ovs_constants.py,
 * neutron/agent/l3/namespaces.py, os-vif's vif_plug_ovs.
 */

/** `LINUX_DEV_LEN`: agent-made device names are `(prefix + id)[:14]`. */
export const DEVICE_NAME_LEN = 14;

export const PREFIX = {
  tap: 'tap',
  linuxBridge: 'qbr',
  vethBridgeSide: 'qvb',
  vethOvsSide: 'qvo',
  routerInternal: 'qr-',
  routerGateway: 'qg-',
  /** ha_router.HA_DEV_PREFIX: an HA router's port on the HA network. */
  haRouter: 'ha-',
  /** SNAT_INT_DEV_PREFIX: a distributed router's SNAT port in `snat-`. */
  snatInternal: 'sg-',
  /** FIP_EXT_DEV_PREFIX: the floating IP agent gateway port in `fip-`. */
  fipGateway: 'fg-',
  /** ROUTER_2_FIP_DEV_PREFIX / FIP_2_ROUTER_DEV_PREFIX: the veth pair joining `qrouter-` and `fip-`. */
  routerToFip: 'rfp-',
  fipToRouter: 'fpr-',
  physicalPeerOnIntegration: 'int-',
  integrationPeerOnPhysical: 'phy-',
} as const;

/**
 * The OVS trunk driver's devices (services/trunk/drivers/openvswitch): the trunk bridge is
 * `('tbr-' + trunk_id)[:14]`; its patch pairs to br-int are `(prefix + port_id)[:15]`, `tpt-`/`tpi-`
 * for the parent and `spt-`/`spi-` for each subport (trunk side / br-int side).
 */
export const TRUNK = {
  bridge: 'tbr-',
  parentOnTrunk: 'tpt-',
  parentOnIntegration: 'tpi-',
  subportOnTrunk: 'spt-',
  subportOnIntegration: 'spi-',
} as const;
/** `DEVICE_NAME_MAX_LEN`: OVS port names may take one character more than `LINUX_DEV_LEN`. */
export const OVS_PORT_NAME_LEN = 15;

/** The trunk bridge of a trunk (`gen_trunk_br_name`). */
export function trunkBridgeName(trunkId: string): string {
  return (TRUNK.bridge + trunkId).slice(0, DEVICE_NAME_LEN);
}

/** A trunk patch port (`get_br_int_port_name`, `get_br_trunk_port_name`). */
export function trunkPatchName(prefix: string, portId: string): string {
  return (prefix + portId).slice(0, OVS_PORT_NAME_LEN);
}

export const NAMESPACE_PREFIX = { router: 'qrouter-', dhcp: 'qdhcp-', snat: 'snat-', fip: 'fip-' } as const;

export const BRIDGE = { integration: 'br-int', tunnel: 'br-tun' } as const;
export const PATCH = { intToTun: 'patch-tun', tunToInt: 'patch-int' } as const;

export const DEAD_VLAN_TAG = 4095;
export const VXLAN_UDP_PORT = 4789;
export const METADATA_IP = '169.254.169.254';
export const METADATA_MARK = { value: 0x1, mask: 0xffff } as const;
export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
/** VRRP advertisements go to the all-VRRP-routers group (RFC 5798), in frames to its multicast MAC. */
export const VRRP_GROUP = '224.0.0.18';
export const VRRP_GROUP_MAC = '01:00:5e:00:00:12';

/** `(prefix + id)[:14]`, Neutron's rule for every agent-made device. */
export function deviceName(prefix: string, id: string): string {
  return (prefix + id).slice(0, DEVICE_NAME_LEN);
}

/** `vxlan-0a000102` for remote 10.0.1.2: `get_tunnel_name` for an IPv4 remote. */
export function tunnelPortName(type: string, remoteIp: string): string {
  const hex = remoteIp.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
  return `${type}-${hex}`;
}
