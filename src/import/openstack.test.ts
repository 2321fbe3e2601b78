import { describe, expect, it } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runCheck } from '../check/run';
import { builtinInvariants } from '../invariants';
import { loadTopology } from '../model/load';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import type { Namespace, OvsBridge } from '../dataplane/types';
import { API_DUMP, CLI_DUMP, dumpWith, rows, tempDir } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

/** Imports `dir`, writes the YAML and loads it back as `netspec check --topology` would. */
function importAndLoad(dir: string) {
  const out = join(tempDir(), 'cloud.yaml');
  const result = importOpenStack(dir, { out });
  writeFileSync(out, result.yaml);
  const loaded = loadTopology(out);
  return { ...result, out, loaded, dp: simulate(loaded).dataplane };
}

const ref = referenceCloud();

describe.each([
  ['the CLI dump (examples/openstack)', CLI_DUMP],
  ['the API dump (__fixtures__/api)', API_DUMP],
])('importing %s', (_, dir) => {
  const r = importAndLoad(dir);

  it('writes a topology that loadTopology accepts, equal to the cloud the importer validated', () => {
    expect(r.loaded).toEqual(r.cloud);
  });

  it('passes every built-in invariant, as `netspec check` would', () => {
    const report = runCheck(simulate(r.loaded), builtinInvariants);
    expect(report.results.filter((x) => !x.holds).map((x) => x.invariant)).toEqual([]);
    expect(report.results.map((x) => x.invariant)).toEqual(builtinInvariants.map((i) => i.name));
    expect(report.holds).toBe(true);
  });

  it('keeps the ids, fixed IPs and MACs of the dump: networks, subnets and instances equal the reference cloud', () => {
    expect(r.loaded.networks).toEqual(ref.networks);
    expect(r.loaded.subnets).toEqual(ref.subnets);
    expect(r.loaded.security_groups).toEqual(ref.security_groups);
    expect(r.loaded.instances).toEqual(ref.instances);
    const instancePorts = (c: typeof ref) => c.ports.filter((p) => p.device_owner === 'compute:nova');
    expect(instancePorts(r.loaded)).toEqual(instancePorts(ref));
  });

  it('keeps router1: its id, gateway address, interfaces (port ids and MACs) and L3 host', () => {
    expect(r.loaded.routers).toEqual(ref.routers);
    const routerPorts = (c: typeof ref) => c.ports.filter((p) => p.device_owner.startsWith('network:router'));
    expect(routerPorts(r.loaded).map(({ name: _, ...p }) => p)).toEqual(routerPorts(ref).map(({ name: _, ...p }) => p));
  });

  it('finds the four hosts with their roles and agents, and the compute nodes\' management addresses', () => {
    expect(r.loaded.hosts.map((h) => [h.name, h.role, h.agents])).toEqual(ref.hosts.map((h) => [h.name, h.role, h.agents]));
    for (const name of ['compute1', 'compute2']) {
      expect(r.loaded.hosts.find((h) => h.name === name)!.management.ip).toBe(ref.hosts.find((h) => h.name === name)!.management.ip);
    }
    expect(r.loaded.hosts.find((h) => h.name === 'network1')!.external).toMatchObject({ physical_network: 'provider' });
  });

  it('marks placeholder management addresses in a comment above the host', () => {
    expect(r.yaml).toMatch(/# management 10\.0\.0\.\d+ is a placeholder: no management address in the dump\n {2}- name: controller/);
    expect(r.yaml).toMatch(/# management 10\.0\.0\.\d+ is a placeholder[^\n]*\n( {2}#[^\n]*\n)* {2}- name: network1/);
    expect(r.yaml).not.toMatch(/# management [^\n]*placeholder[^\n]*\n( {2}#[^\n]*\n)* {2}- name: compute1/);
  });

  it('starts with a comment and a $schema line pointing at the schema, relative to the output', () => {
    expect(r.yaml.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/);
    const schema = /^\$schema: (.+)$/m.exec(r.yaml)![1];
    expect(existsSync(resolve(dirname(r.out), schema))).toBe(true);
    expect(schema).toMatch(/src\/model\/topology\.schema\.json$/);
  });

  it('routes vm1 → vm3 through router1\'s qrouter on network1, as in the reference cloud', () => {
    const t = simulate(r.loaded).trace('vm1', 'vm3');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).toTraverse({ router: 'router1' });
  });
});

describe('importing the real Neutron 21 (Zed) capture\'s networks and ports (__fixtures__/zed-capture)', () => {
  const r = importAndLoad(join(__dirname, '__fixtures__', 'zed-capture'));
  const device = (host: string, name: string) => r.dp.hosts.find((h) => h.name === host)!.devices.find((d) => d.name === name);

  it('loads, and every built-in invariant holds', () => {
    expect(runCheck(simulate(r.loaded), builtinInvariants).holds).toBe(true);
  });

  it('reads the deployment from the agents and bindings: openvswitch firewall, no l2population, an all-in-one rp-node1', () => {
    expect(r.loaded.options).toMatchObject({ firewall_driver: 'openvswitch', l2_population: false, tunnel_type: 'vxlan' });
    expect(r.loaded.hosts.map((h) => [h.name, h.role, h.agents, h.overlay?.ip])).toEqual([
      ['rp-node1', 'compute', ['ovs', 'l3', 'dhcp', 'metadata', 'nova-compute', 'nova-metadata'], '172.31.253.1/24'],
      ['rp-node2', 'compute', ['ovs', 'nova-compute'], '172.31.253.2/24'],
    ]);
    expect(r.yaml).toContain('host_ip 172.31.253.1 is its tunnel endpoint too (one NIC)');
  });

  it('builds the devices the real nodes have (ovs-vsctl show, qrouter ip addr)', () => {
    const brInt1 = device('rp-node1', 'br-int') as OvsBridge;
    expect(brInt1.ports.map((p) => p.name)).toContain('taped7f33bf-6c');
    const brTun1 = device('rp-node1', 'br-tun') as OvsBridge;
    expect(brTun1.ports.find((p) => p.name === 'vxlan-ac1ffd02')).toMatchObject({ type: 'vxlan', localIp: '172.31.253.1', remoteIp: '172.31.253.2' });
    const qrouter = device('rp-node1', 'qrouter-97da8507-fab7-493f-94ab-ea281481c97d') as Namespace;
    expect(qrouter.interfaces.filter((i) => i.name.startsWith('qr-')).map((i) => [i.name, i.mac, i.addresses]).sort()).toEqual([
      ['qr-61d801cc-98', 'fa:16:3e:b2:64:5f', ['10.94.2.1/24']],
      ['qr-d2da39a2-d3', 'fa:16:3e:49:6c:2c', ['10.94.1.1/24']],
    ]);
    expect(device('rp-node1', 'qdhcp-6f5fa1f5-6cde-4f6d-b751-2440e31e50dd')).toBeDefined();
  });
});

describe('the ports Neutron made for its agents keep their ids and MACs (__fixtures__/api, with ids and MACs no derivation gives)', () => {
  type DumpedPort = { id: string; mac_address: string; device_owner: string; network_id: string };
  let dumped: DumpedPort[] = [];
  const dir = dumpWith(API_DUMP, (f) => {
    dumped = f['ports.json'].ports.filter((p: DumpedPort) => p.device_owner === 'network:dhcp' || p.device_owner === 'network:router_gateway');
    dumped.forEach((p, k) => Object.assign(p, { id: `0000000${k}-feed-4bad-8000-00000000000${k}`, mac_address: `fa:16:3e:00:be:0${k}` }));
  });
  const r = importAndLoad(dir);
  const ns = (prefix: string) => r.dp.hosts.flatMap((h) => h.devices).filter((d): d is Namespace => d.kind === 'namespace' && d.name.startsWith(prefix));

  it('the gateway port: the qg- device and the MAC seen upstream are the dump\'s', () => {
    const gw = dumped.filter((p) => p.device_owner === 'network:router_gateway');
    expect(gw).toHaveLength(1);
    const qg = ns('qrouter-').flatMap((n) => n.interfaces).filter((i) => i.name.startsWith('qg-'));
    expect(qg.map((i) => [i.name, i.mac])).toEqual([[`qg-${gw[0].id.slice(0, 11)}`, gw[0].mac_address]]);
  });

  it('the DHCP ports: each qdhcp namespace\'s tap device and MAC are the dump\'s', () => {
    const dhcp = dumped.filter((p) => p.device_owner === 'network:dhcp');
    expect(dhcp.length).toBeGreaterThan(0);
    const taps = ns('qdhcp-').map((n) => [n.name, n.interfaces.filter((i) => i.name.startsWith('tap')).map((i) => [i.name, i.mac])]);
    expect(taps.sort()).toEqual(dhcp.map((p) => [`qdhcp-${p.network_id}`, [[`tap${p.id.slice(0, 11)}`, p.mac_address]]]).sort());
  });
});

describe('format details', () => {
  it('reads the CLI\'s overlay addresses and bridge mappings from agent-<id>.json (`network agent show`)', () => {
    const api = importOpenStack(API_DUMP).cloud;
    const dir = dumpWith(CLI_DUMP, (files) => {
      const agents = rows(require(join(API_DUMP, 'agents.json')), 'agents');
      for (const a of agents) {
        // `network agent show -f json` prints the configurations as "configuration".
        const { configurations, ...rest } = a;
        files[`agent-${a.id}.json`] = { ...rest, configuration: configurations };
      }
    });
    const c = importAndLoad(dir).loaded;
    expect(c.hosts.map((h) => h.overlay)).toEqual(api.hosts.map((h) => h.overlay));
    expect(c.hosts.find((h) => h.name === 'network1')!.external).toEqual({ interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' });
    expect(c.options).toEqual(api.options);
  });

  it('mixes formats: the API\'s ports.json with the CLI\'s other files', () => {
    const dir = dumpWith(CLI_DUMP, (files) => { files['ports.json'] = require(join(API_DUMP, 'ports.json')); });
    const c = importAndLoad(dir).loaded;
    expect(c.instances).toEqual(ref.instances);
    expect(c.routers[0].host).toBe('network1');
  });

  it('accepts the CLI\'s human-readable forms (older clients): UP/DOWN, External, net=ip; net2=ip', () => {
    const dir = dumpWith(CLI_DUMP, (files) => {
      for (const n of files['networks.json']) { n.State = 'UP'; n['Router Type'] = n['Router Type'] ? 'External' : 'Internal'; }
      for (const s of files['servers.json']) {
        s.Networks = Object.entries(s.Networks as Record<string, string[]>).map(([k, v]) => `${k}=${v.join(', ')}`).join('; ');
      }
      for (const a of files['agents.json']) { a.Alive = ':-)'; a.State = 'UP'; }
    });
    expect(importAndLoad(dir).loaded.instances).toEqual(ref.instances);
  });

  it('maps fully qualified hypervisor hostnames to the agents\' host names', () => {
    const dir = dumpWith(CLI_DUMP, (files) => {
      for (const h of files['hypervisors.json']) h['Hypervisor Hostname'] = `${h['Hypervisor Hostname']}.example.org`;
      for (const s of files['servers.json']) s.Host = `${s.Host}.example.org`;
    });
    const c = importAndLoad(dir).loaded;
    expect(c.hosts.map((h) => h.name)).toEqual(['controller', 'network1', 'compute1', 'compute2']);
    expect(c.instances.map((i) => i.host)).toEqual(ref.instances.map((i) => i.host));
  });

  it('leaves out floating IPs and IPv6 subnets, saying so in the header', () => {
    const dir = dumpWith(API_DUMP, (files) => {
      const vm1 = files['servers.json'].servers[0];
      vm1.addresses.selfservice1.push({ version: 4, addr: '203.0.113.104', 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:57:42:ee' });
      const net = files['networks.json'].networks[0];
      files['subnets.json'].subnets.push({
        ...files['subnets.json'].subnets[0], id: 'd7f1e3a2-6b4c-4e8f-9a1d-2c3b4a5f6e70', name: 'selfservice1-v6', ip_version: 6,
        cidr: 'fd00:1::/64', gateway_ip: 'fd00:1::1', allocation_pools: [{ start: 'fd00:1::2', end: 'fd00:1::ffff' }], network_id: net.id,
      });
      files['ports.json'].ports.find((p: { device_id: string }) => p.device_id === vm1.id).fixed_ips.push({ subnet_id: 'd7f1e3a2-6b4c-4e8f-9a1d-2c3b4a5f6e70', ip_address: 'fd00:1::11' });
      const gw = files['ports.json'].ports.find((p: { device_owner: string }) => p.device_owner === 'network:router_gateway');
      files['ports.json'].ports.push({ ...gw, id: 'f1f1f1f1-0000-4000-8000-000000000000', device_owner: 'network:floatingip', device_id: 'f2f2f2f2-0000-4000-8000-000000000000',
        fixed_ips: [{ subnet_id: gw.fixed_ips[0].subnet_id, ip_address: '203.0.113.104' }], mac_address: 'fa:16:3e:f1:f1:f1' });
    });
    const r = importAndLoad(dir);
    expect(r.loaded.instances).toEqual(ref.instances);
    expect(r.yaml).toContain('floating IP 203.0.113.104 left out (save `openstack floating ip list --long -f json` as floatingips.json to import it)');
    expect(r.yaml).toContain('1 port(s) with device_owner network:floatingip left out: not modelled');
    expect(r.yaml).toContain('subnet d7f1e3a2-6b4c-4e8f-9a1d-2c3b4a5f6e70 (selfservice1-v6) is IPv6');
  });

  it('imports floatingips.json: an associated floating IP on its instance port, an unassociated one noted and left out', () => {
    const dir = dumpWith(API_DUMP, (files) => {
      const vm1 = files['servers.json'].servers[0];
      const port = files['ports.json'].ports.find((p: { device_id: string }) => p.device_id === vm1.id);
      const provider = files['networks.json'].networks.find((n: { 'router:external': boolean }) => n['router:external']);
      vm1.addresses.selfservice1.push({ version: 4, addr: '203.0.113.104', 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': port.mac_address });
      files['floatingips.json'] = { floatingips: [
        { id: 'f1f1f1f1-0000-4000-8000-000000000001', floating_ip_address: '203.0.113.104', floating_network_id: provider.id, port_id: port.id, fixed_ip_address: port.fixed_ips[0].ip_address },
        { id: 'f1f1f1f1-0000-4000-8000-000000000002', floating_ip_address: '203.0.113.105', floating_network_id: provider.id, port_id: null, fixed_ip_address: null },
      ] };
    });
    const r = importAndLoad(dir);
    const vm1Port = r.loaded.instances.find((i) => i.name === 'vm1')!.ports[0];
    expect(r.loaded.floatingips).toEqual([expect.objectContaining({ floating_ip_address: '203.0.113.104', port_id: vm1Port, fixed_ip_address: '192.168.1.11', router_id: r.loaded.routers[0].id })]);
    expect(r.yaml).toContain('floating IP f1f1f1f1-0000-4000-8000-000000000002 (203.0.113.105) is associated with no port: left out');
    expect(r.yaml).not.toContain('203.0.113.104 left out');
    expect(simulate(r.loaded).trace('internet', 'vm1').flow.dst).toBe('203.0.113.104');
  });

  it('detects the openvswitch firewall driver from the ports\' bindings (ovs_hybrid_plug false)', () => {
    const dir = dumpWith(API_DUMP, (files) => {
      for (const p of files['ports.json'].ports) p['binding:vif_details'].ovs_hybrid_plug = false;
      for (const a of files['agents.json'].agents) if (a.configurations.ovs_hybrid_plug !== undefined) a.configurations.ovs_hybrid_plug = false;
    });
    expect(importAndLoad(dir).loaded.options.firewall_driver).toBe('openvswitch');
  });

  it('names unnamed and duplicate-named resources uniquely, noting it', () => {
    const dir = dumpWith(API_DUMP, (files) => {
      files['subnets.json'].subnets[0].name = '';
      files['networks.json'].networks[1].name = 'selfservice1';
      // Nova names a server's addresses by network name, so vm3's and vm4's say selfservice1 too.
      for (const srv of files['servers.json'].servers) {
        if (srv.addresses.selfservice2) srv.addresses = { selfservice1: srv.addresses.selfservice2 };
      }
    });
    const r = importAndLoad(dir);
    expect(r.loaded.subnets[0].name).toBe('subnet-0cf87e25');
    expect(r.loaded.networks.map((n) => n.name)).toEqual(['selfservice1', 'selfservice1-2634db15', 'provider1']);
    expect(r.notes.join('\n')).toContain('(selfservice1) is named selfservice1-2634db15 (its name is not unique)');
  });
});

describe('faults written into the dump', () => {
  it('a router interface removed (the API\'s port gone): the import succeeds, and vm1 → vm3 no longer reaches vm3', () => {
    const dir = dumpWith(API_DUMP, (files) => {
      files['ports.json'].ports = files['ports.json'].ports.filter((p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0].ip_address !== '192.168.2.1');
    });
    const sim = simulate(importAndLoad(dir).loaded);
    expect(sim.cloud.routers[0].interfaces).toHaveLength(1);
    const t = sim.trace('vm1', 'vm3');
    expect(t.disposition.kind).not.toBe('delivered');
    expect(() => expect(t).toBeDeliveredTo('vm3')).toThrow(/qrouter-b57de879/);
  });
});
