import type { Listener, Namespace } from '../dataplane/types';
import { compareKeyed, type DriftSink, type Fields } from './compare';
import { compareDhcp } from './dhcp';

/**
 * What listens in a namespace, by protocol, address, port (or UNIX path) and interface: the
 * process and what it does with a request (answers, relays where, a VRRP instance's state), and
 * for dnsmasq its hosts file (by MAC), its options (by tag and name) and its ranges (by tag).
 * (dnsmasq's files are compared in dhcp.ts.) A guest's DHCP client is inside the guest, which no capture shows. In the root namespace,
 * sockets realize does not open are the node's other services.
 */
export function compareListeners(sink: DriftSink, node: string, e: Namespace, a: Namespace, sockets: boolean): void {
  const expected = keyed(e.listeners), all = keyed(a.listeners);
  const actual = e.name === 'root' ? new Map([...all].filter(([k]) => expected.has(k))) : all;
  if (all.size > actual.size) sink.skip(node, 'root namespace sockets realize does not open (the node\'s other services)', all.size - actual.size);
  // Without ss the sockets are guessed from the processes: only dnsmasq's files are compared then.
  if (sockets) compareKeyed(sink, { node, kind: 'listener', where: e.name }, fieldsOf(expected), fieldsOf(actual));
  const server = (ns: Namespace) => ns.listeners.find((l) => l.behaviour.kind === 'dhcp-server');
  const es = server(e), as = server(a);
  if (es && as) compareDhcp(sink, node, e.name, es, as);
}

function keyed(listeners: readonly Listener[]): Map<string, Listener> {
  const out = new Map<string, Listener>();
  for (const l of listeners) {
    if (l.behaviour.kind === 'dhcp-client') continue;
    const base = l.proto === 'unix' ? `unix ${l.path ?? ''}` : `${l.proto} ${l.ip ?? '0.0.0.0'}${l.port !== undefined ? `:${l.port}` : ''}${l.iface ? ` dev ${l.iface}` : ''}`;
    let k = base;
    for (let n = 2; out.has(k); n++) k = `${base} (#${n})`;
    out.set(k, l);
  }
  return out;
}

function fieldsOf(m: ReadonlyMap<string, Listener>): Map<string, Fields> {
  return new Map([...m].map(([k, l]) => [k, fields(l)]));
}

function fields(l: Listener): Fields {
  const b = l.behaviour;
  const f: Fields = { process: l.process, does: b.kind, running: String(l.running) };
  if (b.kind === 'relay') f.to = 'unix' in b.to ? `unix ${b.to.unix}` : `${b.to.proto} ${b.to.ip}:${b.to.port}`;
  if (b.kind === 'server' && b.status !== undefined) f.status = String(b.status);
  if (b.kind === 'vrrp') { f.vrid = String(b.vrid); f.state = b.state; }
  if (b.kind === 'dhcp-server') f['server ip'] = b.serverIp;
  return f;
}
