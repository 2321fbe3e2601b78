import type { Listener } from '../dataplane/types';
import { compareKeyed, type DriftSink, type Fields } from './compare';

/**
 * dnsmasq's state for a network: its hosts file by MAC (address, hostname), its options by tag
 * and name (the value; a repeated option keeps its rank), its ranges by tag (subnet, lease time).
 */
export function compareDhcp(sink: DriftSink, node: string, where: string, e: Listener, a: Listener): void {
  if (e.behaviour.kind !== 'dhcp-server' || a.behaviour.kind !== 'dhcp-server') return;
  const b = e.behaviour, g = a.behaviour;
  const hosts = (x: typeof b) => new Map(x.hosts.map((h) => [h.mac, { ip: h.ip, hostname: h.hostname }] as [string, Fields]));
  compareKeyed(sink, { node, kind: 'dhcp-host', where }, hosts(b), hosts(g));
  const options = (x: typeof b) => {
    const out = new Map<string, Fields>();
    for (const o of x.options) {
      const base = `${o.tag ? `tag:${o.tag},` : ''}option:${o.name}`;
      let k = base;
      for (let n = 2; out.has(k); n++) k = `${base} (#${n})`;
      out.set(k, { value: o.value });
    }
    return out;
  };
  compareKeyed(sink, { node, kind: 'dhcp-option', where }, options(b), options(g));
  const ranges = (x: typeof b) => new Map(x.ranges.map((r) => [`set:${r.tag}`, { cidr: r.cidr, lease: `${x.leaseSeconds}s` }] as [string, Fields]));
  compareKeyed(sink, { node, kind: 'dhcp-range', where }, ranges(b), ranges(g));
}
