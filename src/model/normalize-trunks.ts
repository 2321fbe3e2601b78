import type { Instance, Port, Trunk } from './types';
import type { TrunkSpec } from './spec';
import { stableUuid } from './ids';

/** The parent port a trunk spec names: `port_id`, or the first port of `instance`. Validation has proven it resolves. */
export function trunkParentId(t: TrunkSpec, instances: readonly Instance[]): string {
  if (t.port_id !== undefined) return t.port_id;
  return instances.find((i) => i.name === t.instance || i.id === t.instance)!.ports[0];
}

export const trunkId = (t: TrunkSpec) => t.id ?? stableUuid(`trunk:${t.name}`);

/**
 * Trunks with their subports' ports: each subport is a Neutron port of its own (device_owner
 * `trunk:subport`, device_id the trunk), bound to the parent's host as the OVS trunk driver binds
 * it (`_update_subport_binding`). `addSubport` creates the port the way normalizeCloud creates every port.
 */
export function normalizeTrunks(
  specs: readonly TrunkSpec[], instances: readonly Instance[], ports: readonly Port[],
  addSubport: (t: TrunkSpec, k: number, id: string, host: string) => Port,
): Trunk[] {
  const byId = new Map(ports.map((p) => [p.id, p]));
  return specs.map((t) => {
    const id = trunkId(t);
    const parent = byId.get(trunkParentId(t, instances))!;
    return {
      id, name: t.name, port_id: parent.id,
      sub_ports: (t.sub_ports ?? []).map((s, k) => ({
        port_id: addSubport(t, k, id, parent['binding:host_id']).id, segmentation_type: s.segmentation_type, segmentation_id: s.segmentation_id,
      })),
    };
  });
}
