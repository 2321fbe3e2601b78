import type { Flow, FlowAction, OvsPort } from '../dataplane/types';
import type { Hop } from '../trace/types';
import type { Learned } from './learning';
import type { Packet } from './packet';
import { ipPacket, isMulticastMac } from './packet';
import type { RtOvs, RtPort } from './runtime';
import type { Next, Outcome } from './walk';
import { place } from './walk';

const MAX_RESUBMIT = 64;
const TUNNEL_UDP_PORT = { vxlan: 4789 } as const;

/**
 * An Open vSwitch bridge: OpenFlow tables from table 0 with resubmit, learn and output, and the
 * NORMAL action as a VLAN-aware learning switch over the bridge's access and trunk ports.
 */
export function ovsIngress(learned: Learned, br: RtOvs, inPort: RtPort, pkt: Packet, hop: Hop): Outcome {
  const run: Run = { br, inPort, pkt: { ...pkt }, hop, outs: [], depth: 0, lastFlow: undefined, learned };
  runTable(run, 0);
  if (run.outs.length) return run.outs;
  const f = run.lastFlow;
  return {
    kind: 'dropped', at: place(br),
    rule: f ? flowText(br.name, f) : `${br.name} table miss`,
    reason: f ? `dropped by ${br.name} table ${f.table}` : `no flow matched in ${br.name}`,
  };
}

interface Run {
  br: RtOvs;
  inPort: RtPort;
  pkt: Packet;
  hop: Hop;
  outs: Next[];
  depth: number;
  lastFlow: Flow | undefined;
  learned: Learned;
}

/** Learned flows match exactly (vlan, dl_dst), as br-tun's learn() writes them. */
function learnedKey(table: number, vlan: number, mac: string): string {
  return `${table}/${vlan}/${mac}`;
}

function lookup(run: Run, table: number): { flow: Flow; learned: boolean } | undefined {
  const { br, pkt } = run;
  const learned = br.learnTables.has(table) ? run.learned.flow(br, learnedKey(table, pkt.vlan, pkt.ethDst)) : undefined;
  const installed = br.tables.get(table)?.lookup(pkt, run.inPort.name);
  if (learned && (!installed || learned.priority > installed.priority)) return { flow: learned, learned: true };
  return installed ? { flow: installed, learned: false } : undefined;
}

function runTable(run: Run, table: number): void {
  if (run.depth++ > MAX_RESUBMIT) return;
  const hit = lookup(run, table);
  if (!hit) {
    run.hop.steps.push({ t: 'table-miss', bridge: run.br.name, table });
    return;
  }
  run.lastFlow = hit.flow;
  run.hop.steps.push(hit.learned ? { t: 'flow', bridge: run.br.name, flow: hit.flow, learned: true } : { t: 'flow', bridge: run.br.name, flow: hit.flow });
  for (const a of hit.flow.actions) apply(run, a);
}

function apply(run: Run, a: FlowAction): void {
  const { br, pkt } = run;
  switch (a.type) {
    case 'resubmit': runTable(run, a.table); return;
    case 'mod_vlan_vid':
      run.hop.steps.push({ t: 'vlan', op: pkt.vlan ? 'set' : 'push', vlan: a.vlan, reason: 'mod_vlan_vid' });
      pkt.vlan = a.vlan;
      return;
    case 'strip_vlan':
      if (pkt.vlan) run.hop.steps.push({ t: 'vlan', op: 'pop', vlan: pkt.vlan, reason: 'strip_vlan' });
      pkt.vlan = 0;
      return;
    case 'set_tunnel': pkt.tunId = a.tunId; return;
    case 'learn': learn(run, a.spec); return;
    case 'output': output(run, br.ports.get(a.port)); return;
    case 'in_port': output(run, run.inPort); return;
    case 'normal': normal(run); return;
    case 'arp_reply':
      if (pkt.type !== 'arp' || pkt.arpOp !== 1) return;
      Object.assign(pkt, {
        arpOp: 2, ethDst: pkt.ethSrc, ethSrc: a.mac, arpSha: a.mac, arpSpa: pkt.arpTpa, arpTpa: pkt.arpSpa,
      });
      return;
    case 'drop': return;
  }
}

/** br-tun's table 10: remember that this MAC on this VLAN lives behind the tunnel it came from. */
function learn(run: Run, spec: { table: number; priority: number; hardTimeout: number }): void {
  const { br, pkt } = run;
  const flow: Flow = {
    table: spec.table, priority: spec.priority, hardTimeout: spec.hardTimeout,
    match: { vlan: pkt.vlan, dlDst: pkt.ethSrc },
    actions: [{ type: 'strip_vlan' }, { type: 'set_tunnel', tunId: pkt.tunId }, { type: 'output', port: run.inPort.name }],
    note: 'learned',
  };
  run.learned.learnFlow(br, learnedKey(spec.table, pkt.vlan, pkt.ethSrc), flow);
}

function output(run: Run, port: RtPort | undefined): void {
  if (!port) return;
  const op = run.br.ovsPorts.get(port.name)!;
  if (op.type === 'vxlan' || op.type === 'gre') {
    run.outs.push(encapsulate(run, op, run.br.tunnelIps.get(op.name)!));
    return;
  }
  // Tunnel metadata does not survive leaving the bridge through a non-tunnel port.
  run.outs.push({ kind: 'port', port, pkt: { ...run.pkt, tunId: 0 } });
}

/** A tunnel port hands the frame to the host's IP stack inside a VXLAN/GRE packet to remote_ip. */
function encapsulate(run: Run, op: OvsPort, ips: { local: number; remote: number }): Next {
  const inner: Packet = { ...run.pkt, tunId: 0 };
  const type = op.type as 'vxlan' | 'gre';
  run.hop.steps.push({
    t: 'tunnel', op: 'encap', type, vni: run.pkt.tunId, local: op.localIp ?? '', remote: op.remoteIp ?? '', port: op.name, innerVlan: run.pkt.vlan,
  });
  const outer = ipPacket({
    src: ips.local, dst: ips.remote, proto: type === 'gre' ? 'gre' : 'udp',
    sport: type === 'vxlan' ? 49152 : 0, dport: type === 'vxlan' ? TUNNEL_UDP_PORT.vxlan : 0,
    inner, tunId: run.pkt.tunId,
  });
  return { kind: 'local', ns: run.br.root!, pkt: outer, via: op.name };
}

/** NORMAL: access ports carry one VLAN untagged, trunk ports carry tagged frames. */
function normal(run: Run): void {
  const { br, inPort, pkt, hop } = run;
  const inOvs = br.ovsPorts.get(inPort.name)!;
  let vlan = pkt.vlan;
  if (inOvs.tag !== undefined) {
    if (pkt.vlan !== 0) {
      hop.steps.push({ t: 'note', text: `NORMAL: dropping VLAN ${pkt.vlan} tagged frame received on access port ${inPort.name}` });
      return;
    }
    vlan = inOvs.tag;
    hop.steps.push({ t: 'vlan', op: 'push', vlan, reason: `access port ${inPort.name} tag ${vlan}` });
  }
  run.learned.learnMac(br, `${vlan}/${pkt.ethSrc}`, inPort);
  const known = isMulticastMac(pkt.ethDst) ? undefined : run.learned.mac(br, `${vlan}/${pkt.ethDst}`);
  if (known) {
    hop.steps.push({ t: 'mac', op: 'hit', mac: pkt.ethDst, vlan, port: known.name });
    if (known !== inPort) emitNormal(run, known, vlan);
    return;
  }
  hop.steps.push({ t: 'mac', op: 'flood', mac: pkt.ethDst, vlan });
  for (const [name, op] of br.ovsPorts) {
    if (name === inPort.name || op.type === 'vxlan' || op.type === 'gre') continue;
    if (op.tag === undefined || op.tag === vlan) emitNormal(run, br.ports.get(name)!, vlan);
  }
}

function emitNormal(run: Run, port: RtPort, vlan: number): void {
  const op = run.br.ovsPorts.get(port.name)!;
  run.outs.push({ kind: 'port', port, pkt: { ...run.pkt, vlan: op.tag !== undefined ? 0 : vlan, tunId: 0 } });
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
    case 'learn': return `learn(table=${a.spec.table})`;
    case 'arp_reply': return `arp_reply:${a.mac}`;
    case 'drop': return 'drop';
  }
}
