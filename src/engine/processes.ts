import type { Listener } from '../dataplane/types';
import { formatIp, parseIp } from '../net/ipv4';
import type { Branch, Hop } from '../trace/types';
import type { AppPayload, Packet } from './packet';
import { clonePacket, ipPacketOf, replyTo } from './packet';
import { leaseOptions } from './dhcp';
import type { RtIface, RtNamespace } from './runtime';
import type { DeviceSemantics, Leg, Outcome, WalkState } from './walk';
import { arrive, place } from './walk';

/**
 * What a listening process does with what reached it. These are generic behaviours (answer,
 * relay, decapsulate, DHCP in static mode); realize decides which process listens where.
 */
export function handleListener(
  ws: WalkState, sem: DeviceSemantics, ns: RtNamespace, iface: RtIface, l: Listener, p: Packet, hop: Hop, branch: Branch,
): Outcome {
  const b = l.behaviour;
  switch (b.kind) {
    case 'dhcp-server': {
      if (p.app.kind !== 'dhcp' || (p.app.message !== 'DISCOVER' && p.app.message !== 'REQUEST')) {
        return { kind: 'dropped', at: place(ns), rule: l.process, reason: `${l.process} ignores a non-DHCP request`, quiet: true };
      }
      const chaddr = p.app.chaddr;
      const host = b.hosts.find((h) => h.mac === chaddr);
      hop.steps.push({ t: 'dhcp', message: p.app.message, host: host ? { mac: host.mac, ip: host.ip } : null });
      if (!host) {
        return {
          kind: 'dropped', at: place(ns), rule: `${l.process} --dhcp-hostsfile (static mode)`,
          reason: `${l.process} has no host entry for ${chaddr}: in static mode an unknown MAC gets no lease`,
        };
      }
      const message = p.app.message === 'DISCOVER' ? 'OFFER' : 'ACK';
      const server = serverAddress(iface, parseIp(host.ip), parseIp(b.serverIp));
      const lease = leaseOptions(b, host.ip, formatIp(server));
      if (!lease) {
        return { kind: 'dropped', at: place(ns), rule: `${l.process} --dhcp-range`, reason: `${l.process} has no --dhcp-range holding ${host.ip}: no address range available` };
      }
      hop.steps.push({ t: 'lease', message, ip: host.ip, options: lease.options });
      ws.answers.push({
        leg: arrive(ws, ns, iface.data.name, p), raw: true,
        pkt: dhcpAnswer(server, parseIp(host.ip), p.dport, p.sport, iface.data.mac, chaddr, { kind: 'dhcp', message, chaddr, yiaddr: host.ip, options: lease.options }),
      });
      return { kind: 'answered', at: place(ns), by: l.process, detail: `DHCP${message} ${host.ip} to ${chaddr}` };
    }
    case 'server':
      ws.answers.push({ leg: arrive(ws, ns, iface.data.name, p), raw: false, pkt: replyTo(p, { kind: 'http', request: 'response', status: b.status ?? 200 }) });
      return { kind: 'answered', at: place(ns), by: l.process, detail: `HTTP ${b.status ?? 200}` };
    case 'accept': {
      // The kernel completes a TCP handshake for a listening socket; a UDP socket's process answers.
      const app: AppPayload = p.proto === 'tcp' ? { kind: 'tcp', flags: 'SYN-ACK' } : { kind: 'data' };
      hop.steps.push({ t: 'note', text: `${l.process} listens on ${p.proto}/${p.dport}: answers ${p.proto === 'tcp' ? 'SYN-ACK' : 'the datagram'}` });
      ws.answers.push({ leg: arrive(ws, ns, iface.data.name, p), raw: false, pkt: replyTo(p, app) });
      return { kind: 'delivered', at: place(ns), to: ns.name };
    }
    case 'relay':
      return relay(ws, arrive(ws, ns, iface.data.name, p), ns, l, p, branch);
    case 'tunnel-endpoint': {
      const target = ws.rt.tunnelPorts.get(ns.host)?.get(b.tunnelType)?.get(p.src >>> 0);
      if (!target || !p.inner) {
        return {
          kind: 'dropped', at: place(ns), rule: `${l.process}`,
          reason: `no ${b.tunnelType} tunnel port with remote_ip=${formatIp(p.src)} on ${ns.host}`,
        };
      }
      hop.steps.push({
        t: 'tunnel', op: 'decap', type: b.tunnelType, vni: p.tunId, local: formatIp(p.dst), remote: formatIp(p.src), port: target.name,
      });
      let inner = p.inner;
      if (inner.tunId !== p.tunId) {
        inner = clonePacket(inner);
        inner.tunId = p.tunId;
      }
      return [{ kind: 'ingress', port: target, pkt: inner }];
    }
    case 'dhcp-client':
      if (p.app.kind === 'dhcp' && (p.app.message === 'OFFER' || p.app.message === 'ACK') && p.app.chaddr === iface.data.mac) {
        hop.steps.push({ t: 'lease', message: p.app.message, ip: p.app.yiaddr ?? '', options: p.app.options ?? [] });
        return { kind: 'delivered', at: place(ns), to: `${l.process} (DHCP${p.app.message} ${p.app.yiaddr})` };
      }
      return { kind: 'dropped', at: place(ns), rule: l.process, reason: `${l.process} ignores this packet`, quiet: true };
    case 'vrrp': {
      // An advertisement of this virtual router is what keeps a BACKUP from taking over.
      if (p.app.kind !== 'vrrp' || p.app.vrid !== b.vrid) {
        return { kind: 'dropped', at: place(ns), rule: l.process, reason: `${l.process} (vrid ${b.vrid}) ignores an advertisement of another virtual router`, quiet: true };
      }
      hop.steps.push({ t: 'note', text: `${l.process} ${b.state} (vrid ${b.vrid}) hears the advertisement of ${formatIp(p.src)}, priority ${p.app.priority}` });
      return { kind: 'delivered', at: place(ns), to: `${l.process} (${b.state}, vrid ${b.vrid})` };
    }
  }
}

/** A proxy opens its own connection onward: over a UNIX socket on this host, or TCP from here. */
function relay(ws: WalkState, leg: Leg, ns: RtNamespace, l: Listener, p: Packet, branch: Branch): Outcome {
  const to = (l.behaviour as Extract<Listener['behaviour'], { kind: 'relay' }>).to;
  if ('unix' in to) {
    const target = ws.rt.unixListeners.get(`${ns.host}:${to.unix}`);
    if (!target || !target.listener.running) {
      const who = target ? `${target.listener.process} is not running` : 'nothing listens there';
      return { kind: 'dropped', at: place(ns), rule: `${l.process} → unix:${to.unix}`, reason: `${l.process} cannot connect to ${to.unix}: ${who}` };
    }
    const hop: Hop = {
      host: ns.host, device: target.listener.process, kind: 'process', in: `unix:${to.unix}`, inVlan: 0, vlan: 0, tunId: 0,
      steps: [{ t: 'relay', process: l.process, to: `unix:${to.unix}` }],
    };
    branch.hops.push(hop);
    return relay(ws, leg, target.ns, target.listener, p, branch);
  }
  const sport = ws.ephemeralPort++;
  leg.opened = sport;
  ws.sockets.push({ ns, ip: 0, port: sport, process: l.process });
  const last = branch.hops[branch.hops.length - 1];
  last.steps.push({ t: 'relay', process: l.process, to: `${to.proto} ${to.ip}:${to.port}` });
  const app = p.app.kind === 'http' ? p.app : { kind: 'http' as const, request: 'GET /' };
  return [{ kind: 'local', ns, pkt: ipPacketOf(0, parseIp(to.ip), to.proto, sport, to.port, app) }];
}

/** dnsmasq answers from its own address on the client's subnet (the dhcp-range it matched). */
function serverAddress(iface: RtIface, client: number, fallback: number): number {
  return iface.addresses.find((a) => a.prefix < 32 && ((client & a.mask) >>> 0) === a.network)?.ip ?? fallback;
}

function dhcpAnswer(src: number, dst: number, sport: number, dport: number, ethSrc: string, ethDst: string, app: AppPayload): Packet {
  // No conntrack entry matches an OFFER/ACK (the request went 0.0.0.0 → 255.255.255.255), so
  // lookups find a new connection: firewalls let it in only through their explicit DHCP-reply rules.
  const p = ipPacketOf(src, dst, 'udp', sport, dport, app);
  p.ethSrc = ethSrc;
  p.ethDst = ethDst;
  return p;
}
