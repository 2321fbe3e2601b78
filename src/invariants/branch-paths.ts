/** Trace helpers shared by the structural invariants; lookups are indexed once per cloud / data plane. */
import type { Dataplane } from '../dataplane/types';
import type { Cloud, Port } from '../model/types';
import { leaves } from '../trace/leaves';
import type { Hop, Trace } from '../trace/types';

/** Every path of the request tree and of the reply: flood copies included. */
export function allPaths(t: Trace): Hop[][] {
  const out = leaves(t.root).map((l) => l.path);
  if (t.reply) for (const l of leaves(t.reply)) out.push(l.path);
  return out;
}

/** The local VLAN a frame is on inside a bridge hop: the last tag pushed or set there, else the tag it came with. */
export function frameVlan(h: Hop): number {
  let vlan = h.inVlan;
  for (const s of h.steps) if (s.t === 'vlan' && (s.op === 'push' || s.op === 'set')) vlan = s.vlan;
  return vlan;
}

const portsById = new WeakMap<Cloud, Map<string, Port>>();

/** The Neutron port behind an agent-made device name (`qvo`, `tap`, `qr-`, `qg-`, `qbr` + 11 characters of its id, or a trunk patch port). */
export function portOfDevice(cloud: Cloud, name: string): Port | undefined {
  // A trunk's patch ports take a four-character prefix (`tpi-`, `spt-`, ...) and the same 11 characters.
  if (name.length === 15 && /^(tp|sp)[it]-/.test(name)) return portOfDevice(cloud, `tap${name.slice(4)}`);
  if (name.length < 14 || !/^(qvo|qvb|tap|qr-|qg-|qbr)/.test(name)) return undefined;
  let index = portsById.get(cloud);
  if (!index) {
    index = new Map();
    for (const p of cloud.ports) if (!index.has(p.id.slice(0, 11))) index.set(p.id.slice(0, 11), p);
    portsById.set(cloud, index);
  }
  return index.get(name.slice(3));
}

const intoBrInt = new WeakMap<Dataplane, Map<string, string>>();

/** The br-int port a hop on the same host entered through (following the link back), if any. */
export function brIntPortInto(dp: Dataplane, h: Hop): string | undefined {
  if (!h.in) return undefined;
  let index = intoBrInt.get(dp);
  if (!index) {
    index = new Map();
    for (const l of dp.links) {
      for (const [here, there] of [[l.a, l.b], [l.b, l.a]] as const) {
        if (there.device === 'br-int' && here.host === there.host) index.set(`${here.host}\u0000${here.device}\u0000${here.port}`, there.port);
      }
    }
    intoBrInt.set(dp, index);
  }
  return index.get(`${h.host}\u0000${h.device}\u0000${h.in}`);
}

const brIntTags = new WeakMap<Dataplane, Map<string, number | undefined>>();

/** The access tag of a br-int port on a host. */
export function brIntTag(dp: Dataplane, host: string, port: string | undefined): number | undefined {
  if (!port) return undefined;
  let index = brIntTags.get(dp);
  if (!index) {
    index = new Map();
    for (const h of dp.hosts) for (const d of h.devices) if (d.kind === 'ovs' && d.name === 'br-int') for (const p of d.ports) index.set(`${h.name}\u0000${p.name}`, p.tag);
    brIntTags.set(dp, index);
  }
  return index.get(`${host}\u0000${port}`);
}
