/**
 * Finding the devices a fault names, shared by the catalogue files of the DVR, trunk and
 * security-group kinds: where the sites are enumerated, and where a fault is applied to a copy.
 */
import type { Dataplane, FlowMatch, Namespace, OvsBridge } from '../types';
import { FaultError } from './errors';

const FABRIC = 'fabric';

/** Every OVS bridge of the cloud's hosts (the fabric's switches are not the agents'), or those named `name`. */
export function bridgesOf(dp: Dataplane, name?: string | ((n: string) => boolean)): { host: string; br: OvsBridge }[] {
  const want = typeof name === 'string' ? (n: string) => n === name : name ?? (() => true);
  return dp.hosts.filter((h) => h.name !== FABRIC).flatMap((h) => h.devices
    .filter((d): d is OvsBridge => d.kind === 'ovs' && want(d.name)).map((br) => ({ host: h.name, br })));
}

/** Every namespace of the cloud's hosts. */
export function namespacesOf(dp: Dataplane): { host: string; ns: Namespace }[] {
  return dp.hosts.filter((h) => h.name !== FABRIC).flatMap((h) => h.devices
    .filter((d): d is Namespace => d.kind === 'namespace').map((ns) => ({ host: h.name, ns })));
}

export function bridgeAt(dp: Dataplane, host: string, name: string): OvsBridge {
  const d = dp.hosts.find((h) => h.name === host)?.devices.find((x) => x.name === name);
  if (!d || d.kind !== 'ovs') throw new FaultError(`no OVS bridge ${name} on ${host}`);
  return d;
}

export function namespaceAt(dp: Dataplane, host: string, name: string): Namespace {
  const d = dp.hosts.find((h) => h.name === host)?.devices.find((x) => x.name === name);
  if (!d || d.kind !== 'namespace') throw new FaultError(`no namespace ${name} on ${host}`);
  return d;
}

/** The same fields with the same values: a fault names one flow by its whole match. */
export function sameMatch(a: FlowMatch, b: FlowMatch): boolean {
  const ka = Object.keys(a) as (keyof FlowMatch)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Each instance's tap: the port its guest NIC is linked to (on qbr, or on br-int or a trunk bridge). */
export function instanceTapsOf(dp: Dataplane): { host: string; tap: string; ip: string }[] {
  return dp.endpoints.instances.flatMap((e) => {
    const link = dp.links.find((l) => (l.a.host === e.host && l.a.device === e.namespace && l.a.port === e.iface)
      || (l.b.host === e.host && l.b.device === e.namespace && l.b.port === e.iface));
    const peer = link && (link.a.device === e.namespace ? link.b : link.a);
    return peer?.port.startsWith('tap') ? [{ host: e.host, tap: peer.port, ip: e.ip }] : [];
  });
}
