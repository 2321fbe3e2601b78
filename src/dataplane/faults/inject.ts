import type { Dataplane, Device, FlowMatch, Namespace, OvsBridge, Rule } from '../types';
import { BRIDGE } from '../names';
import { tableNamed } from '../tables';
import { formatCidr, parseCidr } from '../../net/ipv4';
import type { Fault } from './types';
import { FaultError } from './errors';
import { takeOver } from './vrrp';
import { applyDvrFault, DVR_FAULT_KINDS, type DvrFault } from './dvr-sites';
import { applySecurityGroupFault, type SecurityGroupFault } from './sg-sites';
import { applyTrunkFault, TRUNK_FAULT_KINDS, type TrunkFault } from './trunk-sites';

export { FaultError };

/**
 * Returns a changed copy of the data plane with `fault` applied; the original is never touched.
 * A flow is replaced, never edited: one flow object may be installed on several hosts (realize
 * shares identical br-tun flows), and the copy keeps that sharing.
 */
export function inject(dp: Dataplane, fault: Fault): Dataplane {
  const copy = structuredClone(dp);
  apply(copy, fault);
  return copy;
}

function device(dp: Dataplane, host: string, name: string): Device {
  const d = dp.hosts.find((h) => h.name === host)?.devices.find((x) => x.name === name);
  if (!d) throw new FaultError(`no device ${name} on ${host}`);
  return d;
}

function ovs(dp: Dataplane, host: string, name: string): OvsBridge {
  const d = device(dp, host, name);
  if (d.kind !== 'ovs') throw new FaultError(`${name} on ${host} is not an OVS bridge`);
  return d;
}

function ns(dp: Dataplane, host: string, name: string): Namespace {
  const d = device(dp, host, name);
  if (d.kind !== 'namespace') throw new FaultError(`${name} on ${host} is not a namespace`);
  return d;
}

function includes(m: FlowMatch, want: FlowMatch): boolean {
  return Object.entries(want).every(([k, v]) => m[k as keyof FlowMatch] === v);
}

function flowIndex(br: OvsBridge, table: number, match: FlowMatch, host: string): number {
  const i = br.flows.findIndex((f) => f.table === table && includes(f.match, match));
  if (i < 0) throw new FaultError(`no flow in ${br.name}@${host} table ${table} matching ${JSON.stringify(match)}`);
  return i;
}

/** The iptables_hybrid egress chain (`neutron-openvswi-o…`) of the port behind `tap`. */
function egressChain(dp: Dataplane, host: string, tap: string): Rule[] {
  const root = ns(dp, host, 'root');
  const chain = Object.entries(root.netfilter.tables.filter ?? {}).find(([name]) => name.startsWith('neutron-openvswi-o') && name.endsWith(tap.slice(3, 13)));
  if (!chain) throw new FaultError(`no security-group egress chain for ${tap} on ${host}`);
  return chain[1];
}

function apply(dp: Dataplane, f: Fault): void {
  switch (f.kind) {
    case 'port-vlan': {
      const br = dp.hosts.find((h) => h.name === f.host)?.devices.find((d): d is OvsBridge => d.kind === 'ovs' && d.ports.some((p) => p.name === f.port));
      if (!br) throw new FaultError(`no OVS port ${f.port} on ${f.host}`);
      br.ports.find((p) => p.name === f.port)!.tag = f.vlan;
      return;
    }
    case 'flow-missing': {
      const br = ovs(dp, f.host, f.bridge);
      br.flows.splice(flowIndex(br, f.table, f.match, f.host), 1);
      return;
    }
    case 'flow-wrong': {
      const br = ovs(dp, f.host, f.bridge);
      const i = flowIndex(br, f.table, f.match, f.host);
      br.flows[i] = { ...br.flows[i], actions: f.actions };
      return;
    }
    case 'vni-mapping': {
      const br = ovs(dp, f.host, 'br-tun');
      const i = br.flows.findIndex((x) => x.match.tunId === f.vni && x.actions.some((a) => a.type === 'mod_vlan_vid'));
      if (i < 0) throw new FaultError(`br-tun@${f.host} has no flow for VNI ${f.vni}`);
      const flow = br.flows[i];
      br.flows[i] = { ...flow, actions: flow.actions.map((a) => (a.type === 'mod_vlan_vid' ? { type: 'mod_vlan_vid', vlan: f.vlan } : a)) };
      return;
    }
    case 'tunnel-port-missing': {
      const br = ovs(dp, f.host, 'br-tun');
      const i = br.ports.findIndex((p) => p.name === f.port);
      if (i < 0) throw new FaultError(`br-tun@${f.host} has no port ${f.port}`);
      br.ports.splice(i, 1);
      return;
    }
    case 'stale-flood': {
      const br = ovs(dp, f.host, 'br-tun');
      const i = flowIndex(br, 22, { vlan: f.vlan }, f.host);
      const flow = br.flows[i];
      if (!flow.actions.some((a) => a.type === 'output' && a.port === f.port)) throw new FaultError(`flood list of VLAN ${f.vlan} on ${f.host} has no ${f.port}`);
      br.flows[i] = { ...flow, actions: flow.actions.filter((a) => !(a.type === 'output' && a.port === f.port)) };
      return;
    }
    case 'process-down': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.process === f.process);
      if (!l) throw new FaultError(`no ${f.process} in ${f.namespace}@${f.host}`);
      l.running = false;
      return;
    }
    case 'dhcp-host-missing': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.behaviour.kind === 'dhcp-server');
      if (!l || l.behaviour.kind !== 'dhcp-server') throw new FaultError(`no DHCP server in ${f.namespace}@${f.host}`);
      const before = l.behaviour.hosts.length;
      l.behaviour.hosts = l.behaviour.hosts.filter((h) => h.mac !== f.mac);
      if (l.behaviour.hosts.length === before) throw new FaultError(`dnsmasq in ${f.namespace} has no entry for ${f.mac}`);
      return;
    }
    case 'dhcp-lease-wrong': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.behaviour.kind === 'dhcp-server');
      const entry = l?.behaviour.kind === 'dhcp-server' ? l.behaviour.hosts.find((h) => h.mac === f.mac && h.ip === f.from) : undefined;
      if (!entry) throw new FaultError(`dnsmasq in ${f.namespace}@${f.host} has no entry ${f.mac},${f.from}`);
      entry.ip = f.to;
      return;
    }
    case 'interface-missing': {
      const space = ns(dp, f.host, f.namespace);
      const i = space.interfaces.findIndex((x) => x.name === f.iface);
      if (i < 0) throw new FaultError(`${f.namespace}@${f.host} has no interface ${f.iface}`);
      space.interfaces.splice(i, 1);
      space.routes = space.routes.filter((r) => r.dev !== f.iface);
      return;
    }
    case 'interface-down': {
      const iface = ns(dp, f.host, f.namespace).interfaces.find((x) => x.name === f.iface);
      if (!iface) throw new FaultError(`${f.namespace}@${f.host} has no interface ${f.iface}`);
      if (!iface.up) throw new FaultError(`${f.iface} in ${f.namespace}@${f.host} is already down`);
      iface.up = false;
      return;
    }
    case 'rule-missing': {
      const chain = ns(dp, f.host, f.namespace).netfilter.tables[f.table]?.[f.chain];
      const i = chain?.findIndex((r) => r.target.type === f.target) ?? -1;
      if (!chain || i < 0) throw new FaultError(`no ${f.target} rule in ${f.table} ${f.chain} of ${f.namespace}@${f.host}`);
      chain.splice(i, 1);
      return;
    }
    case 'instance-route': {
      const guest = ns(dp, f.host, f.instance);
      guest.routes.unshift({ destination: f.destination, via: f.via, dev: guest.interfaces[0].name, proto: 'static' });
      return;
    }
    case 'sg-drop': {
      egressChain(dp, f.host, f.tap).unshift({ match: { proto: f.proto, ...(f.dport !== undefined ? { dport: f.dport } : {}) }, target: { type: 'DROP' }, comment: 'injected: security group drops this traffic' });
      return;
    }
    case 'ovs-sg-drop': {
      const br = ovs(dp, f.host, BRIDGE.integration);
      const table = tableNamed(br, 'BASE_EGRESS');
      if (table === undefined || !br.flows.some((x) => x.table === table && x.match.inPort === f.tap)) {
        throw new FaultError(`no openvswitch-firewall egress flows for ${f.tap} in br-int@${f.host}`);
      }
      br.flows.unshift({
        table, priority: 100,
        match: { inPort: f.tap, ethType: 'ip', nwProto: f.proto, ...(f.dport !== undefined ? { tpDst: f.dport } : {}) },
        actions: [{ type: 'drop' }], note: 'injected: security group drops this traffic',
      });
      return;
    }
    case 'forward-drop': {
      const space = ns(dp, f.host, f.namespace);
      if (!space.interfaces.some((i) => i.name === f.iface)) throw new FaultError(`${f.namespace}@${f.host} has no interface ${f.iface}`);
      const filter = (space.netfilter.tables.filter ??= {});
      (filter.FORWARD ??= []).unshift({ match: { inIface: f.iface }, target: { type: 'DROP' }, comment: `injected: drop what is forwarded in from ${f.iface}` });
      return;
    }
    case 'established-drop': {
      egressChain(dp, f.host, f.tap).unshift({ match: { ctstate: ['ESTABLISHED'] }, target: { type: 'DROP' }, comment: 'injected: drop established connections' });
      return;
    }
    case 'prefix-drop': {
      const space = ns(dp, f.host, f.namespace);
      const filter = (space.netfilter.tables.filter ??= {});
      (filter[f.chain] ??= []).unshift({
        match: { [f.direction]: f.cidr, ctstate: ['NEW'] }, target: { type: 'DROP' },
        comment: `injected: drop new connections ${f.direction === 'src' ? 'from' : 'to'} ${f.cidr}`,
      });
      return;
    }
    case 'notrack': {
      const space = ns(dp, f.host, f.namespace);
      if (!space.interfaces.some((i) => i.name === f.iface)) throw new FaultError(`${f.namespace}@${f.host} has no interface ${f.iface}`);
      const raw = (space.netfilter.tables.raw ??= {});
      (raw.PREROUTING ??= []).unshift({ match: { inIface: f.iface }, target: { type: 'NOTRACK' }, comment: `injected: untracked from ${f.iface}` });
      return;
    }
    case 'route-missing': {
      const space = ns(dp, f.host, f.namespace);
      const i = space.routes.findIndex((r) => r.destination === f.destination && r.dev === f.dev);
      if (i < 0) throw new FaultError(`${f.namespace}@${f.host} has no route to ${f.destination} dev ${f.dev}`);
      space.routes.splice(i, 1);
      return;
    }
    case 'route-wrong': {
      const space = ns(dp, f.host, f.namespace);
      const i = space.routes.findIndex((r) => r.destination === f.destination && r.dev === f.dev && r.via !== undefined);
      if (i < 0) throw new FaultError(`${f.namespace}@${f.host} has no route to ${f.destination} via a nexthop on ${f.dev}`);
      space.routes[i] = { ...space.routes[i], via: f.via };
      return;
    }
    case 'snat-source': {
      const rules = ns(dp, f.host, f.namespace).netfilter.tables.nat?.[f.chain] ?? [];
      const hits = rules.filter((r) => r.target.type === 'SNAT' && r.target.toSource === f.from);
      if (!hits.length) throw new FaultError(`no SNAT --to-source ${f.from} in nat ${f.chain} of ${f.namespace}@${f.host}`);
      for (const r of hits) r.target = { type: 'SNAT', toSource: f.to };
      return;
    }
    case 'address-changed': {
      const iface = ns(dp, f.host, f.namespace).interfaces.find((x) => x.name === f.iface);
      const i = iface?.addresses.indexOf(f.from) ?? -1;
      if (!iface || i < 0) throw new FaultError(`${f.iface} in ${f.namespace}@${f.host} does not hold ${f.from}`);
      iface.addresses[i] = f.to;
      return;
    }
    case 'listener-port': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.process === f.process && x.port === f.from);
      if (!l) throw new FaultError(`no ${f.process} on port ${f.from} in ${f.namespace}@${f.host}`);
      l.port = f.to;
      return;
    }
    case 'dhcp-option': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.behaviour.kind === 'dhcp-server');
      const o = l?.behaviour.kind === 'dhcp-server' ? l.behaviour.options.find((x) => x.name === f.option && x.tag === f.tag) : undefined;
      if (!o) throw new FaultError(`dnsmasq in ${f.namespace}@${f.host} has no option ${f.option}`);
      if (o.value === f.value) throw new FaultError(`option ${f.option} in ${f.namespace}@${f.host} is already ${f.value}`);
      o.value = f.value;
      return;
    }
    case 'ip-forward-off': {
      const space = ns(dp, f.host, f.namespace);
      if (!space.ipForward) throw new FaultError(`${f.namespace}@${f.host} does not forward`);
      space.ipForward = false;
      return;
    }
    case 'rogue-dhcp': {
      const server = ns(dp, f.server.host, f.server.namespace).listeners.find((x) => x.behaviour.kind === 'dhcp-server');
      if (!server || server.behaviour.kind !== 'dhcp-server') throw new FaultError(`no DHCP server in ${f.server.namespace}@${f.server.host}`);
      const rogue = ns(dp, f.host, f.namespace);
      if (!rogue.interfaces.some((i) => i.addresses.some((a) => a.split('/')[0] === f.serverIp))) throw new FaultError(`${f.namespace}@${f.host} does not hold ${f.serverIp}`);
      const b = server.behaviour;
      rogue.listeners.push({
        process: 'dnsmasq', proto: 'udp', ip: '0.0.0.0', port: server.port, running: true,
        // It hands out the network's addresses with itself as the only router (no classless routes).
        behaviour: { ...structuredClone(b), serverIp: f.serverIp, options: [...b.options.filter((o) => o.name !== 'classless-static-route' && o.name !== 'router'), { name: 'router', value: f.serverIp }] },
      });
      return;
    }
    case 'address-wrong-port': {
      const space = ns(dp, f.host, f.namespace);
      const from = space.interfaces.find((x) => x.name === f.from), to = space.interfaces.find((x) => x.name === f.to);
      if (!from?.addresses.includes(f.address) || !to) throw new FaultError(`${f.namespace}@${f.host} has no ${f.address} on ${f.from}, or no ${f.to}`);
      from.addresses = from.addresses.filter((a) => a !== f.address);
      to.addresses.push(f.address);
      // The kernel's connected route goes with the address.
      const net = formatCidr(parseCidr(f.address));
      space.routes = space.routes.map((r) => (r.dev === f.from && r.proto === 'kernel' && r.destination === net ? { ...r, dev: f.to } : r));
      return;
    }
    case 'vrrp-split-brain':
      takeOver(dp, f.namespace, f.host, false);
      return;
    case 'relay-target': {
      const l = ns(dp, f.host, f.namespace).listeners.find((x) => x.process === f.process && x.behaviour.kind === 'relay');
      if (!l) throw new FaultError(`no relaying ${f.process} in ${f.namespace}@${f.host}`);
      l.behaviour = { kind: 'relay', to: { ...f.to } };
      return;
    }
    default:
      applyModeFault(dp, f);
  }
}

const DVR_KINDS: ReadonlySet<string> = new Set(DVR_FAULT_KINDS);
const TRUNK_KINDS: ReadonlySet<string> = new Set(TRUNK_FAULT_KINDS);

/** The kinds of distributed routers, trunks and the security-group features live in their own files. */
function applyModeFault(dp: Dataplane, f: DvrFault | TrunkFault | SecurityGroupFault): void {
  if (DVR_KINDS.has(f.kind)) applyDvrFault(dp, f as DvrFault);
  else if (TRUNK_KINDS.has(f.kind)) applyTrunkFault(dp, f as TrunkFault);
  else applySecurityGroupFault(dp, f as SecurityGroupFault);
}
