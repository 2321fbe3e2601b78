/** Trace helpers shared by the proposed invariants. */
import type { Dataplane } from '../dataplane/types';
import type { Cloud, Port } from '../model/types';
import { leaves } from '../trace/leaves';
import type { Hop, Trace } from '../trace/types';

/** Every path of the request tree and of the reply: flood copies included. */
export function allPaths(t: Trace): Hop[][] {
  return [...leaves(t.root).map((l) => l.path), ...(t.reply ? leaves(t.reply).map((l) => l.path) : [])];
}

/** The local VLAN a frame is on inside a bridge hop: the last tag pushed or set there, else the tag it came with. */
export function frameVlan(h: Hop): number {
  const tags = h.steps.filter((s) => s.t === 'vlan' && (s.op === 'push' || s.op === 'set'));
  const last = tags[tags.length - 1];
  return last?.t === 'vlan' ? last.vlan : h.inVlan;
}

/** The Neutron port behind an agent-made device name (`qvo`, `tap`, `qr-`, `qg-`, `qbr` + 11 characters of its id). */
export function portOfDevice(cloud: Cloud, name: string): Port | undefined {
  if (!/^(qvo|qvb|tap|qr-|qg-|qbr)/.test(name) || name.length < 14) return undefined;
  const id = name.slice(3);
  return cloud.ports.find((p) => p.id.startsWith(id));
}

/** The br-int port a hop on the same host entered through (following the link back), if any. */
export function brIntPortInto(dp: Dataplane, h: Hop): string | undefined {
  if (!h.in) return undefined;
  for (const l of dp.links) {
    for (const [here, there] of [[l.a, l.b], [l.b, l.a]] as const) {
      if (here.host === h.host && here.device === h.device && here.port === h.in && there.device === 'br-int') return there.port;
    }
  }
  return undefined;
}
