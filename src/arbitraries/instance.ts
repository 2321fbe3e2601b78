import fc from 'fast-check';
import type { Cloud } from '../model/types';
import type { Simulation } from '../simulation';
import { fail } from './_internals/constraints';
import { cloudOf, endpoints } from './_internals/endpoints';

export interface InstanceConstraints {
  /** Only instances on this network (name or id). Default: any. */
  network?: string;
  /** Only instances on this host. Default: any. */
  host?: string;
}

/**
 * The name of one of the cloud's instances (with an address), shrinking towards the first.
 *
 *   fc.property(arb.instance(cloud), (vm) => expect(trace(vm, 'dhcp')).toBeAnsweredBy('dnsmasq'))
 */
export function instance(of: Cloud | Simulation, constraints: InstanceConstraints = {}): fc.Arbitrary<string> {
  const cloud = cloudOf('arb.instance', of);
  const net = constraints.network === undefined ? undefined
    : cloud.networks.find((n) => n.name === constraints.network || n.id === constraints.network);
  if (constraints.network !== undefined && !net) fail('arb.instance', `network ${JSON.stringify(constraints.network)} is not in the cloud`);
  const names = endpoints(cloud)
    .filter((e) => (!net || e.network === net.id) && (constraints.host === undefined || e.host === constraints.host))
    .map((e) => e.name);
  if (!names.length) fail('arb.instance', 'no instance of the cloud matches the constraints');
  return fc.constantFrom(...names);
}
