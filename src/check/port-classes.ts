import type { Dataplane, InstanceEndpoint } from '../dataplane/types';

/**
 * Classes of instances that must behave alike: same host, same network, and the same per-port
 * data-plane state once the port's own identity (IP, MAC, port id, name) is abstracted away. The
 * per-port state is everything that mentions the port: the guest's namespace, its plumbing and
 * br-int tag, its security-group chains, flows and dnsmasq entries naming its MAC or IP, ipsets
 * and routes naming its IP. One port with a wrong tag or a missing dnsmasq entry gets a class
 * of its own, so a fault on one port is never hidden behind a representative.
 */
export function portClasses(dp: Dataplane): (name: string) => string | undefined {
  const mentions = indexMentions(dp);
  const interned = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const e of dp.endpoints.instances) {
    const id = portIdPrefix(dp, e);
    const facts = [
      e.host, e.network,
      ...devicesOf(dp, e, id),
      ...(mentions.get(e.mac) ?? []), ...(mentions.get(e.ip) ?? []),
      ...(id ? [id.slice(0, 10), `tap${id}`, `qvo${id}`, `qvb${id}`].flatMap((k) => mentions.get(k) ?? []) : []),
    ].map((f) => abstractIdentity(f, e, id));
    const sig = facts.join('\n');
    let key = interned.get(sig);
    if (!key) interned.set(sig, (key = `class${interned.size + 1}`));
    byName.set(e.name, key);
  }
  return (name) => byName.get(name);
}

/** The 11-character port id prefix Neutron's device names carry (`tap<id>`, `qvo<id>`). */
function portIdPrefix(dp: Dataplane, e: InstanceEndpoint): string | undefined {
  const link = dp.links.find((l) => (l.a.host === e.host && l.a.device === e.namespace && l.a.port === e.iface)
    || (l.b.host === e.host && l.b.device === e.namespace && l.b.port === e.iface));
  const peer = link && (link.a.device === e.namespace ? link.b : link.a);
  return peer?.port.startsWith('tap') ? peer.port.slice(3) : undefined;
}

/** The guest namespace and the devices named after the port, as they are on its host. */
function devicesOf(dp: Dataplane, e: InstanceEndpoint, id: string | undefined): string[] {
  const host = dp.hosts.find((h) => h.name === e.host);
  const out: string[] = [];
  for (const d of host?.devices ?? []) {
    if (d.name === e.namespace || (id && d.name.endsWith(id) && d.kind === 'linux-bridge')) out.push(JSON.stringify(d));
    if (d.kind === 'ovs' && id) out.push(...d.ports.filter((p) => p.name.endsWith(id)).map((p) => `${d.name}:${JSON.stringify({ ...p, ofport: 0 })}`));
  }
  out.push(...dp.links.filter((l) => (l.a.host === e.host && (l.a.device === e.namespace || (id && l.a.port.endsWith(id))))
    || (l.b.host === e.host && (l.b.device === e.namespace || (id && l.b.port.endsWith(id))))).map((l) => JSON.stringify(l)));
  return out;
}

/**
 * token → descriptions of every piece of state whose text contains it: flows, rules, chains,
 * dnsmasq entries, ipsets, routes. Built once per data plane by a walk over all of it.
 */
function indexMentions(dp: Dataplane): Map<string, string[]> {
  const tokens = new Set<string>();
  for (const e of dp.endpoints.instances) { tokens.add(e.mac); tokens.add(e.ip); }
  for (const l of dp.links) for (const end of [l.a, l.b]) if (DEVICE.test(end.port)) tokens.add(end.port);
  const index = new Map<string, string[]>();
  const note = (text: string, where: string) => {
    for (const t of candidateTokens(text)) {
      if (!tokens.has(t)) continue;
      let list = index.get(t);
      if (!list) index.set(t, (list = []));
      list.push(`${where} ${text}`);
    }
  };
  for (const h of dp.hosts) {
    for (const d of h.devices) {
      if (d.kind === 'ovs') for (const f of d.flows) note(JSON.stringify(f), `${h.name}/${d.name}`);
      if (d.kind !== 'namespace' || d.role === 'instance') continue;
      for (const r of d.routes) note(JSON.stringify(r), `${h.name}/${d.name} route`);
      for (const [table, chains] of Object.entries(d.netfilter.tables)) {
        for (const [chain, rules] of Object.entries(chains ?? {})) {
          rules.forEach((r, i) => note(JSON.stringify(r), `${h.name}/${d.name} ${table} ${chain}#${i}`));
        }
      }
      for (const [set, members] of Object.entries(d.netfilter.ipsets ?? {})) for (const m of members) note(m, `${h.name}/${d.name} ipset ${set}`);
      for (const l of d.listeners) {
        if (l.behaviour.kind === 'dhcp-server') for (const x of l.behaviour.hosts) note(JSON.stringify(x), `${h.name}/${d.name} ${l.process} running=${l.running}`);
      }
    }
  }
  // Security-group chains are named after the port: index them by the id prefix in their name.
  for (const h of dp.hosts) {
    for (const d of h.devices) {
      if (d.kind !== 'namespace' || d.role !== 'root') continue;
      for (const [chain, rules] of Object.entries(d.netfilter.tables.filter ?? {})) {
        const m = /^neutron-openvswi-[ios](.{10})$/.exec(chain);
        if (!m) continue;
        const list = index.get(m[1]) ?? [];
        list.push(`${h.name} ${chain} ${JSON.stringify(rules)}`);
        index.set(m[1], list);
      }
    }
  }
  return index;
}

const TOKEN = /(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|\d+\.\d+\.\d+\.\d+|(?:tap|qvo|qvb)[0-9a-f-]{11}/g;
const DEVICE = /^(?:tap|qvo|qvb)[0-9a-f-]{11}$/;
function candidateTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function abstractIdentity(text: string, e: InstanceEndpoint, id: string | undefined): string {
  let t = text.split(e.mac).join('<mac>').split(`"${e.ip}/`).join('"<ip>/').split(`"${e.ip}"`).join('"<ip>"');
  t = t.split(`${e.ip}/32`).join('<ip>/32');
  if (id) t = t.split(id).join('<id>').split(id.slice(0, 10)).join('<id>');
  return t.split(`"${e.name}"`).join('"<name>"');
}
