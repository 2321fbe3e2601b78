import type { Flow, FlowAction, FlowMatch, LearnPacketField, LearnSpec } from '../dataplane/types';
import type { Packet } from './packet';

/**
 * `learn()` as the data plane writes it: the flow a template installs, and the key it is kept
 * and looked up under. Learned flows match exactly, on at most one MAC field and the VLAN, so
 * they are kept by (VLAN, MAC) and found with one lookup.
 */
const field = (pkt: Packet, f: LearnPacketField): number | string => pkt[f];

/** The (VLAN, MAC) a template's learned flow is kept under, read from the triggering packet. */
export function learnKey(spec: LearnSpec, pkt: Packet): { vlan: number; mac: string } | null {
  const mac = spec.match.find((m) => m.field !== 'vlan');
  const vlan = spec.match.find((m) => m.field === 'vlan');
  if (!mac) return null;
  return { vlan: vlan ? Number(field(pkt, vlan.from)) : 0, mac: String(field(pkt, mac.from)) };
}

/** The (VLAN, MAC) a packet looks learned flows of this template up by: the fields they match. */
export function lookupKey(spec: LearnSpec, pkt: Packet): { vlan: number; mac: string } | null {
  const mac = spec.match.find((m) => m.field !== 'vlan');
  if (!mac) return null;
  return { vlan: spec.match.some((m) => m.field === 'vlan') ? pkt.vlan : 0, mac: mac.field === 'dlDst' ? pkt.ethDst : pkt.ethSrc };
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
