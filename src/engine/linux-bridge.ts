import type { Hop } from '../trace/types';
import { ctKey, ctStep, UNTRACKED, type CtHit, type Conntrack } from './conntrack';
import type { Learned } from './learning';
import type { Packet } from './packet';
import { describePacket, isMulticastMac } from './packet';
import { runChain, type NfResult } from './netfilter';
import type { RtLinuxBridge, RtPort } from './runtime';
import type { Next, Outcome } from './walk';
import { place } from './walk';

/**
 * A Linux bridge: a learning switch. With bridge-nf-call-iptables, every bridged IPv4 frame also
 * traverses the host's filter FORWARD chain with its physdev in/out ports; this is where the
 * iptables_hybrid security groups live.
 */
export function linuxBridgeIngress(learned: Learned, conntrack: Conntrack, br: RtLinuxBridge, inPort: RtPort, pkt: Packet, hop: Hop): Outcome {
  const vlan = br.data.learnsPerVlan ? pkt.vlan : 0;
  learned.learnMac(br, vlan, pkt.ethSrc, inPort);
  // br_netfilter: a bridged IPv4 frame passes the host's raw PREROUTING (a `CT --notrack` there
  // exempts it) and is tracked in the host's conntrack before FORWARD; an 802.1Q-tagged one is
  // not (bridge-nf-filter-vlan-tagged is 0), so no chain judges it.
  const ct = br.data.nfCallIptables && pkt.type === 'ip' && pkt.vlan === 0 && br.root ? track(conntrack, br, inPort, pkt, hop) : null;
  const known = isMulticastMac(pkt.ethDst) ? undefined : learned.mac(br, vlan, pkt.ethDst);
  const outs: Next[] = [];
  let dropped: Outcome | undefined;
  if (known) {
    if (known === inPort) return { kind: 'dropped', at: place(br), rule: 'fdb', reason: 'destination is behind the ingress port', quiet: true };
    hop.steps.push({ t: 'mac', op: 'hit', mac: pkt.ethDst, vlan: pkt.vlan, port: known.name });
    const r = forward(br, inPort, known, pkt, hop, outs, ct);
    if (r) dropped = droppedBy(br, inPort, known, r, pkt);
  } else {
    hop.steps.push({ t: 'mac', op: 'flood', mac: pkt.ethDst, vlan: pkt.vlan });
    for (const port of br.ports.values()) {
      if (port === inPort) continue;
      const r = forward(br, inPort, port, pkt, hop, outs, ct);
      if (r) dropped ??= droppedBy(br, inPort, port, r, pkt);
    }
  }
  return outs.length ? outs : dropped ?? { kind: 'dropped', at: place(br), rule: 'none', reason: 'no other port', quiet: true };
}

/**
 * One bridged copy: through filter FORWARD with its physdev ports, then out of `port`. Returns
 * the chain walk's result when a security group drops it.
 */
function forward(br: RtLinuxBridge, inPort: RtPort, port: RtPort, pkt: Packet, hop: Hop, outs: Next[], ct: CtHit | null): NfResult | null {
  if (ct && br.root) {
    // A MARK and the conntrack state belong to this chain walk only: the frame leaves as it came.
    const { mark, ct: state, ctDnat } = pkt;
    pkt.ct = ct.state;
    pkt.ctDnat = ct.entry?.dnat ?? false;
    const r = runChain(br.root, 'filter', 'FORWARD', pkt, {
      physdevIn: inPort.name, physdevOut: port.name, bridged: true, inIface: br.name, outIface: br.name,
    });
    pkt.mark = mark;
    pkt.ct = state;
    pkt.ctDnat = ctDnat;
    hop.steps.push(r.returned?.comment
      ? { t: 'filter', table: 'filter', chain: 'FORWARD', verdict: r.verdict, rule: r.rule, ruleChain: r.chain, policy: !r.rule, returned: r.returned }
      : { t: 'filter', table: 'filter', chain: 'FORWARD', verdict: r.verdict, rule: r.rule, ruleChain: r.chain, policy: !r.rule });
    if (r.verdict === 'DROP') return r;
  }
  outs.push({ kind: 'port', port, pkt });
  return null;
}

function track(conntrack: Conntrack, br: RtLinuxBridge, inPort: RtPort, pkt: Packet, hop: Hop): CtHit {
  const root = br.root!;
  const raw = runChain(root, 'raw', 'PREROUTING', pkt, { physdevIn: inPort.name, bridged: true, inIface: br.name });
  if (raw.nat?.target.type === 'NOTRACK') {
    hop.steps.push({ t: 'filter', table: 'raw', chain: 'PREROUTING', verdict: 'ACCEPT', rule: raw.nat, ruleChain: raw.chain });
    ctStep(hop, 'root', 0, UNTRACKED);
    return UNTRACKED;
  }
  const hit = conntrack.lookup(ctKey(root.id, 0), pkt, true);
  ctStep(hop, 'root', 0, hit);
  return hit;
}

/** The reason names the packet, and, from the comment of the jump that entered the deciding chain, on whose behalf it ran. */
function droppedBy(br: RtLinuxBridge, inPort: RtPort, port: RtPort, r: NfResult, pkt: Packet): Outcome {
  return {
    kind: 'dropped', at: place(br), rule: `${r.chain}: ${r.rule?.comment ?? 'DROP'}`,
    reason: `security group: iptables ${r.chain} dropped ${describePacket(pkt)} from ${inPort.name} to ${port.name}${r.via?.comment ? `: ${r.via.comment}` : ''}`,
  };
}
