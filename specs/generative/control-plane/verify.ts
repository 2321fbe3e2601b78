/**
 * After every call: the spec still validates, every built-in invariant holds, and the lifecycle
 * facts of neutron-facts §3 hold for the realized data plane.
 */
import {
  builtinInvariants, normalizeCloud, simulate, TopologyError, type Cloud, type Dataplane, type Namespace,
} from 'netspec';
import { describeCloud } from '../../../src/arbitraries';
import { unexplained } from '../known-issues';
import { sharedSimulation } from '../support';
import { EXTERNAL, HA_AGENTS, type Model, type Real } from './state';

function context(r: Real, cloud?: Cloud): string {
  return `after:\n${r.log.map((l, i) => `  ${i + 1}. ${l}`).join('\n')}${cloud ? `\ncloud: ${describeCloud(cloud)}` : ''}`;
}

export function verify(m: Model, r: Real): void {
  let cloud: Cloud;
  try {
    cloud = normalizeCloud(structuredClone(r.spec), 'control-plane');
  } catch (e) {
    if (!(e instanceof TopologyError)) throw e;
    throw new Error(`the spec no longer validates:\n${e.message}\n${context(r)}`);
  }
  const sim = sharedSimulation(simulate(cloud));
  for (const invariant of builtinInvariants) {
    if (invariant.check(sim).holds || unexplained(invariant, sim).length === 0) continue;
    try {
      expect(sim).toSatisfy(invariant);
    } catch (e) {
      const others = unexplained(invariant, sim).map((v) => `  ${v.flow}: ${v.reason}`).join('\n');
      (e as Error).message = `${context(r, cloud)}\nviolations no known issue explains:\n${others}\n\n${(e as Error).message}`;
      throw e;
    }
  }
  const problems = lifecycleProblems(m, cloud, sim.dataplane);
  if (problems.length) throw new Error(`lifecycle facts broken:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${context(r, cloud)}`);
}

/** The lifecycle facts, each as a list of what breaks it. */
export function lifecycleProblems(m: Model, cloud: Cloud, dp: Dataplane): string[] {
  const out: string[] = [];
  const spaces = dp.hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace').map((ns) => ({ host: h.name, ns })));
  const idOf = (list: { name: string; id: string }[], name: string) => list.find((x) => x.name === name)!.id;

  // qrouter-: only where Neutron creates one, always where the router has a gateway or an interface.
  const routerIds = new Set<string>();
  for (const x of m.routers) {
    const id = idOf(cloud.routers, x.name);
    routerIds.add(id);
    const found = spaces.filter((s) => s.ns.name === `qrouter-${id}`);
    if (x.ha) {
      // One namespace on each agent from the router's creation, and the active agent's keepalived is its MASTER.
      if (found.map((f) => f.host).sort().join() !== HA_AGENTS.join()) out.push(`HA router ${x.name} has qrouter namespaces on [${found.map((f) => f.host).join(', ')}], expected [${HA_AGENTS.join(', ')}]`);
      const masters = found.filter((f) => f.ns.listeners.some((l) => l.behaviour.kind === 'vrrp' && l.behaviour.state === 'MASTER')).map((f) => f.host);
      if (masters.join() !== x.active) out.push(`HA router ${x.name}'s keepalived is MASTER on [${masters.join(', ')}], expected ${x.active}`);
    } else {
      const needed = x.gateway || x.interfaces.length > 0;
      if (needed && found.length !== 1) out.push(`${x.name} has ${x.gateway ? 'a gateway' : 'interfaces'} but ${found.length} qrouter namespaces`);
    }
    if (found.length && !x.scheduled) out.push(`${x.name} has a qrouter namespace but was never scheduled (created without a gateway and never updated)`);
    const host = cloud.routers.find((y) => y.id === id)!.host;
    for (const f of found) {
      if (f.host !== host && !x.ha) out.push(`${x.name}'s qrouter namespace is on ${f.host}, not on its L3 agent host ${host}`);
      const qg = f.ns.interfaces.filter((i) => i.name.startsWith('qg-')).length;
      const qr = f.ns.interfaces.filter((i) => i.name.startsWith('qr-')).length;
      if (qg !== (x.gateway ? 1 : 0)) out.push(`${x.name} has ${qg} qg- devices, expected ${x.gateway ? 1 : 0}`);
      if (qr !== x.interfaces.length) out.push(`${x.name} has ${qr} qr- devices for ${x.interfaces.length} interfaces`);
    }
  }
  for (const s of spaces) {
    if (s.ns.name.startsWith('qrouter-') && !routerIds.has(s.ns.name.slice(8))) out.push(`${s.ns.name}@${s.host} belongs to no router`);
  }

  // qdhcp-: exactly for the networks with a DHCP-enabled subnet (provider1's subnet has DHCP, the default).
  const networks = [...m.networks, { name: EXTERNAL, subnets: [{ dhcp: true }] }];
  const networkIds = new Set<string>();
  for (const n of networks) {
    const id = idOf(cloud.networks, n.name);
    networkIds.add(id);
    const found = spaces.filter((s) => s.ns.name === `qdhcp-${id}`).length;
    const dhcp = n.subnets.some((s) => s.dhcp);
    if (found !== (dhcp ? 1 : 0)) out.push(`${n.name} ${dhcp ? 'has' : 'has no'} DHCP-enabled subnet but ${found} qdhcp namespaces`);
  }
  for (const s of spaces) {
    if (s.ns.name.startsWith('qdhcp-') && !networkIds.has(s.ns.name.slice(6))) out.push(`${s.ns.name}@${s.host} belongs to no network`);
  }

  // Local VLANs: one per network with ports on the host, unique, freed when the last port leaves, reused.
  const expected = new Map<string, Set<string>>();
  const wire = (host: string, network: string) => {
    const set = expected.get(host) ?? new Set<string>();
    set.add(idOf(cloud.networks, network));
    expected.set(host, set);
  };
  for (const i of m.instances) wire(i.host, i.network);
  for (const n of networks) if (n.subnets.some((s) => s.dhcp)) wire('network1', n.name);
  const haNetwork = cloud.networks.find((n) => n.name.startsWith('HA network tenant '));
  for (const x of m.routers) {
    for (const host of x.ha ? HA_AGENTS : ['network1']) {
      for (const s of x.interfaces) wire(host, m.networks.find((n) => n.subnets.some((y) => y.name === s))!.name);
      if (x.gateway) wire(host, EXTERNAL);
      if (x.ha) wire(host, haNetwork!.name);
    }
  }
  for (const h of dp.hosts) {
    const brInt = h.devices.find((d) => d.kind === 'ovs' && d.name === 'br-int');
    if (!brInt || brInt.kind !== 'ovs') continue;
    const lv = dp.endpoints.localVlans[h.name] ?? {};
    const vlans = Object.keys(lv).map(Number);
    const nets = Object.values(lv);
    const name = (id: string) => cloud.networks.find((n) => n.id === id)?.name ?? id;
    if (new Set(nets).size !== nets.length) out.push(`${h.name} gives one network two local VLANs: ${JSON.stringify(lv)}`);
    const want = [...(expected.get(h.name) ?? [])].map(name).sort();
    const have = nets.map(name).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) out.push(`${h.name} has local VLANs for [${have.join(', ')}], expected [${want.join(', ')}]`);
    if (vlans.some((v) => v < 1 || v > 4094)) out.push(`${h.name} uses local VLANs outside 1..4094: ${vlans.join(', ')}`);
    if (vlans.length && Math.max(...vlans) > vlans.length) out.push(`${h.name} does not reuse freed local VLANs: ${vlans.join(', ')} for ${vlans.length} networks`);
    // Every port of the host sits on its own network's local VLAN.
    for (const p of cloud.ports.filter((x) => x['binding:host_id'] === h.name)) {
      const id = p.id.slice(0, 11);
      const port = brInt.ports.find((x) => [`qvo${id}`, `tap${id}`, `qr-${id}`, `qg-${id}`, `ha-${id}`].includes(x.name));
      const vlan = vlans.find((v) => lv[v] === p.network_id);
      if (!port) out.push(`${p.name} has no port on br-int@${h.name}`);
      else if (port.tag !== vlan) out.push(`${port.name}@${h.name} (${p.name}) is tagged ${port.tag}, but ${name(p.network_id)}'s local VLAN is ${vlan}`);
    }
  }
  return out;
}
