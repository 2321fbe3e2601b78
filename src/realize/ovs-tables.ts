/**
 * The OVS agent's flow table numbers (neutron_lib/plugins/ml2/ovs_constants.py), the one place
 * they live: only realize builds tables by number, and the captured reader labels a real
 * capture's tables with them (it reads what this agent wrote).
 */
import { BRIDGE } from '../dataplane/names';

export const BR_INT_TABLE = {
  LOCAL_SWITCHING: 0,
  DVR_TO_SRC_MAC: 1,
  DVR_TO_SRC_MAC_PHYSICAL: 2,
  CANARY: 23,
  ARP_SPOOF: 24,
  MAC_SPOOF: 25,
  LOCAL_EGRESS: 30,
  LOCAL_IP: 31,
  PACKET_RATE_LIMIT: 58,
  BANDWIDTH_RATE_LIMIT: 59,
  TRANSIENT: 60,
  BASE_EGRESS: 71,
  RULES_EGRESS: 72,
  ACCEPT_OR_INGRESS: 73,
  BASE_INGRESS: 81,
  RULES_INGRESS: 82,
  ACCEPTED_EGRESS_TRAFFIC_NORMAL: 94,
} as const;

export const BR_TUN_TABLE = {
  LOCAL_SWITCHING: 0,
  DVR_PROCESS: 1,
  PATCH_LV_TO_TUN: 2,
  GRE_TUN_TO_LV: 3,
  VXLAN_TUN_TO_LV: 4,
  DVR_NOT_LEARN: 9,
  LEARN_FROM_TUN: 10,
  UCAST_TO_TUN: 20,
  ARP_RESPONDER: 21,
  FLOOD_TO_TUN: 22,
} as const;

export const TUN_TABLE = { gre: BR_TUN_TABLE.GRE_TUN_TO_LV, vxlan: BR_TUN_TABLE.VXLAN_TUN_TO_LV } as const;

/**
 * What each table is for, by number, as the agent names it (`table=20 UCAST_TO_TUN`): realize
 * attaches these to the bridges it builds (`OvsBridge.tableNames`), so readers outside realize
 * (views, fault sites) learn a table's purpose from the data plane, never from these numbers.
 */
export const TABLE_NAMES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  [BRIDGE.integration]: invert(BR_INT_TABLE),
  [BRIDGE.tunnel]: invert(BR_TUN_TABLE),
};

function invert(t: Record<string, number>): Record<number, string> {
  return Object.freeze(Object.fromEntries(Object.entries(t).map(([k, v]) => [v, k])));
}

