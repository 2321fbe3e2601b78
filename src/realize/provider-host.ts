import type { Dataplane, Interface, Namespace } from '../dataplane/types';
import { FABRIC, UPLINK, UPSTREAM } from '../dataplane/fabric';
import { stableMac } from '../model/ids';
import { cidrContains, formatIp, parseCidr, parseIp } from '../net/ipv4';
import { addConnectedRoutes, emptyNamespace } from './plane-builder';

export interface ProviderHost {
  dp: Dataplane;
  /** The host's namespace on the fabric. */
  namespace: string;
}

const cache = new WeakMap<Dataplane, Map<string, ProviderHost>>();

/**
 * The data plane with one more machine: a host at `ip` on the provider network whose subnet holds
 * it, wired to that network's physical segment beside the upstream router (tagged as the router's
 * interface there is) and routing through it. Found from the upstream router's own interfaces, so a
 * trace from it takes whatever the segment, br-ex and the qrouter make of it. Undefined when no
 * provider subnet holds `ip`, or `ip` is the upstream router's own address. Cached per plane.
 */
export function withProviderHost(dp: Dataplane, ip: string): ProviderHost | undefined {
  let byIp = cache.get(dp);
  if (!byIp) cache.set(dp, (byIp = new Map()));
  const hit = byIp.get(ip);
  if (hit) return hit;
  const fabric = dp.hosts.find((h) => h.name === FABRIC);
  const upstream = fabric?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === UPSTREAM);
  const at = parseIp(ip);
  for (const i of upstream?.interfaces ?? []) {
    if (i.name === UPLINK || i.exit) continue;
    const gw = i.addresses.find((a) => cidrContains(parseCidr(a), at));
    const link = gw && dp.links.find((l) => l.kind === 'wire' && l.a.host === FABRIC && l.a.device === UPSTREAM && l.a.port === i.name);
    if (!gw || !link || gw.split('/')[0] === ip) continue;
    const made = build(dp, ip, i, gw, link.b.device);
    byIp.set(ip, made);
    return made;
  }
  return undefined;
}

function build(dp: Dataplane, ip: string, upstreamIface: Interface, gw: string, segmentName: string): ProviderHost {
  const copy = structuredClone(dp);
  const fabric = copy.hosts.find((h) => h.name === FABRIC)!;
  const name = `host-${ip}`;
  const ns = emptyNamespace(name, 'external', `provider host ${ip}`);
  ns.guest = true;
  const eth0: Interface = { name: 'eth0', mac: stableMac(`provider-host:${ip}`), addresses: [`${ip}/${gw.split('/')[1]}`], up: true };
  if (upstreamIface.vlan !== undefined) eth0.vlan = upstreamIface.vlan;
  ns.interfaces.push(eth0);
  addConnectedRoutes(ns, eth0);
  ns.routes.push({ destination: 'default', via: formatIp(parseIp(gw.split('/')[0])), dev: 'eth0', proto: 'static' });
  // It answers as the internet host does (echo, and the same TCP ports).
  const internet = fabric.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === 'internet');
  ns.listeners = structuredClone(internet?.listeners ?? []);
  fabric.devices.push(ns);
  const segment = fabric.devices.find((d) => d.name === segmentName);
  const port = `host-${ip}`;
  if (segment?.kind === 'linux-bridge') segment.ports.push(port);
  copy.links.push({ kind: 'wire', a: { host: FABRIC, device: name, port: 'eth0' }, b: { host: FABRIC, device: segmentName, port } });
  return { dp: copy, namespace: name };
}
