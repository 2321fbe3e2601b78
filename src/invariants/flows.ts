import type { Instance } from '../model/types';
import { primaryPort, primarySubnet } from '../model/queries';
import type { Simulation } from '../simulation';

export interface InstanceInfo {
  instance: Instance;
  network: string;
  subnet: string;
  host: string;
}

const cache = new WeakMap<Simulation['cloud'], InstanceInfo[]>();

/** Instances with an address, with what invariants ask about them (computed once per cloud). */
export function instancesOf(sim: Simulation): InstanceInfo[] {
  let out = cache.get(sim.cloud);
  if (out) return out;
  out = [];
  const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
  const subnets = new Map(sim.cloud.subnets.map((s) => [s.id, s]));
  for (const instance of sim.cloud.instances) {
    const port = ports.get(instance.ports[0]);
    const subnet = port?.fixed_ips[0] && subnets.get(port.fixed_ips[0].subnet_id);
    if (port && subnet) out.push({ instance, network: port.network_id, subnet: subnet.id, host: instance.host });
  }
  cache.set(sim.cloud, out);
  return out;
}

export function networkName(sim: Simulation, id: string): string {
  return sim.cloud.networks.find((n) => n.id === id)?.name ?? id;
}

export { primaryPort, primarySubnet };
