/**
 * Small helpers for tests that look into a realized data plane or a trace. Data planes are plain
 * values and the engine caches its runtime (MAC tables, ARP caches, learned flows) per object, so
 * tests trace on `structuredClone`s and never on a shared plane.
 */
import type { Dataplane, Device, Namespace, OvsBridge, LinuxBridge } from '../dataplane/types';
import { leaves, mainPath } from '../trace/leaves';
import type { Branch, Hop, Step, Trace } from '../trace/types';

export function hostPlane(dp: Dataplane, host: string) {
  const h = dp.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`test: no host ${host} in the data plane`);
  return h;
}

export function device(dp: Dataplane, host: string, name: string): Device {
  const d = hostPlane(dp, host).devices.find((x) => x.name === name);
  if (!d) throw new Error(`test: no device ${name} on ${host}`);
  return d;
}

export function ovs(dp: Dataplane, host: string, name: string): OvsBridge {
  const d = device(dp, host, name);
  if (d.kind !== 'ovs') throw new Error(`test: ${name} on ${host} is not an OVS bridge`);
  return d;
}

export function linuxBridge(dp: Dataplane, host: string, name: string): LinuxBridge {
  const d = device(dp, host, name);
  if (d.kind !== 'linux-bridge') throw new Error(`test: ${name} on ${host} is not a Linux bridge`);
  return d;
}

export function namespace(dp: Dataplane, host: string, name: string): Namespace {
  const d = device(dp, host, name);
  if (d.kind !== 'namespace') throw new Error(`test: ${name} on ${host} is not a namespace`);
  return d;
}

/** Every namespace of the whole plane, with the host it sits on. */
export function allNamespaces(dp: Dataplane): { host: string; ns: Namespace }[] {
  return dp.hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace').map((ns) => ({ host: h.name, ns })));
}

/** Every device name on a host. */
export function deviceNames(dp: Dataplane, host: string): string[] {
  return hostPlane(dp, host).devices.map((d) => d.name);
}

/** The hops of the path that decided the outcome (a flood's other branches left out). */
export function pathOf(b: Branch): Hop[] {
  return mainPath(b);
}

/** `host/device` of each hop, for readable assertions. */
export function hopNames(hops: Hop[]): string[] {
  return hops.map((h) => `${h.host}/${h.device}`);
}

export function stepsOf<T extends Step['t']>(hops: Hop[], t: T): Extract<Step, { t: T }>[] {
  return hops.flatMap((h) => h.steps.filter((s): s is Extract<Step, { t: T }> => s.t === t));
}

/** VNIs of the tunnel encapsulations along a path, in order. */
export function encapVnis(hops: Hop[]): number[] {
  return stepsOf(hops, 'tunnel').filter((s) => s.op === 'encap').map((s) => s.vni);
}

/** Hosts where some branch of the trace decapsulated a tunnel packet. */
export function decapHosts(t: Trace): Set<string> {
  const hosts = new Set<string>();
  for (const l of leaves(t.root)) {
    for (const h of l.path) if (h.steps.some((s) => s.t === 'tunnel' && s.op === 'decap')) hosts.add(h.host);
  }
  return hosts;
}
