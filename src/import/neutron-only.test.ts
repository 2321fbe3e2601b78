import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../check/run';
import type { Namespace, OvsBridge } from '../dataplane/types';
import { builtinInvariants } from '../invariants';
import { loadTopology } from '../model/load';
import { simulate } from '../simulation';
import { dumpWith, tempDir } from './__fixtures__/dumps';
import { qdhcp } from '../trace/location';
import { importOpenStack } from './openstack';

/**
 * A Neutron-only dump of the real Zed cloud (__fixtures__/zed-neutron-only: the API's networks,
 * subnets, routers, ports and agents, and the agents' configuration files; nothing of Nova),
 * checked against what the real nodes ran (__fixtures__/zed-observed: `ip addr` of the qdhcp and
 * qrouter namespaces, `ovs-vsctl show` of both nodes, the dnsmasq host file).
 */
const DUMP = join(__dirname, '__fixtures__', 'zed-neutron-only');
const OBSERVED = join(__dirname, '__fixtures__', 'zed-observed');
const observed = (file: string) => readFileSync(join(OBSERVED, file), 'utf8');

const out = join(tempDir(), 'cloud.yaml');
const imported = importOpenStack(DUMP, { out });
writeFileSync(out, imported.yaml);
const cloud = loadTopology(out);
const sim = simulate(cloud);
const host = (name: string) => sim.dataplane.hosts.find((h) => h.name === name)!;
const device = (h: string, name: string) => host(h).devices.find((d) => d.name === name);

/** `ip addr` output → [device, MAC] of every interface but lo. */
function ipAddrLinks(text: string): [string, string][] {
  return [...text.matchAll(/^\d+: ([^:@\s]+)[^\n]*\n\s+link\/ether ([0-9a-f:]{17})/gm)].map((m) => [m[1], m[2]]);
}
/** `ovs-vsctl show` output → the agents' ports of br-int (tap, qr-, qg-; not the lab's underlay). */
function brIntAgentPorts(text: string): string[] {
  const brInt = text.split(/^\s+Bridge /m).find((b) => b.startsWith('br-int'))!;
  return [...brInt.matchAll(/^\s+Port "?((?:tap|qr-|qg-)[^"\s]+)"?$/gm)].map((m) => m[1]).sort();
}

describe('a Neutron-only dump of a real Zed cloud (no servers.json, no hypervisors.json) with its agents\' configuration files', () => {
  it('imports without hand edits, and every built-in invariant holds, as `netspec check` would report', () => {
    const report = runCheck(sim, builtinInvariants);
    expect(report.results.filter((r) => !r.holds).map((r) => r.invariant)).toEqual([]);
    expect(report.results.map((r) => r.invariant)).toEqual(builtinInvariants.map((i) => i.name));
    expect(report.holds).toBe(true);
  });

  it('finds the instances from the compute ports: device_id, binding:host_id, the port\'s name', () => {
    expect(cloud.instances.map((i) => [i.name, i.id, i.host])).toEqual([
      ['a', '3c05a457-cea2-48c8-ba2d-91fb9f8e9886', 'rp-node1'],
      ['b', 'eed414d0-48ef-47c3-ac63-01ac380f2cc1', 'rp-node2'],
      ['c', 'a9ecf6d2-f492-476a-b1d3-9a8251e08175', 'rp-node2'],
    ]);
    expect(cloud.hosts.map((h) => [h.name, h.agents, h.overlay?.ip])).toEqual([
      ['rp-node1', ['ovs', 'l3', 'dhcp', 'metadata', 'nova-compute', 'nova-metadata'], '172.31.253.1/24'],
      ['rp-node2', ['ovs', 'nova-compute'], '172.31.253.2/24'],
    ]);
  });

  it('reads what only the configuration files say, and maps nova_metadata_host 127.0.0.1 to the metadata agent\'s own node', () => {
    expect(cloud.options).toMatchObject({
      firewall_driver: 'openvswitch', l2_population: true, arp_responder: true, tunnel_type: 'vxlan',
      enable_isolated_metadata: false, force_metadata: false, nova_metadata_port: 18775,
    });
    // Nova's metadata API is on rp-node1 itself, at an address rp-node1 owns.
    expect(cloud.options.nova_metadata_host).toBe(cloud.hosts.find((h) => h.name === 'rp-node1')!.management.ip.split('/')[0]);
    expect(imported.notes).toContainEqual(expect.stringMatching(/metadata_agent\.ini: nova_metadata_host 127\.0\.0\.1 is the metadata agent's own node/));
    expect(sim.trace('a', 'metadata')).toBeAnsweredBy('nova-metadata');
  });

  it('follows dhcp_agent.ini: with force_metadata = true there, metadata goes to the qdhcp namespace\'s proxy instead', () => {
    const dir = dumpWith(DUMP);
    writeFileSync(join(dir, 'dhcp_agent.ini'), readFileSync(join(DUMP, 'dhcp_agent.ini'), 'utf8').replace('enable_isolated_metadata = false', 'force_metadata = true'));
    const forced = simulate(importOpenStack(dir).cloud);
    expect(forced.cloud.options.force_metadata).toBe(true);
    expect(forced.trace('a', 'metadata')).toReachPort(80, { in: qdhcp('net1') });
    expect(forced.trace('a', 'metadata')).not.toReachPort(9697, { in: 'qrouter-*' });
    expect(sim.trace('a', 'metadata')).toReachPort(9697, { in: 'qrouter-*' });
  });

  it('gives the qdhcp and qrouter namespaces the devices and MACs the real nodes had (ip addr)', () => {
    const qdhcp = device('rp-node1', 'qdhcp-6f5fa1f5-6cde-4f6d-b751-2440e31e50dd') as Namespace;
    const qrouter = device('rp-node1', 'qrouter-97da8507-fab7-493f-94ab-ea281481c97d') as Namespace;
    const links = (ns: Namespace) => ns.interfaces.filter((i) => i.name !== 'lo').map((i): [string, string] => [i.name, i.mac]).sort();
    expect(links(qdhcp)).toEqual(ipAddrLinks(observed('qdhcp-net1-ip-addr.txt')).sort());
    expect(links(qrouter)).toEqual(ipAddrLinks(observed('qrouter-ip-addr.txt')).sort());
    expect(links(qdhcp)).toEqual([['tapbbac2694-dc', 'fa:16:3e:07:b8:44']]);
  });

  it('plugs the same tap and qr- ports into br-int on each node as the real agents did (ovs-vsctl show)', () => {
    for (const [node, file] of [['rp-node1', 'node1-ovs-vsctl-show.txt'], ['rp-node2', 'node2-ovs-vsctl-show.txt']]) {
      const brInt = device(node, 'br-int') as OvsBridge;
      const ours = brInt.ports.map((p) => p.name).filter((n) => /^(tap|qr-|qg-)/.test(n)).sort();
      expect(ours).toEqual(brIntAgentPorts(observed(file)));
    }
  });

  it('hands out DHCP leases with the real MACs and addresses (the dnsmasq host file)', () => {
    const hosts = observed('qdhcp-net1-host.txt').trim().split('\n').map((l) => l.split(','));
    const net1 = cloud.networks.find((n) => n.name === 'net1')!;
    for (const [mac, , ip] of hosts) {
      const port = cloud.ports.find((p) => p.network_id === net1.id && p.mac_address === mac);
      expect(port?.fixed_ips.map((f) => f.ip_address)).toEqual([ip]);
    }
  });

  it('gives dnsmasq the named options of the real opts file (the metadata route via the router, the router)', () => {
    const ns = device('rp-node1', 'qdhcp-6f5fa1f5-6cde-4f6d-b751-2440e31e50dd') as Namespace;
    const dhcp = ns.listeners.find((l) => l.process === 'dnsmasq')!.behaviour;
    const ours = dhcp.kind === 'dhcp-server' ? dhcp.options.filter((o) => o.tag).map((o) => `tag:${o.tag},option:${o.name},${o.value}`) : [];
    const real = observed('qdhcp-net1-opts.txt').trim().split('\n').filter((l) => /^tag:[^,]+,option:/.test(l));
    expect(real).toHaveLength(2);
    expect(ours.sort()).toEqual(real.sort());
  });

  it('lists what it assumed or left out in the file\'s header', () => {
    expect(imported.yaml).toContain('no servers.json: 3 instance(s) from the compute:* ports\' device_id');
    expect(imported.yaml).toContain('no hypervisors.json: the hypervisors are the hosts instance ports are bound to');
    expect(imported.yaml).toMatch(/Agent and ML2 configuration files:\n#\s+ml2_conf\.ini, dhcp_agent\.ini, l3_agent\.ini, metadata_agent\.ini,\n#\s+rp-node1\/openvswitch_agent\.ini/);
  });
});
