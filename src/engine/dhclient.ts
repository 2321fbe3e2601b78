import type { Dataplane, DhcpOption, HostPlane, Namespace } from '../dataplane/types';
import { LIMITED_BROADCAST } from '../net/ipv4';
import { leaves } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import type { FlowSpec, Trace } from '../trace/types';
import { bindLease, failLease } from './dhcp';
import { walkTrace } from './index';
import { BROADCAST_MAC, ipPacket } from './packet';

const booted = new WeakSet<Dataplane>();
const bootedFrom = new WeakMap<Dataplane, Dataplane>();

/**
 * Boots the guests: every NIC marked for DHCP runs DISCOVER then REQUEST through the data plane,
 * and takes address, mask, routes, MTU and nameservers from the ACK that reaches it (a NIC whose
 * exchange fails is left without an address, and says why). The exchanges walk the plane as
 * given, so booting a booted plane again gives the same guests: a plane changed by a fault
 * (a wrong dnsmasq option, say) is booted anew. Returns a new plane only if some guest changed.
 */
export function bootGuests(dp: Dataplane): Dataplane {
  if (booted.has(dp)) return dp;
  const known = bootedFrom.get(dp);
  if (known) return known;
  const out = boot(dp, () => false);
  bootedFrom.set(dp, out);
  return out;
}

/**
 * Boots only the guests `keep` does not claim: a running guest that keeps its lease while the
 * cloud changes under it (whatif/running.ts) is left as it is. The result counts as booted, so
 * simulating it boots no guest again.
 */
export function bootGuestsExcept(dp: Dataplane, keep: (host: string, ns: Namespace) => boolean): Dataplane {
  return boot(dp, keep);
}

function boot(dp: Dataplane, keep: (host: string, ns: Namespace) => boolean): Dataplane {
  let hosts: HostPlane[] | null = null;
  dp.hosts.forEach((h, hi) => {
    h.devices.forEach((d, di) => {
      if (d.kind !== 'namespace' || !d.interfaces.some((i) => i.dhcp) || keep(h.name, d)) return;
      let ns: Namespace = d;
      for (const nic of d.interfaces) if (nic.dhcp) ns = runDhclient(dp, h.name, ns, nic.name, nic.mac);
      if (JSON.stringify(ns) === JSON.stringify(d)) return;
      hosts ??= dp.hosts.map((x) => ({ ...x, devices: [...x.devices] }));
      hosts[hi].devices[di] = ns;
    });
  });
  const out: Dataplane = hosts ? { ...dp, hosts } : dp;
  booted.add(out);
  return out;
}

function runDhclient(dp: Dataplane, host: string, ns: Namespace, nic: string, mac: string): Namespace {
  const offer = exchange(dp, host, ns.name, nic, mac, 'DISCOVER');
  if (typeof offer === 'string') return failLease(ns, nic, `no DHCPOFFER: ${offer}`);
  const ack = exchange(dp, host, ns.name, nic, mac, 'REQUEST');
  if (typeof ack === 'string') return failLease(ns, nic, `no DHCPACK: ${ack}`);
  return bindLease(ns, nic, ack.ip, ack.options);
}

/** One broadcast from the NIC; the lease the client took from the first answer that reached it. */
function exchange(dp: Dataplane, host: string, ns: string, nic: string, mac: string, message: 'DISCOVER' | 'REQUEST'): { ip: string; options: readonly DhcpOption[] } | string {
  const flow: FlowSpec = { from: ns, to: 'dhcp', kind: 'dhcp', proto: 'udp', src: '0.0.0.0', dst: '255.255.255.255', sport: 68, dport: 67, dhcp: message };
  const t: Trace = walkTrace(dp, flow, {
    kind: 'raw', host, namespace: ns, iface: nic,
    pkt: ipPacket({ ethSrc: mac, ethDst: BROADCAST_MAC, src: 0, dst: LIMITED_BROADCAST, proto: 'udp', sport: 68, dport: 67, app: { kind: 'dhcp', message, chaddr: mac } }),
  });
  for (const l of t.reply ? leaves(t.reply) : []) {
    const last = l.path[l.path.length - 1];
    if (l.end.kind !== 'delivered' || last?.host !== host || last.device !== ns) continue;
    const lease = last.steps.find((s) => s.t === 'lease');
    if (lease?.t === 'lease') return { ip: lease.ip, options: lease.options };
  }
  return dispositionText(t.disposition);
}
