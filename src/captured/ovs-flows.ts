import type { Flow, FlowAction, FlowMatch, LearnAction, LearnMatch, LearnPacketField, LearnSpec } from '../dataplane/types';
import { formatIp, isIpv4, parseIp } from '../net/ipv4';
import { LineError } from './issues';

/**
 * `ovs-ofctl dump-flows` output as the engine's flows. A line is taken only when every match
 * field and every action has a meaning the engine gives it; otherwise the whole line is left
 * out with the reason (a flow kept with a looser match would match packets the real one does
 * not). Ports may be printed by number (a capture to a file) or by quoted name.
 */
export interface ParsedFlows {
  flows: Flow[];
  /** Lines left out: 1-based line, text, reason. */
  rejected: { line: number; text: string; reason: string }[];
}

/** `ofport → port name` of the bridge, from the Interface table. */
export type OfportNames = ReadonlyMap<number, string>;

const METADATA = new Set(['cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_age', 'hard_age', 'idle_timeout',
  'hard_timeout', 'priority', 'reset_counts', 'send_flow_rem', 'importance', 'check_overlap', 'no_packet_counts', 'no_byte_counts']);

export function parseFlows(text: string, ports: OfportNames): ParsedFlows {
  const out: ParsedFlows = { flows: [], rejected: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || /^(NXST_FLOW|OFPST_FLOW) reply/.test(line)) return;
    try {
      out.flows.push(parseFlow(line, ports));
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      out.rejected.push({ line: i + 1, text: line, reason: e.message });
    }
  });
  return out;
}

export function parseFlow(line: string, ports: OfportNames): Flow {
  const at = line.indexOf('actions=');
  if (at < 0) throw new LineError('no actions= (not a flow)');
  const head = line.slice(0, at);
  const actionText = line.slice(at + 'actions='.length).trim();
  let table = 0, priority = 32768, hardTimeout: number | undefined;
  const match: FlowMatch = {};
  for (const token of head.split(/[,\s]+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    const key = eq < 0 ? token : token.slice(0, eq);
    const value = eq < 0 ? '' : unquote(token.slice(eq + 1));
    if (METADATA.has(key)) {
      if (key === 'table') table = integer(value, 'table');
      else if (key === 'priority') priority = integer(value, 'priority');
      else if (key === 'hard_timeout') hardTimeout = integer(value, 'hard_timeout');
      continue;
    }
    matchField(match, key, value, eq >= 0, ports);
  }
  const flow: Flow = { table, priority, match, actions: parseActions(actionText, ports) };
  if (hardTimeout !== undefined) flow.hardTimeout = hardTimeout;
  return flow;
}

const PROTO_KEYWORDS: Record<string, Pick<FlowMatch, 'ethType' | 'nwProto'>> = {
  ip: { ethType: 'ip' }, arp: { ethType: 'arp' },
  icmp: { ethType: 'ip', nwProto: 'icmp' }, tcp: { ethType: 'ip', nwProto: 'tcp' }, udp: { ethType: 'ip', nwProto: 'udp' },
};
const IPV6 = new Set(['ipv6', 'icmp6', 'tcp6', 'udp6', 'sctp6', 'ipv6_src', 'ipv6_dst', 'nd_target', 'nd_sll', 'nd_tll', 'ipv6_label']);

function matchField(m: FlowMatch, key: string, value: string, hasValue: boolean, ports: OfportNames): void {
  if (!hasValue) {
    const p = PROTO_KEYWORDS[key];
    if (p) { Object.assign(m, p); return; }
    if (IPV6.has(key)) throw new LineError(`${key}: an IPv6 flow (the engine walks IPv4 only)`);
    throw new LineError(`match ${key}: not a field the engine matches on`);
  }
  switch (key) {
    case 'in_port': m.inPort = portName(value, ports); return;
    case 'dl_vlan': m.vlan = integer(value, key); return;
    case 'vlan_tci': m.vlan = vlanTci(value); return;
    case 'dl_src': case 'eth_src':
      if (value.includes('/')) throw new LineError(`${key}=${value}: a masked source MAC`);
      m.dlSrc = mac(value, key); return;
    case 'dl_dst': case 'eth_dst': {
      const [addr, mask] = value.split('/');
      if (mask === undefined) { m.dlDst = mac(addr, key); return; }
      if (mask.toLowerCase() !== '01:00:00:00:00:00') throw new LineError(`${key}=${value}: a masked MAC other than the multicast bit`);
      m.dlDstKind = parseInt(addr.slice(0, 2), 16) & 1 ? 'multicast' : 'unicast';
      return;
    }
    case 'dl_type': case 'eth_type': {
      const t = integer(value, key);
      if (t === 0x0800) m.ethType = 'ip';
      else if (t === 0x0806) m.ethType = 'arp';
      else throw new LineError(`${key}=${value}: an ethertype the engine does not walk`);
      return;
    }
    case 'nw_proto': case 'ip_proto': {
      const p = ({ 1: 'icmp', 6: 'tcp', 17: 'udp' } as const)[integer(value, key) as 1 | 6 | 17];
      if (!p) throw new LineError(`${key}=${value}: an IP protocol the engine does not walk`);
      m.nwProto = p; return;
    }
    case 'tun_id': case 'tunnel_id':
      if (value.includes('/')) throw new LineError(`${key}=${value}: a masked tunnel id`);
      m.tunId = integer(value, key); return;
    case 'nw_src': case 'ip_src': m.nwSrc = address(value, key); return;
    case 'nw_dst': case 'ip_dst': m.nwDst = address(value, key); return;
    case 'tp_src': case 'tcp_src': case 'udp_src':
      if (value.includes('/')) throw new LineError(`${key}=${value}: a masked port range`);
      m.tpSrc = integer(value, key); return;
    case 'tp_dst': case 'tcp_dst': case 'udp_dst': {
      // A masked port is how Neutron writes a port range (value/mask): kept as the engine matches it.
      if (!value.includes('/')) { m.tpDst = integer(value, key); return; }
      const [v, mask] = value.split('/');
      m.tpDst = `0x${integer(v, key).toString(16)}/0x${integer(mask, key).toString(16)}`;
      return;
    }
    case 'icmp_type': m.icmpType = integer(value, key); return;
    case 'icmp_code': m.icmpCode = integer(value, key); return;
    case 'conj_id': m.conjId = integer(value, key); return;
    case 'arp_spa': m.arpSpa = address(value, key); return;
    case 'arp_tpa': m.arpTpa = address(value, key); return;
    case 'ct_state': m.ctState = ctState(value); return;
    default:
      if (IPV6.has(key)) throw new LineError(`${key}: an IPv6 flow (the engine walks IPv4 only)`);
      if (/^(reg\d+|xreg\d+|metadata)$/.test(key)) throw new LineError(`${key}=${value}: registers and metadata are not modelled by the engine`);
      throw new LineError(`match ${key}=${value}: not a field the engine matches on`);
  }
}

/**
 * `ct_state` flags as the engine's two states. The engine's packets are never related, invalid
 * or replies of their own kind, so `-rel` and `-inv` always hold and are accepted; `+trk` is
 * implied by either state. A flag the engine cannot decide (`+rel`, `±rpl`, `-trk`) refuses the line.
 */
function ctState(value: string): 'est' | 'new' {
  const flags = new Map<string, '+' | '-'>();
  for (const f of value.matchAll(/([+-])([a-z]+)/g)) flags.set(f[2], f[1] as '+' | '-');
  if (!flags.size) throw new LineError(`ct_state=${value}: no flags`);
  for (const [flag, sign] of flags) {
    const fine = (flag === 'trk' && sign === '+') || ((flag === 'rel' || flag === 'inv') && sign === '-') || flag === 'est' || (flag === 'new' && sign === '+');
    if (!fine) throw new LineError(`ct_state=${value}: ${sign}${flag} is not a state the engine tracks (it knows established and new)`);
  }
  if (flags.get('est') === '+' && !flags.has('new')) return 'est';
  if (flags.get('new') === '+' || (flags.get('est') === '-' && flags.get('trk') === '+')) {
    if (flags.get('est') === '+') throw new LineError(`ct_state=${value}: new and established at once`);
    return 'new';
  }
  throw new LineError(`ct_state=${value}: neither established nor new`);
}

function vlanTci(value: string): number {
  const [v, maskText] = value.split('/');
  const tci = integer(v, 'vlan_tci');
  const mask = maskText === undefined ? 0xffff : integer(maskText, 'vlan_tci mask');
  if (tci === 0 && (mask & 0x1fff) === 0x1fff) return 0;
  if ((mask & 0x0fff) === 0x0fff && ((mask & 0x1000) === 0 || tci & 0x1000)) return tci & 0x0fff;
  throw new LineError(`vlan_tci=${value}: a mask other than the VLAN id's`);
}

// ------------------------------------------------------------------------------------ actions

/** Splits at the commas outside parentheses. */
export function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** The seven steps of br-tun's ARP responder (ovs_bridge install_arp_responder), then IN_PORT. */
const ARP_RESPONDER = [
  /^load:0x2->NXM_OF_ARP_OP\[\]$/, /^move:NXM_NX_ARP_SHA\[\]->NXM_NX_ARP_THA\[\]$/, /^move:NXM_OF_ARP_SPA\[\]->NXM_OF_ARP_TPA\[\]$/,
  /^load:0x([0-9a-f]+)->NXM_NX_ARP_SHA\[\]$/i, /^load:0x([0-9a-f]+)->NXM_OF_ARP_SPA\[\]$/i, /^move:NXM_OF_ETH_SRC\[\]->NXM_OF_ETH_DST\[\]$/,
  /^mod_dl_src:([0-9a-f:]{17})$/i,
];

function parseActions(text: string, ports: OfportNames): FlowAction[] {
  const parts = splitTop(text);
  const actions: FlowAction[] = [];
  for (let i = 0; i < parts.length; i++) {
    const a = parts[i];
    if (ARP_RESPONDER[0].test(a)) {
      const steps = parts.slice(i, i + ARP_RESPONDER.length).map((p, k) => ARP_RESPONDER[k].exec(p));
      if (steps.length < ARP_RESPONDER.length || steps.some((s) => !s)) throw new LineError(`${a}: an ARP rewrite other than the ARP responder's`);
      const sha = steps[3]![1].padStart(12, '0').match(/../g)!.join(':');
      if (sha.toLowerCase() !== steps[6]![1].toLowerCase()) throw new LineError('ARP responder: the reply\'s sender MAC and its Ethernet source differ');
      actions.push({ type: 'arp_reply', mac: sha.toLowerCase() });
      i += ARP_RESPONDER.length - 1;
      continue;
    }
    if (/^push_vlan:/.test(a) && /^set_field:\d+->vlan_vid$/.test(parts[i + 1] ?? '')) continue;
    actions.push(parseAction(a, ports, i === parts.length - 1));
  }
  return actions;
}

function parseAction(a: string, ports: OfportNames, last: boolean): FlowAction {
  let m: RegExpExecArray | null;
  const lower = a.toLowerCase();
  if (lower === 'drop') return { type: 'drop' };
  if (lower === 'normal') return { type: 'normal' };
  if (lower === 'in_port') return { type: 'in_port' };
  if (lower === 'strip_vlan' || lower === 'pop_vlan' || a === 'load:0->NXM_OF_VLAN_TCI[]') return { type: 'strip_vlan' };
  if ((m = /^output:(.+)$/.exec(a))) return { type: 'output', port: portName(unquote(m[1]), ports) };
  if (/^\d+$/.test(a)) return { type: 'output', port: portName(a, ports) };
  if ((m = /^resubmit\(,(\d+)\)$/.exec(a))) return { type: 'resubmit', table: Number(m[1]) };
  if ((m = /^goto_table:(\d+)$/.exec(a))) {
    if (!last) throw new LineError(`${a}: goto_table before other actions`);
    return { type: 'resubmit', table: Number(m[1]) };
  }
  if ((m = /^mod_vlan_vid:(\d+)$/.exec(a))) return { type: 'mod_vlan_vid', vlan: Number(m[1]) };
  if ((m = /^conjunction\((\d+),(\d+)\/(\d+)\)$/.exec(a))) return { type: 'conjunction', id: Number(m[1]), clause: Number(m[2]), clauses: Number(m[3]) };
  if ((m = /^mod_dl_src:([0-9a-f]{2}(?::[0-9a-f]{2}){5})$/i.exec(a)) || (m = /^set_field:([0-9a-f]{2}(?::[0-9a-f]{2}){5})->eth_src$/i.exec(a))) return { type: 'mod_dl_src', mac: m[1].toLowerCase() };
  if ((m = /^set_field:(\d+)->vlan_vid$/.exec(a))) return { type: 'mod_vlan_vid', vlan: Number(m[1]) & 0x0fff };
  if ((m = /^(?:set_tunnel|set_tunnel64):(\w+)$/.exec(a)) || (m = /^set_field:(\w+)->tun_id$/.exec(a)) || (m = /^load:(\w+)->NXM_NX_TUN_ID\[\]$/.exec(a))) {
    return { type: 'set_tunnel', tunId: integer(m[1], 'tunnel id') };
  }
  if ((m = /^learn\((.*)\)$/.exec(a))) return { type: 'learn', spec: learnSpec(m[1]) };
  if ((m = /^ct\((.*)\)$/.exec(a))) return conntrack(m[1]);
  if (/^resubmit/.test(a)) throw new LineError(`${a}: resubmit to another port`);
  if (/^(load|move|set_field):.*(REG|reg|METADATA|metadata|CT_MARK|ct_mark)/.test(a)) throw new LineError(`${a}: registers and metadata are not modelled by the engine`);
  throw new LineError(`action ${a}: not one the engine performs`);
}

function conntrack(args: string): FlowAction {
  const ct: Extract<FlowAction, { type: 'ct' }> = { type: 'ct', zone: 0 };
  for (const p of splitTop(args)) {
    let m: RegExpExecArray | null;
    if (p === 'commit') ct.commit = true;
    else if ((m = /^zone=(\d+)$/.exec(p))) ct.zone = Number(m[1]);
    else if ((m = /^table=(\d+)$/.exec(p))) ct.table = Number(m[1]);
    else if (/^zone=/.test(p)) throw new LineError(`ct(${args}): ${p}, a zone taken from a register (registers are not modelled)`);
    else throw new LineError(`ct(${args}): ${p} is not modelled by the engine`);
  }
  return ct;
}

const LEARN_SOURCE: Record<string, LearnPacketField> = {
  'NXM_OF_VLAN_TCI[0..11]': 'vlan', 'NXM_OF_ETH_SRC[]': 'ethSrc', 'NXM_OF_ETH_DST[]': 'ethDst', 'NXM_NX_TUN_ID[]': 'tunId',
};
const LEARN_FIELD: Record<string, LearnMatch['field']> = {
  'NXM_OF_VLAN_TCI[0..11]': 'vlan', 'NXM_OF_ETH_DST[]': 'dlDst', 'NXM_OF_ETH_SRC[]': 'dlSrc',
};
const LOAD_FIELD: Record<string, 'vlan' | 'tunId'> = { 'NXM_OF_VLAN_TCI[]': 'vlan', 'NXM_NX_TUN_ID[]': 'tunId' };

/** br-tun's learn() template (the only shape the engine's learning knows: see LearnSpec). */
function learnSpec(args: string): LearnSpec {
  const spec: LearnSpec = { table: 0, priority: 32768, hardTimeout: 0, match: [], actions: [] };
  for (const p of splitTop(args)) {
    let m: RegExpExecArray | null;
    if ((m = /^(table|priority|hard_timeout)=(\d+)$/.exec(p))) {
      if (m[1] === 'table') spec.table = Number(m[2]);
      else if (m[1] === 'priority') spec.priority = Number(m[2]);
      else spec.hardTimeout = Number(m[2]);
    } else if (/^(cookie|idle_timeout|fin_idle_timeout|fin_hard_timeout)=/.test(p)) {
      continue;
    } else if ((m = /^(NXM_\w+\[[\d.]*\])(?:=(NXM_\w+\[[\d.]*\]))?$/.exec(p)) && LEARN_FIELD[m[1]] && LEARN_SOURCE[m[2] ?? m[1]]) {
      spec.match.push({ field: LEARN_FIELD[m[1]], from: LEARN_SOURCE[m[2] ?? m[1]] });
    } else if ((m = /^load:(\w+|NXM_\w+\[[\d.]*\])->(NXM_\w+\[\])$/.exec(p)) && LOAD_FIELD[m[2]]) {
      const field = LOAD_FIELD[m[2]];
      const from = LEARN_SOURCE[m[1]];
      const action: LearnAction = from ? { type: 'load', field, from } : { type: 'load', field, value: integer(m[1], 'learn load') };
      spec.actions.push(action);
    } else if (p === 'output:OXM_OF_IN_PORT[]' || p === 'output:NXM_OF_IN_PORT[]') {
      spec.actions.push({ type: 'output_in_port' });
    } else {
      throw new LineError(`learn(): ${p} is not a template step the engine's learning knows`);
    }
  }
  return spec;
}

// ------------------------------------------------------------------------------------ values

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

function integer(text: string, what: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new LineError(`${what}=${text}: not a number`);
  return n;
}

function mac(text: string, what: string): string {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(text)) throw new LineError(`${what}=${text}: not a MAC address`);
  return text.toLowerCase();
}

/** An address, or a masked one as a CIDR (`10.0.0.0/255.255.255.0` → `10.0.0.0/24`). */
function address(text: string, what: string): string {
  const [ip, mask] = text.split('/');
  if (!isIpv4(ip)) throw new LineError(`${what}=${text}: not an IPv4 address`);
  if (mask === undefined) return ip;
  if (/^\d+$/.test(mask) && Number(mask) <= 32) return Number(mask) === 32 ? ip : `${ip}/${mask}`;
  if (isIpv4(mask)) {
    const bits = parseIp(mask);
    const prefix = 32 - Math.log2((~bits >>> 0) + 1);
    if (!Number.isInteger(prefix)) throw new LineError(`${what}=${text}: a non-contiguous mask`);
    return prefix === 32 ? ip : `${formatIp(parseIp(ip))}/${prefix}`;
  }
  throw new LineError(`${what}=${text}: not an address or CIDR`);
}

function portName(text: string, ports: OfportNames): string {
  if (!/^\d+$/.test(text)) {
    if (/^(LOCAL|CONTROLLER|ALL|FLOOD|ANY|NONE)$/i.test(text)) throw new LineError(`port ${text}: a reserved port the engine does not model`);
    return text;
  }
  const name = ports.get(Number(text));
  if (name === undefined) throw new LineError(`port ${text}: no interface of the bridge has this ofport`);
  return name;
}
