/** What the flow arbitraries need to know about a cloud's instances. */
import type { Cloud } from '../../model/types';
import { primaryPort, primarySubnet, routerJoining } from '../../model/queries';
import { isSimulation, type Simulation } from '../../simulation';
import { withToString } from './describe';
import { fail } from './constraints';

/** Where a packet goes from and to, as `trace(from, to)` takes them. Prints as `vm1 → vm2`. */
export interface FlowEnds {
  from: string;
  /** An instance name, or `internet`, `dhcp`, `metadata`. */
  to: string;
}

export interface Endpoint {
  name: string;
  host: string;
  network: string;
  subnet: string;
}

export function cloudOf(api: string, x: Cloud | Simulation): Cloud {
  if (isSimulation(x)) return x.cloud;
  if (typeof x !== 'object' || x === null || !Array.isArray((x as Cloud).instances)) fail(api, 'expects a Cloud or a Simulation');
  return x;
}

/** Instances with an address (as the invariants see them), in cloud order. */
export function endpoints(cloud: Cloud): Endpoint[] {
  return cloud.instances.flatMap((i) => {
    const port = primaryPort(cloud, i);
    const subnet = primarySubnet(cloud, i);
    return port && subnet ? [{ name: i.name, host: i.host, network: port.network_id, subnet: subnet.id }] : [];
  });
}

export const joinedByRouter = (cloud: Cloud, a: Endpoint, b: Endpoint) => routerJoining(cloud, a.subnet, b.subnet) !== undefined;

export function flowEnds(from: string, to: string): FlowEnds {
  return withToString({ from, to }, (f) => `${f.from} → ${f.to}`);
}
