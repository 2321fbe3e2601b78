import type { Flow, FlowAction, FlowMatch, LearnSpec, OvsBridge } from '../dataplane/types';
import { learnText } from '../engine/learn-template';
import { parseIp } from '../net/ipv4';

/**
 * A bridge's flows as `ovs-ofctl dump-flows` prints them into a file (ports by number, as without
 * a terminal), so netspec's own data plane can be written in the capture layout and read back.
 */
export function renderFlows(br: OvsBridge): string {
  const ofport = new Map(br.ports.map((p) => [p.name, p.ofport]));
  const port = (name: string) => {
    const n = ofport.get(name);
    if (n === undefined) throw new Error(`render: ${br.name} has no port ${name} for a flow's output`);
    return String(n);
  };
  return br.flows.map((f) => renderFlow(f, port)).join('\n') + (br.flows.length ? '\n' : '');
}

export function renderFlow(f: Flow, port: (name: string) => string): string {
  const head = [' cookie=0x0', 'duration=1.000s', `table=${f.table}`, 'n_packets=0', 'n_bytes=0'];
  if (f.hardTimeout !== undefined) head.push(`hard_timeout=${f.hardTimeout}`);
  const match = renderMatch(f.match, port);
  head.push(`priority=${f.priority}${match ? `,${match}` : ''}`);
  const actions = f.actions.map((a) => renderAction(a, port, f.match)).join(',') || 'drop';
  return `${head.join(', ')} actions=${actions}`;
}

function renderMatch(m: FlowMatch, port: (name: string) => string): string {
  const parts: string[] = [];
  if (m.nwProto) parts.push(m.nwProto);
  else if (m.ethType) parts.push(m.ethType);
  if (m.inPort !== undefined) parts.push(`in_port=${port(m.inPort)}`);
  if (m.vlan !== undefined) parts.push(m.vlan === 0 ? 'vlan_tci=0x0000/0x1fff' : `dl_vlan=${m.vlan}`);
  if (m.dlSrc) parts.push(`dl_src=${m.dlSrc}`);
  if (m.dlDst) parts.push(`dl_dst=${m.dlDst}`);
  if (m.dlDstKind) parts.push(`dl_dst=${m.dlDstKind === 'multicast' ? '01' : '00'}:00:00:00:00:00/01:00:00:00:00:00`);
  if (m.tunId !== undefined) parts.push(`tun_id=0x${m.tunId.toString(16)}`);
  if (m.nwSrc) parts.push(`nw_src=${m.nwSrc}`);
  if (m.nwDst) parts.push(`nw_dst=${m.nwDst}`);
  if (m.arpSpa) parts.push(`arp_spa=${m.arpSpa}`);
  if (m.arpTpa) parts.push(`arp_tpa=${m.arpTpa}`);
  if (m.tpSrc !== undefined) parts.push(`tp_src=${m.tpSrc}`);
  if (m.tpDst !== undefined) parts.push(`tp_dst=${m.tpDst}`);
  if (m.icmpType !== undefined) parts.push(`icmp_type=${m.icmpType}`);
  if (m.icmpCode !== undefined) parts.push(`icmp_code=${m.icmpCode}`);
  if (m.conjId !== undefined) parts.push(`conj_id=${m.conjId}`);
  if (m.ctState) parts.push(m.ctState === 'est' ? 'ct_state=+est+trk' : 'ct_state=+new-est+trk');
  // ct_state sorts first in OVS's printing, but order does not matter to the parser.
  return parts.join(',');
}

function renderAction(a: FlowAction, port: (name: string) => string, m: FlowMatch): string {
  switch (a.type) {
    case 'output': return `output:${port(a.port)}`;
    case 'in_port': return 'IN_PORT';
    case 'resubmit': return `resubmit(,${a.table})`;
    case 'normal': return 'NORMAL';
    case 'mod_vlan_vid': return `mod_vlan_vid:${a.vlan}`;
    case 'mod_dl_src': return `mod_dl_src:${a.mac}`;
    case 'conjunction': return `conjunction(${a.id},${a.clause}/${a.clauses})`;
    case 'strip_vlan': return 'strip_vlan';
    case 'set_tunnel': return `set_field:0x${a.tunId.toString(16)}->tun_id`;
    case 'learn': return learn(a.spec);
    case 'ct': return `ct(${a.commit ? 'commit,' : ''}zone=${a.zone}${a.table !== undefined ? `,table=${a.table}` : ''})`;
    case 'arp_reply': return arpResponder(a.mac, m.arpTpa);
    case 'drop': return 'drop';
  }
}

function learn(spec: LearnSpec): string {
  return learnText(spec).replace(/load:(\d+)->/g, (_, n) => `load:${Number(n) ? `0x${Number(n).toString(16)}` : '0'}->`);
}

/** The responder's rewrite as the agent installs it; the reply's sender IP is the address asked for. */
function arpResponder(mac: string, ip: string | undefined): string {
  const hex = mac.replace(/:/g, '');
  const spa = ip ? (parseIp(ip.split('/')[0]) >>> 0).toString(16) : '0';
  return ['load:0x2->NXM_OF_ARP_OP[]', 'move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[]', 'move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]',
    `load:0x${hex.replace(/^0+/, '') || '0'}->NXM_NX_ARP_SHA[]`, `load:0x${spa}->NXM_OF_ARP_SPA[]`, 'move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]',
    `mod_dl_src:${mac}`].join(',');
}
