import type { Instance } from '../model/types';
import { primaryPort, primarySubnet } from '../model/queries';
import type { Simulation } from '../simulation';

export interface InstanceInfo {
  instance: Instance;
  network: string;
  subnet: string;
  host: string;
  /** Every network the guest holds a device on: each NIC's, and each subport's of a trunk on a NIC. */
  networks: ReadonlySet<string>;
  /** The subnet of each of those devices' first address: where the guest's own routes lead. */
  subnets: ReadonlySet<string>;
}

/**
 * Whether either guest has a device on the other's network: a multi-homed guest (a trunk's
 * subport, a second NIC) talks to it on-link, and its answers leave by that device too, so claims
 * about the pair's primary networks do not hold for it.
 */
export function shareANetwork(a: InstanceInfo, b: InstanceInfo): boolean {
  return a.networks.has(b.network) || b.networks.has(a.network);
}

const cache = new WeakMap<Simulation['cloud'], InstanceInfo[]>();

/** Instances with an address, with what invariants ask about them (computed once per cloud). */
export function instancesOf(sim: Simulation): InstanceInfo[] {
  let out = cache.get(sim.cloud);
  if (out) return out;
  out = [];
  const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
  const subnets = new Map(sim.cloud.subnets.map((s) => [s.id, s]));
  const trunkOf = new Map(sim.cloud.trunks.map((t) => [t.port_id, t]));
  for (const instance of sim.cloud.instances) {
    const port = ports.get(instance.ports[0]);
    const subnet = port?.fixed_ips[0] && subnets.get(port.fixed_ips[0].subnet_id);
    const held = instance.ports.flatMap((id) => [id, ...(trunkOf.get(id)?.sub_ports.map((s) => s.port_id) ?? [])]);
    const networks = new Set(held.flatMap((id) => ports.get(id)?.network_id ?? []));
    const heldSubnets = new Set(held.flatMap((id) => ports.get(id)?.fixed_ips[0]?.subnet_id ?? []));
    if (port && subnet) out.push({ instance, network: port.network_id, subnet: subnet.id, host: instance.host, networks, subnets: heldSubnets });
  }
  cache.set(sim.cloud, out);
  return out;
}

export function networkName(sim: Simulation, id: string): string {
  return sim.cloud.networks.find((n) => n.id === id)?.name ?? id;
}

export { primaryPort, primarySubnet };
