import type { Dataplane, Namespace } from '../dataplane/types';
import { bootGuestsExcept } from '../engine/dhclient';
import type { Cloud } from '../model/types';
import { realizeUnbooted } from '../realize';
import { simulate, type Simulation } from '../simulation';

const unbootedOf = new WeakMap<Cloud, Dataplane>();

function unbooted(cloud: Cloud): Dataplane {
  let dp = unbootedOf.get(cloud);
  if (!dp) unbootedOf.set(cloud, (dp = realizeUnbooted(cloud)));
  return dp;
}

function guests(dp: Dataplane): Map<string, Namespace> {
  const out = new Map<string, Namespace>();
  for (const h of dp.hosts) for (const d of h.devices) if (d.kind === 'namespace' && d.guest) out.set(d.name, d);
  return out;
}

/**
 * The plane of `changed` as a running cloud reaches it from `base`: the agents rebuild their
 * state, but a guest that was already running keeps the addresses and routes of its lease (a
 * DHCP client renews only when the lease runs out), wherever it now runs. A guest the change
 * made anew (a new instance, a NIC on another subnet) boots through the changed plane.
 */
export function runningPlane(base: { cloud: Cloud; dataplane: Dataplane }, changed: Cloud): Dataplane {
  const before = guests(unbooted(base.cloud));
  const leased = guests(base.dataplane);
  const after = realizeUnbooted(changed);
  const kept = new Set<Namespace>();
  const hosts = after.hosts.map((h) => ({
    ...h,
    devices: h.devices.map((d) => {
      if (d.kind !== 'namespace' || !d.guest) return d;
      const was = before.get(d.name);
      const lease = leased.get(d.name);
      if (!was || !lease || JSON.stringify(was) !== JSON.stringify(d)) return d;
      kept.add(lease);
      return lease;
    }),
  }));
  return bootGuestsExcept({ ...after, hosts }, (_host, ns) => kept.has(ns));
}

/** `changed` simulated as the running `base` would become it (see runningPlane). */
export function runningSimulation(base: Simulation, changed: Cloud): Simulation {
  return simulate(changed, runningPlane(base, changed));
}
