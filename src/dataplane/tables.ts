import type { Dataplane, OvsBridge } from './types';

/**
 * A bridge's tables by what they are for, as the agent that built it named them (realize
 * attaches `tableNames`; the captured reader labels a real capture's). Readers outside realize
 * find a table here by its purpose (`FLOOD_TO_TUN`), never by Neutron's number for it.
 */
export function tableNamed(br: OvsBridge, name: string): number | undefined {
  const names = br.tableNames;
  if (!names) return undefined;
  for (const [table, n] of Object.entries(names)) if (n === name) return Number(table);
  return undefined;
}

/** The name the bridge's builder gave `table`, if any. */
export function tableNameOf(br: OvsBridge | undefined, table: number): string | undefined {
  return br?.tableNames?.[table];
}

const bridgeIndex = new WeakMap<Dataplane, Map<string, OvsBridge>>();

/** The OVS bridge `name` on `host`, looked up through an index built once per data plane. */
export function ovsBridgeOf(dp: Dataplane, host: string, name: string): OvsBridge | undefined {
  let index = bridgeIndex.get(dp);
  if (!index) {
    index = new Map();
    for (const h of dp.hosts) for (const d of h.devices) if (d.kind === 'ovs') index.set(`${h.name}\u0000${d.name}`, d);
    bridgeIndex.set(dp, index);
  }
  return index.get(`${host}\u0000${name}`);
}
