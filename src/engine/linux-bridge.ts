import type { Hop } from '../trace/types';
import type { Learned } from './learning';
import type { Packet } from './packet';
import { isMulticastMac } from './packet';
import { runChain } from './netfilter';
import type { RtLinuxBridge, RtPort } from './runtime';
import type { Next, Outcome } from './walk';
import { place } from './walk';

/**
 * A Linux bridge: a learning switch. With bridge-nf-call-iptables, every bridged IPv4 frame also
 * traverses the host's filter FORWARD chain with its physdev in/out ports; this is where the
 * iptables_hybrid security groups live.
 */
export function linuxBridgeIngress(learned: Learned, br: RtLinuxBridge, inPort: RtPort, pkt: Packet, hop: Hop): Outcome {
  learned.learnMac(br, pkt.ethSrc, inPort);
  const known = isMulticastMac(pkt.ethDst) ? undefined : learned.mac(br, pkt.ethDst);
  let candidates: RtPort[];
  if (known) {
    if (known === inPort) return { kind: 'dropped', at: place(br), rule: 'fdb', reason: 'destination is behind the ingress port', quiet: true };
    hop.steps.push({ t: 'mac', op: 'hit', mac: pkt.ethDst, vlan: 0, port: known.name });
    candidates = [known];
  } else {
    hop.steps.push({ t: 'mac', op: 'flood', mac: pkt.ethDst, vlan: 0 });
    candidates = [...br.ports.values()].filter((p) => p !== inPort);
  }
  const outs: Next[] = [];
  let dropped: Outcome | undefined;
  for (const port of candidates) {
    if (br.data.nfCallIptables && pkt.type === 'ip' && br.root) {
      const copy = { ...pkt };
      const r = runChain(br.root, 'filter', 'FORWARD', copy, {
        physdevIn: inPort.name, physdevOut: port.name, bridged: true, inIface: br.name, outIface: br.name,
      });
      hop.steps.push({ t: 'filter', table: 'filter', chain: 'FORWARD', verdict: r.verdict, rule: r.rule, ruleChain: r.chain, policy: !r.rule });
      if (r.verdict === 'DROP') {
        dropped ??= {
          kind: 'dropped', at: place(br), rule: `${r.chain}: ${r.rule?.comment ?? 'DROP'}`,
          reason: `security group: iptables ${r.chain} dropped the frame from ${inPort.name} to ${port.name}`,
        };
        continue;
      }
    }
    outs.push({ kind: 'port', port, pkt });
  }
  return outs.length ? outs : dropped ?? { kind: 'dropped', at: place(br), rule: 'none', reason: 'no other port', quiet: true };
}
