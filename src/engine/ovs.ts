import type { Flow, FlowAction, LearnSpec, OvsPort } from '../dataplane/types';
import type { Hop } from '../trace/types';
import { ctKey, ctStep, UNTRACKED, type Conntrack } from './conntrack';
import type { Learned } from './learning';
import { learnable, learnedFlow, learnMac, learnText, learnVlan, lookupMac, lookupVlan } from './learn-template';
import type { Packet } from './packet';
import { clonePacket, describePacket, ipPacketOf, isMulticastMac } from './packet';
import {
  ARP_REPLY, compileFlow, CT, IN_PORT, LEARN, MOD_DL_SRC, MOD_VLAN_VID, NORMAL, OUTPUT, pipelineOf, RESUBMIT, SET_TUNNEL, STRIP_VLAN,
  type CFlow, type Conjunction, type Op,
} from './ovs-pipeline';
import type { FlowClassifier } from './classifier';
import { tunnelIpsOf, type RtOvs, type RtPort, type TunnelIps } from './runtime';
import type { Next, Outcome } from './walk';
import { place } from './walk';

const MAX_RESUBMIT = 64;
const TUNNEL_UDP_PORT = { vxlan: 4789 } as const;

/**
 * An Open vSwitch bridge: OpenFlow tables from table 0 with resubmit, learn and output, and the
 * NORMAL action as a VLAN-aware learning switch over the bridge's access and trunk ports.
 */
export function ovsIngress(learned: Learned, conntrack: Conntrack, br: RtOvs, inPort: RtPort, pkt: Packet, hop: Hop): Outcome {
  const run: Run = { br, inPort, pkt, shared: true, variant: null, hop, outs: [], depth: 0, lastFlow: undefined, learned, conntrack };
  runTable(run, 0);
  if (run.outs.length) return run.outs;
  const f = run.lastFlow;
  return {
    kind: 'dropped', at: place(br),
    rule: f ? flowText(br.name, f) : `${br.name} table miss`,
    reason: f ? `${br.name} table ${f.table} dropped ${describePacket(run.pkt)}${f.note ? `: ${f.note}` : ''}` : `no flow matched in ${br.name}`,
  };
}

/**
 * One frame's pass through the bridge. Packets are copied on write: `pkt` is the frame as the
 * actions have made it so far, and `shared` says it may also be held by someone else (the
 * sender, or an output already emitted), so the next header change must copy it first.
 */
interface Run {
  br: RtOvs;
  inPort: RtPort;
  pkt: Packet;
  shared: boolean;
  /** The last copy emitted with another VLAN (a flood reuses it for every access port). */
  variant: Packet | null;
  hop: Hop;
  outs: Next[];
  depth: number;
  lastFlow: Flow | undefined;
  learned: Learned;
  conntrack: Conntrack;
}

/** The packet, made safe to change. */
function writable(run: Run): Packet {
  if (run.shared) {
    run.pkt = clonePacket(run.pkt);
    run.shared = false;
  }
  run.variant = null;
  return run.pkt;
}

/**
 * The packet as it leaves through a non-tunnel port: with this VLAN and no tunnel metadata
 * (which does not survive leaving the bridge). Receivers never change what they are handed, so
 * equal copies are shared: the packet itself when nothing differs, else one copy per VLAN.
 */
function emitted(run: Run, vlan: number): Packet {
  const p = run.pkt;
  if (p.vlan === vlan && p.tunId === 0) {
    run.shared = true;
    return p;
  }
  const v = run.variant;
  if (v && v.vlan === vlan) return v;
  const copy = clonePacket(p);
  copy.vlan = vlan;
  copy.tunId = 0;
  run.variant = copy;
  return copy;
}

function runTable(run: Run, table: number): void {
  if (run.depth++ > MAX_RESUBMIT) return;
  const { br, pkt } = run;
  const pipeline = br.pipeline ?? pipelineOf(br);
  // Learned flows match exactly the fields their learn() template names.
  const template = pipeline.learnTables.get(table);
  const learned = template && learnable(template) ? run.learned.flow(br, table, lookupVlan(template, pkt), lookupMac(template, pkt)) : undefined;
  const classifier = pipeline.tables.get(table);
  let installed = classifier?.lookup(pkt, run.inPort.name);
  const conjunctions = pipeline.conjunctions.get(table);
  if (conjunctions && classifier) installed = conjunctiveMatch(run, conjunctions, classifier, installed) ?? installed;
  const fromLearned = learned !== undefined && (!installed || learned.priority > installed.priority);
  const hit = fromLearned ? learned : installed;
  if (!hit) {
    run.hop.steps.push({ t: 'table-miss', bridge: br.name, table });
    return;
  }
  const flow = hit.flow;
  run.lastFlow = flow;
  run.hop.steps.push(fromLearned ? { t: 'flow', bridge: br.name, flow, learned: true } : { t: 'flow', bridge: br.name, flow });
  const ops = hit.ops;
  for (let i = 0; i < ops.length; i++) apply(run, ops[i]);
}

/**
 * Conjunctive match: a conjunction above the best ordinary flow whose every clause has a flow
 * matching the packet makes the table look the packet up again with `conj_id` set. The clause
 * flows that matched are steps of the trace (they say which rule and which remote address).
 */
function conjunctiveMatch(run: Run, conjunctions: Conjunction[], classifier: FlowClassifier<CFlow>, best: CFlow | undefined): CFlow | undefined {
  const { pkt, inPort, br } = run;
  for (const c of conjunctions) {
    if (best && best.priority >= c.priority) return undefined;
    let all = true;
    for (const clause of c.clauses) if (!clause.lookup(pkt, inPort.name)) { all = false; break; }
    if (!all) continue;
    const hit = classifier.lookup(pkt, inPort.name, c.id);
    if (!hit || hit.flow.match.conjId !== c.id) continue;
    for (const clause of c.clauses) run.hop.steps.push({ t: 'flow', bridge: br.name, flow: clause.lookup(pkt, inPort.name)!.flow });
    return hit;
  }
  return undefined;
}

/** The action an op was compiled from, by type. */
type Action<T extends FlowAction['type']> = Extract<FlowAction, { type: T }>;

function apply(run: Run, op: Op): void {
  const pkt = run.pkt;
  switch (op.code) {
    case RESUBMIT: runTable(run, (op.action as Action<'resubmit'>).table); return;
    case MOD_VLAN_VID: {
      const vlan = (op.action as Action<'mod_vlan_vid'>).vlan;
      run.hop.steps.push({ t: 'vlan', op: pkt.vlan ? 'set' : 'push', vlan, reason: 'mod_vlan_vid' });
      if (pkt.vlan !== vlan) writable(run).vlan = vlan;
      return;
    }
    case STRIP_VLAN:
      if (pkt.vlan) run.hop.steps.push({ t: 'vlan', op: 'pop', vlan: pkt.vlan, reason: 'strip_vlan' });
      if (pkt.vlan !== 0) writable(run).vlan = 0;
      return;
    case MOD_DL_SRC: {
      const mac = (op.action as Action<'mod_dl_src'>).mac;
      if (pkt.ethSrc !== mac) writable(run).ethSrc = mac;
      return;
    }
    case SET_TUNNEL: {
      const tunId = (op.action as Action<'set_tunnel'>).tunId;
      if (pkt.tunId !== tunId) writable(run).tunId = tunId;
      return;
    }
    case LEARN: learn(run, (op.action as Action<'learn'>).spec); return;
    case CT: conntrack(run, op.action as Action<'ct'>); return;
    case OUTPUT: output(run, op.port); return;
    case IN_PORT: output(run, run.inPort); return;
    case NORMAL: normal(run); return;
    case ARP_REPLY: {
      const a = op.action as Action<'arp_reply'>;
      if (pkt.type !== 'arp' || pkt.arpOp !== 1) return;
      const { ethSrc, arpSpa, arpTpa } = pkt;
      const w = writable(run);
      w.arpOp = 2;
      w.ethDst = ethSrc;
      w.ethSrc = a.mac;
      w.arpSha = a.mac;
      w.arpSpa = arpTpa;
      w.arpTpa = arpSpa;
      return;
    }
  }
}

/**
 * `ct()`: the datapath's conntrack is the host kernel's, so a zone is a table of the host's root
 * namespace. Only `commit` creates an entry; the state found is what later tables match on.
 */
function conntrack(run: Run, a: Action<'ct'>): void {
  const w = writable(run);
  const root = run.br.root;
  const hit = w.type === 'ip' && root ? run.conntrack.lookup(ctKey(root.id, a.zone), w, !!a.commit) : UNTRACKED;
  w.ct = hit.state;
  ctStep(run.hop, run.br.name, a.zone, hit);
  if (a.table !== undefined) runTable(run, a.table);
}

/** learn(): install the flow its template describes for this packet (br-tun's table 10: this MAC on this VLAN is behind this tunnel). */
function learn(run: Run, spec: LearnSpec): void {
  const { br, pkt } = run;
  if (!learnable(spec)) return;
  const vlan = learnVlan(spec, pkt);
  const mac = learnMac(spec, pkt);
  if (run.learned.hasOwnFlow(br, spec.table, vlan, mac)) return; // learn() keeps the first
  run.learned.learnFlow(br, spec.table, vlan, mac, compileFlow(br, learnedFlow(spec, pkt, run.inPort.name)));
}

function output(run: Run, port: RtPort | undefined): void {
  if (!port) return;
  const op = port.ovs!;
  if (op.type === 'vxlan' || op.type === 'gre') {
    run.outs.push(encapsulate(run, op, tunnelIpsOf(port)));
    return;
  }
  run.outs.push({ kind: 'port', port, pkt: emitted(run, run.pkt.vlan) });
}

/** A tunnel port hands the frame to the host's IP stack inside a VXLAN/GRE packet to remote_ip. */
function encapsulate(run: Run, op: OvsPort, ips: TunnelIps): Next {
  const { vlan, tunId } = run.pkt;
  const inner = emitted(run, vlan);
  const type = op.type as 'vxlan' | 'gre';
  run.hop.steps.push({
    t: 'tunnel', op: 'encap', type, vni: tunId, local: op.localIp ?? '', remote: op.remoteIp ?? '', port: op.name, innerVlan: vlan,
  });
  const outer = ipPacketOf(ips.local, ips.remote, type === 'gre' ? 'gre' : 'udp',
    type === 'vxlan' ? 49152 : 0, type === 'vxlan' ? TUNNEL_UDP_PORT.vxlan : 0, { kind: 'data' });
  outer.inner = inner;
  outer.tunId = tunId;
  return { kind: 'local', ns: run.br.root!, pkt: outer, via: op.name };
}

/** NORMAL: access ports carry one VLAN untagged, trunk ports carry tagged frames. */
function normal(run: Run): void {
  const { br, inPort, pkt, hop } = run;
  const inTag = inPort.ovs!.tag;
  let vlan = pkt.vlan;
  if (inTag !== undefined) {
    if (pkt.vlan !== 0) {
      hop.steps.push({ t: 'note', text: `NORMAL: dropping VLAN ${pkt.vlan} tagged frame received on access port ${inPort.name}` });
      return;
    }
    vlan = inTag;
    // Tag 0 is the untagged VLAN (a trunk parent's tpt- port): nothing is pushed.
    if (vlan) hop.steps.push({ t: 'vlan', op: 'push', vlan, reason: `access port ${inPort.name} tag ${vlan}` });
  }
  run.learned.learnMac(br, vlan, pkt.ethSrc, inPort);
  const known = isMulticastMac(pkt.ethDst) ? undefined : run.learned.mac(br, vlan, pkt.ethDst);
  if (known) {
    hop.steps.push({ t: 'mac', op: 'hit', mac: pkt.ethDst, vlan, port: known.name });
    if (known !== inPort) emitNormal(run, known, vlan);
    return;
  }
  hop.steps.push({ t: 'mac', op: 'flood', mac: pkt.ethDst, vlan });
  for (const port of floodPorts(br, vlan)) {
    if (port.name !== inPort.name) emitNormal(run, port, vlan);
  }
}

/** The ports a frame on this VLAN floods to, in port order: trunks and the VLAN's access ports. */
function floodPorts(br: RtOvs, vlan: number): RtPort[] {
  let ports = br.flood.get(vlan);
  if (!ports) br.flood.set(vlan, (ports = floodList(floodIndexOf(br), vlan)));
  return ports;
}

/** A bridge's non-tunnel ports, split into trunks and access ports by tag (positions in port order). */
interface FloodIndex {
  ports: RtPort[];
  trunks: number[];
  byTag: Map<number, number[]>;
}

const floodIndexes = new WeakMap<RtOvs, FloodIndex>();

function floodIndexOf(br: RtOvs): FloodIndex {
  let idx = floodIndexes.get(br);
  if (idx) return idx;
  idx = { ports: [], trunks: [], byTag: new Map() };
  for (const port of br.ports.values()) {
    const op = port.ovs!;
    if (op.type === 'vxlan' || op.type === 'gre') continue;
    const i = idx.ports.push(port) - 1;
    if (op.tag === undefined) idx.trunks.push(i);
    else if (op.tag === op.tag) { // a NaN tag equals no VLAN
      const list = idx.byTag.get(op.tag);
      if (list) list.push(i); else idx.byTag.set(op.tag, [i]);
    }
  }
  floodIndexes.set(br, idx);
  return idx;
}

function floodList(idx: FloodIndex, vlan: number): RtPort[] {
  const access = idx.byTag.get(vlan) ?? [];
  const out: RtPort[] = [];
  let a = 0;
  let t = 0;
  while (a < access.length || t < idx.trunks.length) {
    const next = t >= idx.trunks.length || (a < access.length && access[a] < idx.trunks[t]) ? access[a++] : idx.trunks[t++];
    out.push(idx.ports[next]);
  }
  return out;
}

function emitNormal(run: Run, port: RtPort, vlan: number): void {
  run.outs.push({ kind: 'port', port, pkt: emitted(run, port.ovs!.tag !== undefined ? 0 : vlan) });
}

export function flowText(bridge: string, f: Flow): string {
  const m = Object.entries(f.match).map(([k, v]) => `${k}=${v}`).join(',');
  const acts = f.actions.map(actionText).join(',');
  return `${bridge} table=${f.table} priority=${f.priority}${m ? `,${m}` : ''} actions=${acts || 'drop'}`;
}

export function actionText(a: FlowAction): string {
  switch (a.type) {
    case 'output': return `output:${a.port}`;
    case 'in_port': return 'IN_PORT';
    case 'resubmit': return `resubmit(,${a.table})`;
    case 'normal': return 'NORMAL';
    case 'mod_vlan_vid': return `mod_vlan_vid:${a.vlan}`;
    case 'strip_vlan': return 'strip_vlan';
    case 'set_tunnel': return `set_tunnel:${a.tunId}`;
    case 'learn': return learnText(a.spec);
    case 'ct': return `ct(${a.commit ? 'commit,' : ''}zone=${a.zone}${a.table !== undefined ? `,table=${a.table}` : ''})`;
    case 'arp_reply': return `arp_reply:${a.mac}`;
    case 'mod_dl_src': return `mod_dl_src:${a.mac}`;
    case 'conjunction': return `conjunction(${a.id},${a.clause}/${a.clauses})`;
    case 'drop': return 'drop';
  }
}
