import type { Instance } from '../model/types';
import { primaryPort, primarySubnet } from '../model/queries';
import type { Simulation } from '../simulation';

export interface InstanceInfo {
  instance: Instance;
  network: string;
  subnet: string;
  host: string;
}

/** Instances with an address, with what invariants ask about them. */
export function instancesOf(sim: Simulation): InstanceInfo[] {
  const out: InstanceInfo[] = [];
  for (const instance of sim.cloud.instances) {
    const port = primaryPort(sim.cloud, instance);
    const subnet = primarySubnet(sim.cloud, instance);
    if (port && subnet) out.push({ instance, network: port.network_id, subnet: subnet.id, host: instance.host });
  }
  return out;
}

/** Every ordered pair of distinct instances. */
export function* pairs(list: InstanceInfo[]): Generator<[InstanceInfo, InstanceInfo]> {
  for (const a of list) for (const b of list) if (a !== b) yield [a, b];
}

export function label(a: InstanceInfo, b: InstanceInfo | string): string {
  return `${a.instance.name} → ${typeof b === 'string' ? b : b.instance.name}`;
}

export function networkName(sim: Simulation, id: string): string {
  return sim.cloud.networks.find((n) => n.id === id)?.name ?? id;
}
