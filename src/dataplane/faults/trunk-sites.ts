/**
 * Fault kinds of trunk ports: the OVS trunk driver's bridge (`tbr-`) and its patch pairs to br-int
 * (`tpt-`/`tpi-` for the parent, `spt-`/`spi-` per subport; config-trunking.rst). A wrong tag on
 * a patch port or a missing patch pair puts a subport's traffic on another VLAN or nowhere.
 */
import { BRIDGE, TRUNK } from '../names';
import type { Dataplane, OvsBridge } from '../types';
import { FaultError } from './errors';
import { bridgeAt, bridgesOf } from './places';

export type TrunkFault =
  /**
   * A subport's patch port carries the wrong VLAN: its `spt-` on the trunk bridge another
   * segmentation id (another subport's, or one the guest does not use), or its `spi-` on br-int
   * another local VLAN.
   */
  | { kind: 'trunk-subport-tag'; host: string; bridge: string; port: string; vlan: number }
  /** A subport's patch pair is gone (`spt-` from the trunk bridge, `spi-` from br-int): the agent never wired it. */
  | { kind: 'trunk-subport-missing'; host: string; bridge: string; port: string; peer: string }
  /** The parent's patch on the trunk bridge (`tpt-`) is tagged: the untagged parent traffic no longer reaches br-int, a VLAN's does. */
  | { kind: 'trunk-parent-tagged'; host: string; bridge: string; port: string; vlan: number };

export type TrunkFaultKind = TrunkFault['kind'];
export const TRUNK_FAULT_KINDS = ['trunk-subport-tag', 'trunk-subport-missing', 'trunk-parent-tagged'] as const satisfies readonly TrunkFaultKind[];

const trunkBridges = (dp: Dataplane) => bridgesOf(dp, (n) => n.startsWith(TRUNK.bridge));
const subportTags = (br: OvsBridge) => br.ports.filter((p) => p.name.startsWith(TRUNK.subportOnTrunk) && p.tag !== undefined).map((p) => p.tag!);
/** The VLANs of the other subports of the trunk, then one none of them uses. */
function wrongSegments(br: OvsBridge, vlan: number): number[] {
  const tags = subportTags(br);
  return [...new Set([...tags.filter((t) => t !== vlan), Math.min(4094, Math.max(vlan, ...tags) + 1)])].filter((t) => t !== vlan);
}

/** The br-int side of a patch port: the port its patch link ends at. */
function peerOf(dp: Dataplane, host: string, bridge: string, port: string): { bridge: string; port: string } | undefined {
  for (const l of dp.links) {
    if (l.kind !== 'patch') continue;
    if (l.a.host === host && l.a.device === bridge && l.a.port === port) return { bridge: l.b.device, port: l.b.port };
    if (l.b.host === host && l.b.device === bridge && l.b.port === port) return { bridge: l.a.device, port: l.a.port };
  }
  return undefined;
}

type Sites = { [K in TrunkFaultKind]: (dp: Dataplane) => Extract<TrunkFault, { kind: K }>[] };

export const TRUNK_SITES: Sites = {
  'trunk-subport-tag': (dp) => [
    ...trunkBridges(dp).flatMap(({ host, br }) => br.ports.filter((p) => p.name.startsWith(TRUNK.subportOnTrunk) && p.tag !== undefined)
      .flatMap((p) => wrongSegments(br, p.tag!).map((vlan) => ({ kind: 'trunk-subport-tag' as const, host, bridge: br.name, port: p.name, vlan })))),
    ...bridgesOf(dp, BRIDGE.integration).flatMap(({ host, br }) => br.ports.filter((p) => p.name.startsWith(TRUNK.subportOnIntegration) && p.tag !== undefined)
      .flatMap((p) => {
        const used = Object.keys(dp.endpoints.localVlans[host] ?? {}).map(Number);
        const other = used.find((v) => v !== p.tag);
        return [...(other !== undefined ? [other] : []), Math.max(p.tag!, ...used) + 1].map((vlan) => ({ kind: 'trunk-subport-tag' as const, host, bridge: br.name, port: p.name, vlan }));
      })),
  ],

  'trunk-subport-missing': (dp) => trunkBridges(dp).flatMap(({ host, br }) => br.ports.filter((p) => p.name.startsWith(TRUNK.subportOnTrunk))
    .flatMap((p) => {
      const peer = peerOf(dp, host, br.name, p.name);
      return peer ? [{ kind: 'trunk-subport-missing' as const, host, bridge: br.name, port: p.name, peer: peer.port }] : [];
    })),

  'trunk-parent-tagged': (dp) => trunkBridges(dp).flatMap(({ host, br }) => br.ports.filter((p) => p.name.startsWith(TRUNK.parentOnTrunk))
    .flatMap((p) => wrongSegments(br, 0).map((vlan) => ({ kind: 'trunk-parent-tagged' as const, host, bridge: br.name, port: p.name, vlan })))),
};

export function applyTrunkFault(dp: Dataplane, f: TrunkFault): void {
  switch (f.kind) {
    case 'trunk-subport-tag':
    case 'trunk-parent-tagged': {
      const p = bridgeAt(dp, f.host, f.bridge).ports.find((x) => x.name === f.port);
      if (!p) throw new FaultError(`${f.bridge}@${f.host} has no port ${f.port}`);
      if (p.tag === f.vlan) throw new FaultError(`${f.port} on ${f.bridge}@${f.host} is already tagged ${f.vlan}`);
      p.tag = f.vlan;
      return;
    }
    case 'trunk-subport-missing': {
      const tbr = bridgeAt(dp, f.host, f.bridge);
      const peer = peerOf(dp, f.host, f.bridge, f.port);
      if (!tbr.ports.some((p) => p.name === f.port) || peer?.port !== f.peer) throw new FaultError(`${f.bridge}@${f.host} has no patch ${f.port} to ${f.peer}`);
      const other = bridgeAt(dp, f.host, peer.bridge);
      tbr.ports = tbr.ports.filter((p) => p.name !== f.port);
      other.ports = other.ports.filter((p) => p.name !== f.peer);
      dp.links = dp.links.filter((l) => !(l.kind === 'patch' && [l.a, l.b].some((e) => e.host === f.host && e.device === f.bridge && e.port === f.port)));
      return;
    }
  }
}

export function describeTrunkFault(f: TrunkFault): string {
  switch (f.kind) {
    case 'trunk-subport-tag': return `trunk-subport-tag ${f.port} on ${f.bridge}@${f.host} → vlan ${f.vlan}`;
    case 'trunk-subport-missing': return `trunk-subport-missing ${f.port}/${f.peer} of ${f.bridge}@${f.host}`;
    case 'trunk-parent-tagged': return `trunk-parent-tagged ${f.port} on ${f.bridge}@${f.host} → vlan ${f.vlan}`;
  }
}
