import type { Flow, FlowAction, FlowMatch, LearnPacketField, LearnSpec } from '../dataplane/types';
import type { Packet } from './packet';

/**
 * `learn()` as the data plane writes it: the flow a template installs, and the key it is kept
 * and looked up under. Learned flows match exactly, on at most one MAC field and the VLAN, so
 * they are kept by (VLAN, MAC) and found with one lookup.
 */
const field = (pkt: Packet, f: LearnPacketField): number | string => pkt[f];

/**
 * A template's key fields, read once: lookups run on every frame that reaches a learned table
 * (br-tun's table 20), so they read two packet fields and allocate nothing.
 */
interface KeyFields { vlanFrom: LearnPacketField | null; macFrom: LearnPacketField; lookupDst: boolean }
const keyFields = new WeakMap<LearnSpec, KeyFields | null>();
function fieldsOf(spec: LearnSpec): KeyFields | null {
  let k = keyFields.get(spec);
  if (k === undefined) {
    const mac = spec.match.find((m) => m.field !== 'vlan');
    const vlan = spec.match.find((m) => m.field === 'vlan');
    keyFields.set(spec, (k = mac ? { vlanFrom: vlan?.from ?? null, macFrom: mac.from, lookupDst: mac.field === 'dlDst' } : null));
  }
  return k;
}

/** Whether a template's flows can be kept at all: they match one MAC field (and the VLAN optionally). */
export function learnable(spec: LearnSpec): boolean {
  return fieldsOf(spec) !== null;
}

/** The VLAN a template's learned flow is kept under, read from the triggering packet. */
export function learnVlan(spec: LearnSpec, pkt: Packet): number {
  const k = fieldsOf(spec)!;
  return k.vlanFrom ? Number(field(pkt, k.vlanFrom)) : 0;
}

/** The MAC a template's learned flow is kept under, read from the triggering packet. */
export function learnMac(spec: LearnSpec, pkt: Packet): string {
  return String(field(pkt, fieldsOf(spec)!.macFrom));
}

/** The VLAN a packet looks this template's learned flows up by (0 when they match none). */
export function lookupVlan(spec: LearnSpec, pkt: Packet): number {
  return fieldsOf(spec)!.vlanFrom ? pkt.vlan : 0;
}

/** The MAC a packet looks this template's learned flows up by: the field they match. */
export function lookupMac(spec: LearnSpec, pkt: Packet): string {
  return fieldsOf(spec)!.lookupDst ? pkt.ethDst : pkt.ethSrc;
}

/** The flow a template installs for `pkt`, which came in by `inPort`. */
export function learnedFlow(spec: LearnSpec, pkt: Packet, inPort: string): Flow {
  const match: FlowMatch = {};
  for (const m of spec.match) {
    const v = field(pkt, m.from);
    if (m.field === 'vlan') match.vlan = Number(v); else match[m.field] = String(v);
  }
  const actions: FlowAction[] = spec.actions.map((a): FlowAction => {
    if (a.type === 'output_in_port') return { type: 'output', port: inPort };
    const value = 'value' in a ? a.value : Number(field(pkt, a.from));
    if (a.field === 'vlan') return value === 0 ? { type: 'strip_vlan' } : { type: 'mod_vlan_vid', vlan: value };
    return { type: 'set_tunnel', tunId: value };
  });
  return { table: spec.table, priority: spec.priority, hardTimeout: spec.hardTimeout, match, actions, note: 'learned' };
}

/** The template as `ovs-ofctl dump-flows` prints it. */
export function learnText(spec: LearnSpec): string {
  const nxm = { vlan: 'NXM_OF_VLAN_TCI[0..11]', dlDst: 'NXM_OF_ETH_DST[]', dlSrc: 'NXM_OF_ETH_SRC[]' } as const;
  const src = { vlan: 'NXM_OF_VLAN_TCI[0..11]', ethSrc: 'NXM_OF_ETH_SRC[]', ethDst: 'NXM_OF_ETH_DST[]', tunId: 'NXM_NX_TUN_ID[]' } as const;
  const dst = { vlan: 'NXM_OF_VLAN_TCI[]', tunId: 'NXM_NX_TUN_ID[]' } as const;
  const parts = [`table=${spec.table}`, `hard_timeout=${spec.hardTimeout}`, `priority=${spec.priority}`];
  for (const m of spec.match) parts.push(src[m.from] === nxm[m.field] ? nxm[m.field] : `${nxm[m.field]}=${src[m.from]}`);
  for (const a of spec.actions) {
    if (a.type === 'output_in_port') parts.push('output:OXM_OF_IN_PORT[]');
    else parts.push(`load:${'value' in a ? a.value : src[a.from]}->${dst[a.field]}`);
  }
  return `learn(${parts.join(',')})`;
}
