/**
 * Hosts and deployment options from the agents (`network agent list`), the hypervisors, the
 * compute services and the metadata agent's configuration. Neither Neutron nor Nova reports a
 * host's management address with its prefix (Nova's host_ip is a bare address; only the OVS
 * agent's tunneling_ip is reported, and only by the API), so what is missing is derived
 * deterministically and said so in the file's header.
 */
import type { Agent, HostRole } from '../model/types';
import type { HostSpec, OptionsSpec } from '../model/spec';
import { DEFAULT_AGENTS } from '../model/defaults';
import { formatIp, isIpv4, parseIp } from '../net/ipv4';
import type { AgentConfigs, Setting } from './agent-configs';
import { bool, isObj, num, str, strList } from './dump';
import { iniList } from './ini';
import type { Issues, Source } from './issues';
import type { AgentRec, Records } from './records';

/** A Map, not an object: an agent type named `constructor` must miss, not find Object's. */
const AGENT_TYPES = new Map<string, Agent>(Object.entries({
  'Open vSwitch agent': 'ovs', 'L3 agent': 'l3', 'DHCP agent': 'dhcp', 'Metadata agent': 'metadata',
}));
/** Agents of other mechanism drivers: the dump is not of an ML2/OVS cloud. */
const FOREIGN = /^(Linux bridge agent|OVN |Macvtap agent)/;
const CONTROL_SERVICES = new Set(['nova-conductor', 'nova-scheduler', 'nova-api', 'nova-api-metadata']);

export interface HostInfo {
  name: string;
  agents: Set<Agent>;
  controller: boolean;
  /** Bare addresses as reported (no prefix). */
  management?: string;
  tunnelingIp?: string;
  /** bridge_mappings; undefined when no configuration was reported. */
  bridgeMappings?: Map<string, string>;
  /** Where bridge_mappings came from, when from a configuration file. */
  bridgeMappingsSrc?: Source;
  /** The L3 agent's agent_mode when not legacy. */
  agentMode?: 'dvr' | 'dvr_snat';
  /** The OVS agent's enable_distributed_routing, where reported, and where from. */
  distributedRouting?: { on: boolean; src: Source };
  src: Source;
  notes: string[];
}

export interface HostsDraft {
  hosts: Map<string, HostInfo>;
  options: OptionsSpec;
  /** Tunnel types the OVS agents run ([agent] tunnel_types), whatever the networks use. */
  agentTunnelTypes: string[];
  /** The host a hypervisor hostname or compute service host names. */
  resolve(name: string): string | undefined;
}

const short = (h: string) => h.split('.')[0];

/** A value both reported by the API and set in a configuration file: the file's, unless they differ. */
function either<T>(api: T | undefined, file: Setting<T> | undefined, a: AgentRec, key: string, issues: Issues): T | undefined {
  if (file && api !== undefined && !sameValue(api, file.value)) {
    issues.add(file.src, 'contradiction', `${key} is ${show(file.value)} here but ${a.src.what} reports ${show(api)} (${a.src.file})`);
  }
  return file ? file.value : api;
}
const show = (v: unknown) => (v instanceof Map ? [...v].map(([k, x]) => `${k}:${x}`).join(',') || '(none)' : Array.isArray(v) ? v.join(',') || '(none)' : String(v));
const sameValue = (a: unknown, b: unknown) => show(a) === show(b);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function collectHosts(recs: Records, issues: Issues, notes: string[], configs: AgentConfigs): HostsDraft {
  const hosts = new Map<string, HostInfo>();
  const get = (name: string, src: Source): HostInfo => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { name, agents: new Set(), controller: false, src, notes: [] }));
    return h;
  };
  const resolve = (name: string): string | undefined => {
    if (hosts.has(name)) return name;
    const hits = [...hosts.keys()].filter((h) => short(h) === short(name));
    return hits.length === 1 ? hits[0] : undefined;
  };

  const ovs: AgentRec[] = [];
  const metadata: AgentRec[] = [];
  const ovsCount = recs.agents.filter((a) => a.type === 'Open vSwitch agent').length;
  const ovsIni = (host: string, section: string, key: string) => configs.get('openvswitch_agent.ini', section, key, host);
  let sharedLocalIp = false;
  for (const a of recs.agents) {
    const kind = AGENT_TYPES.get(a.type);
    if (!kind) {
      if (FOREIGN.test(a.type)) issues.add(a.src, 'unsupported', `netspec models ML2/OVS with the Open vSwitch agent, not the ${a.type}`);
      else notes.push(`${a.src.file}: ${a.src.what}: not modelled, skipped`);
      continue;
    }
    const h = get(a.host, a.src);
    h.agents.add(kind);
    if (a.alive === false) notes.push(`${a.src.file}: ${a.src.what} is not alive; modelled as running`);
    if (a.adminUp === false) notes.push(`${a.src.file}: ${a.src.what} is administratively down; modelled as running`);
    const c = a.config;
    if (kind === 'ovs') {
      ovs.push(a);
      // local_ip is a host's own address: a dump-wide file cannot give it to several hosts.
      const local = ovsIni(a.host, 'ovs', 'local_ip');
      if (local && ovsCount > 1 && !local.ownFile && !sharedLocalIp) {
        sharedLocalIp = true;
        issues.add(local.src, 'contradiction', `local_ip is one host's address, but ${ovsCount} hosts run the Open vSwitch agent: put each host's openvswitch_agent.ini in a directory named after it (DIR/${a.host}/)`);
      }
      const ip = either(str(c?.tunneling_ip), local && (ovsCount === 1 || local.ownFile) ? local : undefined, a, 'local_ip (tunneling_ip)', issues);
      if (ip && isIpv4(ip)) h.tunnelingIp = ip;
      else if (ip) issues.add(local?.src ?? a.src, 'unsupported', `tunneling_ip ${ip} is not IPv4; netspec models an IPv4 underlay`);
      const mapIni = ovsIni(a.host, 'ovs', 'bridge_mappings');
      const mappings = either(c?.bridge_mappings !== undefined ? bridgeMappings(c.bridge_mappings) : undefined, mapIni && { ...mapIni, value: bridgeMappings(mapIni.value) }, a, 'bridge_mappings', issues);
      if (mappings) { h.bridgeMappings = mappings; if (mapIni) h.bridgeMappingsSrc = mapIni.src; }
      const dvrIni = configs.bool('openvswitch_agent.ini', 'agent', 'enable_distributed_routing', a.host);
      const reported = c?.enable_distributed_routing !== undefined || c?.in_distributed_mode !== undefined || dvrIni !== undefined;
      const on = either(bool(c?.enable_distributed_routing) || bool(c?.in_distributed_mode), dvrIni, a, 'enable_distributed_routing', issues);
      if (reported) h.distributedRouting = { on: !!on, src: dvrIni?.src ?? a.src };
    }
    if (kind === 'l3') {
      const modeIni = configs.get('l3_agent.ini', 'DEFAULT', 'agent_mode', a.host);
      const mode = either(str(c?.agent_mode), modeIni, a, 'agent_mode', issues);
      if (mode === 'dvr' || mode === 'dvr_snat') h.agentMode = mode;
      else if (mode && mode !== 'legacy') issues.add(modeIni?.src ?? a.src, 'unsupported', `agent_mode ${mode}; netspec models legacy, dvr and dvr_snat L3 agents`);
    }
    if (kind === 'metadata') metadata.push(a);
  }

  // netspec gives a host the OVS agent's DVR tables exactly when its L3 agent is in a DVR mode, as the DVR guide configures both.
  for (const h of hosts.values()) {
    const d = h.distributedRouting;
    if (d && d.on !== (h.agentMode !== undefined)) {
      issues.add(d.src, 'unsupported', `enable_distributed_routing is ${d.on ? 'on' : 'off'} but the L3 agent's agent_mode is ${h.agentMode ?? (h.agents.has('l3') ? 'legacy' : 'not set (no L3 agent)')}; netspec models DVR hosts with both, as the DVR guide configures them`);
    }
  }

  // The L3 and DHCP agents plug their ports into the OVS agent's br-int: without it they do nothing.
  for (const h of hosts.values()) {
    for (const a of ['l3', 'dhcp'] as const) {
      if (h.agents.has(a) && !h.agents.has('ovs')) {
        issues.add(h.src, 'unsupported', `host ${h.name} runs the ${a === 'l3' ? 'L3' : 'DHCP'} agent but no Open vSwitch agent, whose br-int it plugs its ports into`);
      }
    }
  }

  for (const s of recs.services ?? []) {
    if (s.binary === 'nova-compute') get(s.host, s.src).agents.add('nova-compute');
    else if (CONTROL_SERVICES.has(s.binary)) get(s.host, s.src).controller = true;
  }

  // Without Nova's files, a hypervisor is a host some instance port is bound to.
  if (!recs.hypervisors) {
    notes.push('no hypervisors.json: the hypervisors are the hosts instance ports are bound to (binding:host_id)');
    for (const p of recs.ports) if (p.owner?.startsWith('compute:') && p.host) get(resolve(p.host) ?? p.host, p.src).agents.add('nova-compute');
    for (const s of recs.servers ?? []) if (s.host) get(resolve(s.host) ?? s.host, s.src).agents.add('nova-compute');
  }
  for (const hv of recs.hypervisors ?? []) {
    const name = hv.serviceHost ?? resolve(hv.hostname) ?? hv.hostname;
    const h = get(name, hv.src);
    h.agents.add('nova-compute');
    if (hv.hostIp !== undefined) {
      if (isIpv4(hv.hostIp)) h.management = hv.hostIp;
      else issues.add(hv.src, 'unsupported', `host_ip ${hv.hostIp} is not IPv4; netspec models an IPv4 management network`);
    }
    if (hv.state && hv.state !== 'up') notes.push(`${hv.src.file}: ${hv.src.what} is ${hv.state}; modelled as up`);
  }

  const options: OptionsSpec = {};
  // Deployment-wide settings the OVS agents report; the model has one value for the whole cloud.
  const agree = <T>(key: string, values: { v: T | undefined; a: AgentRec }[], set: (v: T) => void) => {
    const known = values.filter((x): x is { v: T; a: AgentRec } => x.v !== undefined);
    const first = known[0];
    if (!first) return;
    const other = known.find((x) => x.v !== first.v);
    if (other) {
      issues.add(other.a.src, 'contradiction', `${key} is ${String(other.v)} here but ${String(first.v)} on ${first.a.host}; netspec models one value for the whole cloud`);
    } else set(first.v);
  };
  const agentBool = (file: 'openvswitch_agent.ini', section: string, key: string, apiKey: string) =>
    ovs.map((a) => ({ v: either(bool(a.config?.[apiKey]), configs.bool(file, section, key, a.host), a, key, issues), a }));
  agree('l2_population', agentBool('openvswitch_agent.ini', 'agent', 'l2_population', 'l2_population'), (v) => { options.l2_population = v; });
  agree('arp_responder', agentBool('openvswitch_agent.ini', 'agent', 'arp_responder', 'arp_responder_enabled'), (v) => { if (v) options.arp_responder = v; });
  if (ovs.length && options.l2_population === undefined) notes.push('l2_population not reported (no agent configurations or openvswitch_agent.ini): true assumed, as the install guides set it');
  const agentTunnelTypes = [...new Set(ovs.flatMap((a) => {
    const ini = ovsIni(a.host, 'agent', 'tunnel_types');
    return either(strList(a.config?.tunnel_types), ini && { ...ini, value: iniList(ini.value) }, a, 'tunnel_types', issues) ?? [];
  }))];

  // Nova's metadata API: each metadata agent's nova_metadata_host (its file, else its report),
  // else the controller's services. A loopback address is the agent's own node.
  const novaHosts = metadata.map((a) => {
    const ini = configs.get('metadata_agent.ini', 'DEFAULT', 'nova_metadata_host', a.host);
    return { v: either(str(a.config?.nova_metadata_host), ini, a, 'nova_metadata_host', issues), a, src: ini?.src ?? a.src };
  }).filter((x) => x.v !== undefined && x.v !== '');
  agree('nova_metadata_port', metadata.map((a) => ({
    v: either(num(a.config?.nova_metadata_port), configs.port('metadata_agent.ini', 'DEFAULT', 'nova_metadata_port', a.host), a, 'nova_metadata_port', issues), a,
  })), (v) => { if (v !== 8775) options.nova_metadata_port = v; });
  const outside: typeof novaHosts = [];
  const runsNova = new Set<string>();
  for (const x of novaHosts) {
    const v = x.v!;
    if (LOOPBACK.test(v)) {
      hosts.get(x.a.host)!.agents.add('nova-metadata');
      runsNova.add(x.a.host);
      notes.push(`${x.src.file}: nova_metadata_host ${v} is the metadata agent's own node: nova-api-metadata modelled on ${x.a.host}, at its own address`);
    } else if (isIpv4(v)) {
      const h = [...hosts.values()].find((y) => y.management === v || y.tunnelingIp === v);
      if (h) { h.agents.add('nova-metadata'); runsNova.add(h.name); } else outside.push(x);
    } else {
      const name = resolve(v) ?? v;
      const h = get(name, x.src);
      h.agents.add('nova-metadata');
      runsNova.add(name);
      if (h.src === x.src) {
        h.controller = true;
        notes.push(`host ${name}: known only as the metadata agent's nova_metadata_host; added as the controller running nova-api-metadata`);
      }
    }
  }
  const other = outside.find((x) => x.v !== outside[0]?.v);
  if (other) issues.add(other.src, 'contradiction', `nova_metadata_host is ${other.v} here but ${outside[0].v} on ${outside[0].a.host}; netspec models one value for the whole cloud`);
  else if (outside.length && !runsNova.size) options.nova_metadata_host = outside[0].v;
  else if (outside.length) notes.push(`${outside[0].src.file}: nova_metadata_host ${outside[0].v} (on ${outside[0].a.host}) is no host's address; netspec sends its requests to ${[...runsNova][0]} as well`);
  if (runsNova.size > 1) notes.push(`the metadata agents reach Nova's metadata API on ${[...runsNova].join(', ')}; netspec sends every request to one of them, the first in host order`);
  if (!novaHosts.length) {
    const controllers = [...hosts.values()].filter((h) => h.controller);
    for (const h of controllers) h.agents.add('nova-metadata');
    if (controllers.length) notes.push(`nova-api-metadata assumed on ${controllers.map((h) => h.name).join(', ')} (nova-conductor/nova-scheduler run there; no metadata agent configuration names nova_metadata_host)`);
  }
  const nova = options.nova_metadata_host !== undefined
    || [...hosts.values()].some((h) => h.agents.has('nova-metadata') || h.controller || roleOf(h) === 'controller');
  if (!nova) {
    issues.add({ file: recs.agents[0]?.src.file ?? 'agents.json', what: '(Nova metadata API)' }, 'missing-field',
      'cannot tell where Nova\'s metadata API runs: no Metadata agent reports nova_metadata_host (the CLI\'s agent list has no configuration: '
      + 'add agent-<id>.json from `openstack network agent show -f json <id>` of a Metadata agent), and no services.json '
      + '(`openstack compute service list -f json`) shows the controller');
  }
  for (const d of configs.hostDirs) {
    if (!hosts.has(d)) issues.add({ file: `${configs.dirOf(d)}`, what: '(directory)' }, 'unknown-reference', `configuration files for host ${d}, but no agent in agents.json runs on a host of that name`);
  }
  return { hosts, options, agentTunnelTypes, resolve };
}

export function bridgeMappings(v: unknown): Map<string, string> {
  if (isObj(v)) return new Map(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (typeof v === 'string') return new Map(v.split(',').map((m) => m.trim().split(':') as [string, string]).filter((m) => m.length === 2));
  return new Map();
}

const ROLE_ORDER: HostRole[] = ['controller', 'network', 'compute'];
function roleOf(h: HostInfo): HostRole {
  if (h.agents.has('nova-compute')) return 'compute';
  if (['ovs', 'l3', 'dhcp', 'metadata'].some((a) => h.agents.has(a as Agent))) return 'network';
  return 'controller';
}
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Placeholder candidates: the /24 from .201 up, then its low addresses, then the rest of its /16. */
function* candidates(base: number): Generator<number> {
  for (let k = 201; k < 255; k++) yield base + k;
  for (let k = 2; k < 201; k++) yield base + k;
  const b16 = (base & 0xffff0000) >>> 0;
  for (let j = 0; j < 256; j++) {
    const net = b16 + j * 256;
    if (net === base) continue;
    for (let k = 1; k < 255; k++) yield net + k;
  }
}
/**
 * Free placeholder addresses in the /24 of `base` (clear of low static addresses), then in its
 * /16, so a cloud of thousands of hosts still gets one each; undefined once the /16 is used up.
 * One cursor over the candidates: allocation is linear in the hosts, not quadratic.
 */
export function allocator(base: number, used: Set<number>): (preferred?: number) => number | undefined {
  const next = candidates(base);
  return (preferred) => {
    if (preferred !== undefined && !used.has(base + preferred)) { used.add(base + preferred); return base + preferred; }
    for (let c = next.next(); !c.done; c = next.next()) if (!used.has(c.value)) { used.add(c.value); return c.value; }
    return undefined;
  };
}
const slash24 = (ip: string) => (parseIp(ip) & 0xffffff00) >>> 0;
/** The /24 most addresses fall in, or undefined. */
function commonNet(ips: string[]): number | undefined {
  const count = new Map<number, number>();
  for (const ip of ips) count.set(slash24(ip), (count.get(slash24(ip)) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}
/** The longest prefix (at most /24) holding every address, so the hosts share one segment. */
function coveringPrefix(ips: string[]): number {
  let prefix = 24;
  if (!ips.length) return prefix;
  const nums = ips.map(parseIp);
  while (prefix > 8 && new Set(nums.map((n) => (n >>> (32 - prefix)))).size > 1) prefix--;
  return prefix;
}
/** A 10.0.k.0/24 that is none of `taken`. */
function freeNet(taken: (number | undefined)[]): number {
  for (let k = 0; ; k++) {
    const n = parseIp(`10.0.${k}.0`);
    if (!taken.includes(n)) return n;
  }
}

export interface FinishInput {
  /** Some network is VXLAN/GRE, so every OVS host needs a tunnel endpoint. */
  tunnels: boolean;
  /** Physical networks some flat/VLAN network uses. */
  usedPhysnets: Set<string>;
  /** Physical networks a host must bridge, derived from router gateways and instance ports. */
  neededPhysnets: Map<string, Set<string>>;
}

/** HostSpecs in role order (controllers, network, compute), with placeholders where needed. */
export function finishHosts(draft: HostsDraft, input: FinishInput, issues: Issues, notes: string[]): { specs: HostSpec[]; sources: Source[] } {
  const infos = [...draft.hosts.values()].sort((a, b) => ROLE_ORDER.indexOf(roleOf(a)) - ROLE_ORDER.indexOf(roleOf(b)) || byName(a.name, b.name));

  // A host whose one NIC carries both management and tunnels: the model has two NICs, so the
  // management address moves to a placeholder network.
  const why = new Map<HostInfo, string>();
  for (const h of infos) {
    if (h.management && h.management === h.tunnelingIp) {
      why.set(h, `host_ip ${h.management} is its tunnel endpoint too (one NIC), and netspec models separate management and overlay NICs`);
      h.management = undefined;
    }
  }
  const overlayKnown = infos.flatMap((h) => (h.tunnelingIp ? [h.tunnelingIp] : []));
  const mgmtKnown = infos.flatMap((h) => (h.management ? [h.management] : []));
  const mgmtBase = commonNet(mgmtKnown) ?? freeNet([commonNet(overlayKnown)]);
  const mgmtUsed = new Set(mgmtKnown.map(parseIp));
  const nextMgmt = allocator(mgmtBase, mgmtUsed);
  const overlayBase = commonNet(overlayKnown) ?? freeNet([mgmtBase]);
  const overlayUsed = new Set(overlayKnown.map(parseIp));
  const nextOverlay = allocator(overlayBase, overlayUsed);
  const exhausted = (h: HostInfo, what: string, base: number) => issues.add(h.src, 'unsupported',
    `no placeholder ${what} address left for host ${h.name}: every address of ${formatIp((base & 0xffff0000) >>> 0)}/16 is taken; add the hosts' addresses to the dump`);

  const specs: HostSpec[] = [];
  const sources: Source[] = [];
  for (const h of infos) {
    const role = roleOf(h);
    const agents = [...h.agents].sort((a, b) => AGENT_ORDER.indexOf(a) - AGENT_ORDER.indexOf(b));
    const defaults = DEFAULT_AGENTS[role];
    const spec: HostSpec = {
      name: h.name, role,
      ...((agents.length !== defaults.length || agents.some((a) => !defaults.includes(a))) && { agents }),
      management: { ip: '' },
      ...(h.agentMode && { agent_mode: h.agentMode }),
    };
    let mgmt = h.management;
    if (!mgmt) {
      const ip = nextMgmt();
      if (ip === undefined) { exhausted(h, 'management', mgmtBase); continue; }
      mgmt = formatIp(ip);
      h.notes.push(`management ${mgmt} is a placeholder: ${why.get(h) ?? 'no management address in the dump'}`);
    }
    spec.management = { ip: mgmt };

    if (h.agents.has('ovs') && (h.tunnelingIp || input.tunnels)) {
      let ip = h.tunnelingIp;
      if (!ip) {
        const n = nextOverlay(parseIp(mgmt) & 255);
        if (n === undefined) { exhausted(h, 'overlay', overlayBase); continue; }
        ip = formatIp(n);
        h.notes.push(`overlay ${ip} is a placeholder: no tunneling_ip in the dump (agent-<id>.json, from \`openstack network agent show -f json <id>\` of its OVS agent, has it)`);
      }
      spec.overlay = { ip };
    }

    if (h.agents.has('ovs')) {
      let physnet: string | undefined;
      let bridge: string | undefined;
      if (h.bridgeMappings) {
        const used = [...h.bridgeMappings.keys()].filter((p) => input.usedPhysnets.has(p));
        if (used.length > 1) {
          issues.add(h.bridgeMappingsSrc ?? h.src, 'unsupported', `host ${h.name} bridges physical networks ${used.join(', ')}; netspec models one bridge mapping per host`);
        }
        // The agent builds a mapped bridge and its patch ports whether or not a network uses it, so
        // an unused mapping is kept: the one bridge the model has per host.
        const kept = used[0] ?? [...h.bridgeMappings.keys()][0];
        if (kept !== undefined) [physnet, bridge] = [kept, h.bridgeMappings.get(kept)];
        if (kept !== undefined && !used.length) h.notes.push(`bridges physical network ${kept} on ${bridge}, though no network uses it (bridge_mappings)`);
        const dropped = [...h.bridgeMappings.keys()].filter((p) => p !== kept && !used.includes(p));
        if (dropped.length) h.notes.push(`bridge_mappings ${dropped.map((p) => `${p}:${h.bridgeMappings!.get(p)}`).join(', ')} left out: netspec models one bridge mapping per host`);
      } else {
        const needed = [...(input.neededPhysnets.get(h.name) ?? [])].sort();
        if (needed.length > 1) {
          issues.add(h.src, 'unsupported', `host ${h.name} needs physical networks ${needed.join(', ')}; netspec models one bridge mapping per host`);
        }
        if (needed.length >= 1) {
          physnet = needed[0];
          h.notes.push(`bridges physical network ${physnet} (assumed: no bridge_mappings reported, but it ${h.agents.has('l3') ? 'hosts a router gateway' : 'has instance ports'} there)`);
        }
      }
      if (physnet) spec.external = { physical_network: physnet, ...(bridge && { bridge }) };
    }
    specs.push(spec);
    sources.push(h.src);
  }
  // One prefix per segment, long enough to hold every address, placeholders included.
  const mgmtPrefix = Math.min(24, coveringPrefix(specs.map((s) => s.management.ip)));
  const overlayPrefix = coveringPrefix(specs.flatMap((s) => (s.overlay ? [s.overlay.ip] : [])));
  if (mgmtKnown.length) notes.push(`management addresses from hypervisors' host_ip, which has no prefix length: /${mgmtPrefix} assumed`);
  if (overlayKnown.length) notes.push(`overlay addresses from the OVS agents' tunneling_ip, which has no prefix length: /${overlayPrefix} assumed`);
  for (const s of specs) {
    s.management.ip = `${s.management.ip}/${mgmtPrefix}`;
    if (s.overlay) s.overlay.ip = `${s.overlay.ip}/${overlayPrefix}`;
  }
  return { specs, sources };
}

const AGENT_ORDER: Agent[] = ['ovs', 'l3', 'dhcp', 'metadata', 'nova-compute', 'nova-metadata'];
