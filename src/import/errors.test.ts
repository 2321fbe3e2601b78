import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { TopologyError } from '../model/errors';
import { API_DUMP, CLI_DUMP, dumpWith, importProblems, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

type Port = { id: string; device_id: string; device_owner: string; network_id: string; fixed_ips: { subnet_id: string; ip_address: string }[] };
const VM1 = '71d2e269-5a4d-5b83-9daf-66add05f89d3';
const VM1_PORT = '5742ee20-b2e6-5646-91b8-b961255801b7';
const SELFSERVICE1_V4 = '0cf87e25-1122-5c17-bf73-adc3d4aeb1a1';
const SELFSERVICE2 = '2634db15-3399-5f61-8af2-b6dabdbfe5bb';
const ROUTER1 = 'b57de879-e553-5fde-91a2-b479bec0ca15';
const QR_SELFSERVICE2 = 'abb40a01-779d-5a81-9542-af8e143cf672';
const apiPort = (files: Record<string, Json>, id: string): Port => files['ports.json'].ports.find((p: Port) => p.id === id);
const cliRow = (rows: Json[], id: string) => rows.find((r: Json) => r.ID === id);

/** Exactly one problem, ending in `line` (file paths are of the temporary copy). */
function expectOne(dir: string, line: string) {
  const problems = importProblems(dir);
  expect(problems).toEqual([`${join(dir, line.split(': ')[0])}: ${line.split(': ').slice(1).join(': ')}`]);
}

describe('missing and unreadable files', () => {
  it('a missing directory', () => {
    expect(importProblems('no/such/dump')).toEqual(['no/such/dump: (directory): no such directory: pass the directory holding the JSON files [file]']);
  });

  it.each([
    ['ports.json', 'openstack port list --long -f json', 'GET /v2.0/ports'],
    ['agents.json', 'openstack network agent list -f json', 'GET /v2.0/agents'],
  ])('a missing %s names the command and the API call that print it', (file, cli, api) => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f[file]; });
    expectOne(dir, `${file}: (file): missing: save \`${cli}\` (or the body of ${api}) as ${file} [file]`);
  });

  it('no servers.json with the CLI\'s port list, which prints no device_id or binding:host_id to find the instances by', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['servers.json']; });
    expectOne(dir, 'ports.json: (file): no servers.json: instances are then read from the ports\' device_id and binding:host_id, which `openstack port list --long -f json` does not print: '
      + 'save the body of GET /v2.0/ports as ports.json, or save `openstack server list --long --all-projects -f json` as servers.json [missing-file]');
  });

  it('a file that is not JSON, with its line', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['subnets.json'] = '{\n  "subnets": [\n    {"id": "x",}\n  ]\n}\n'; });
    expect(importProblems(dir)).toEqual([expect.stringMatching(/subnets\.json: line 3: not JSON: .* \[syntax\]$/)]);
  });

  it('an empty file (the command failed)', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['routers.json'] = ''; });
    expectOne(dir, 'routers.json: (file): the file is empty (did the command fail?) [syntax]');
  });

  it('a file in neither format', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['networks.json'] = { network: {} }; });
    expectOne(dir, 'networks.json: (file): neither `openstack network list --long -f json` output (a JSON list) nor an API response ({"networks": [...]}); got an object with keys network [format]');
  });

  it('`openstack subnet list` without --long', () => {
    const dir = dumpWith(CLI_DUMP, (f) => {
      f['subnets.json'] = f['subnets.json'].map((s: Json) => ({ ID: s.ID, Name: s.Name, Network: s.Network, Subnet: s.Subnet }));
    });
    expectOne(dir, 'subnets.json: (file): no "Gateway", "Allocation Pools", "DHCP" column: use `openstack subnet list --long -f json` [format]');
  });

  it('`openstack server list` without the Host column (not --long, or not an admin)', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { for (const s of f['servers.json']) delete s.Host; });
    expectOne(dir, 'servers.json: (file): no "Host" column: use `openstack server list --long -f json` as an admin (the Host column) [format]');
  });

  it('a CLI network without its `network show` file (the list has no segmentation id)', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['network-selfservice2.json']; });
    expectOne(dir, `networks.json: network ${SELFSERVICE2} (selfservice2): \`openstack network list\` prints no provider:segmentation_id or provider:physical_network: save \`openstack network show -f json ${SELFSERVICE2}\` as network-selfservice2.json [missing-file]`);
  });

  it('a CLI router without its `router show` file (the list has no interfaces)', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['router-router1.json']; });
    expectOne(dir, `routers.json: router ${ROUTER1} (router1): \`openstack router list\` prints no interfaces: save \`openstack router show -f json ${ROUTER1}\` as router-router1.json [missing-file]`);
  });

  it('CLI security groups without the rules file', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['security_group_rules.json']; });
    expectOne(dir, 'security_groups.json: (file): `openstack security group list -f json` prints no rules: also save `openstack security group rule list -f json` as security_group_rules.json [missing-file]');
  });

  it('an API network without provider attributes (dumped as a non-admin)', () => {
    const dir = dumpWith(API_DUMP, (f) => {
      for (const n of f['networks.json'].networks) for (const k of Object.keys(n)) if (k.startsWith('provider:')) delete n[k];
    });
    const problems = importProblems(dir);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/networks\.json: network 32f848da-\S+ \(selfservice1\): no provider:network_type \(the provider attributes are admin-only: dump as an admin\) \[missing-field\]$/);
  });
});

describe('unknown references', () => {
  it('a port on a network that is not in networks.json', () => {
    const dir = dumpWith(API_DUMP, (f) => { apiPort(f, VM1_PORT).network_id = '9c1e0b7a-0000-4000-8000-000000000000'; });
    const problems = importProblems(dir);
    expect(problems[0]).toBe(`${join(dir, 'ports.json')}: port ${VM1_PORT} (vm1): network 9c1e0b7a-0000-4000-8000-000000000000 not found in networks.json [unknown-reference]`);
  });

  it('a fixed IP on a subnet that is not in subnets.json', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { cliRow(f['ports.json'], VM1_PORT)['Fixed IP Addresses'][0].subnet_id = 'feedface-0000-4000-8000-000000000000'; });
    expect(importProblems(dir)).toContain(
      `${join(dir, 'ports.json')}: port ${VM1_PORT} (192.168.1.11): fixed IP 192.168.1.11: subnet feedface-0000-4000-8000-000000000000 not found in subnets.json [unknown-reference]`);
  });

  it('a subnet of a network that is not in networks.json', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['subnets.json'].subnets[2].network_id = 'c0ffee00-0000-4000-8000-000000000000'; });
    expect(importProblems(dir)[0]).toMatch(/subnets\.json: subnet 20d33ea4-\S+ \(provider1-v4\): network c0ffee00-0000-4000-8000-000000000000 not found in networks\.json \[unknown-reference\]$/);
  });

  it('a compute port whose server is not in servers.json', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['servers.json'].servers.shift(); });
    expectOne(dir, `ports.json: port ${VM1_PORT} (192.168.1.11): device_id ${VM1}: server not found in servers.json [unknown-reference]`);
  });

  it('a router interface of a router that is not in routers.json', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['routers.json'].routers = []; });
    const problems = importProblems(dir);
    expect(problems).toContain(`${join(dir, 'ports.json')}: port ${QR_SELFSERVICE2} (192.168.2.1): a router interface of router ${ROUTER1}, not found in routers.json [unknown-reference]`);
    expect(problems).toContain(`${join(dir, 'ports.json')}: port 393fc587-b844-5bdd-bb4f-0b73d393068e (203.0.113.101): the gateway of router ${ROUTER1}, not found in routers.json [unknown-reference]`);
  });

  it('a router show listing a port that is not in ports.json', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { f['router-router1.json'].interfaces_info[1].port_id = 'deadbeef-0000-4000-8000-000000000000'; });
    const problems = importProblems(dir);
    expect(problems).toContain(`${join(dir, 'router-router1.json')}: router ${ROUTER1} (router1) interfaces_info[1]: port deadbeef-0000-4000-8000-000000000000 not found in ports.json [unknown-reference]`);
  });

  it('a server on a host that is neither a hypervisor nor an agent host', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['servers.json'].servers[0]['OS-EXT-SRV-ATTR:host'] = 'compute9'; });
    expectOne(dir, `servers.json: server ${VM1} (vm1): host compute9 not found in hypervisors.json or agents.json [unknown-reference]`);
  });

  it('a port using a security group that is not in security_groups.json', () => {
    const dir = dumpWith(API_DUMP, (f) => { (apiPort(f, VM1_PORT) as Json).security_groups = ['5ec0000a-0000-4000-8000-000000000000']; });
    expectOne(dir, `ports.json: port ${VM1_PORT} (vm1): security group 5ec0000a-0000-4000-8000-000000000000 not found in security_groups.json [unknown-reference]`);
  });
});

describe('missing and contradictory data', () => {
  it('a server without a host (API: OS-EXT-SRV-ATTR:host null)', () => {
    const dir = dumpWith(API_DUMP, (f) => { Object.assign(f['servers.json'].servers[0], { 'OS-EXT-SRV-ATTR:host': null, status: 'SHELVED_OFFLOADED' }); });
    expectOne(dir, `servers.json: server ${VM1} (vm1): no host: OS-EXT-SRV-ATTR:host is empty (status SHELVED_OFFLOADED): the server runs nowhere [missing-field]`);
  });

  it('a server without a host (API: dumped as a non-admin, no OS-EXT-SRV-ATTR:host)', () => {
    const dir = dumpWith(API_DUMP, (f) => { delete f['servers.json'].servers[0]['OS-EXT-SRV-ATTR:host']; delete f['servers.json'].servers[0]['OS-EXT-SRV-ATTR:hypervisor_hostname']; });
    expectOne(dir, `servers.json: server ${VM1} (vm1): no host: OS-EXT-SRV-ATTR:host is not in the response (GET /v2.1/servers/detail?all_tenants=1 as an admin has it) [missing-field]`);
  });

  it('a server without a host (CLI: Host null)', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { f['servers.json'][0].Host = null; });
    const problems = importProblems(dir);
    expect(problems[0]).toBe(`${join(dir, 'servers.json')}: server ${VM1} (vm1): no host: the Host column is empty (status ACTIVE): the server runs nowhere, or was listed without admin rights [missing-field]`);
  });

  it('a port whose fixed IP is on a subnet of another network', () => {
    const dir = dumpWith(API_DUMP, (f) => { apiPort(f, VM1_PORT).network_id = SELFSERVICE2; });
    expect(importProblems(dir)[0]).toBe(`${join(dir, 'ports.json')}: port ${VM1_PORT} (vm1): fixed IP 192.168.1.11 is on subnet ${SELFSERVICE1_V4} (selfservice1-v4) of network 32f848da-d790-5a4a-912e-bd91a9d56119, but the port is on network ${SELFSERVICE2} [contradiction]`);
  });

  it('a port bound to another host than its server', () => {
    const dir = dumpWith(API_DUMP, (f) => { (apiPort(f, VM1_PORT) as Json)['binding:host_id'] = 'compute2'; });
    expectOne(dir, `ports.json: port ${VM1_PORT} (vm1): binding:host_id is compute2, but its server vm1 runs on compute1 (servers.json) [contradiction]`);
  });

  it('a server address that none of its ports has', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['servers.json'].servers[0].addresses.selfservice1[0].addr = '192.168.1.99'; });
    expectOne(dir, `servers.json: server ${VM1} (vm1): address 192.168.1.99 on network selfservice1 belongs to none of its ports in ports.json [contradiction]`);
  });

  it('a server address whose MAC is not the port\'s', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['servers.json'].servers[0].addresses.selfservice1[0]['OS-EXT-IPS-MAC:mac_addr'] = 'fa:16:3e:00:00:01'; });
    expectOne(dir, `servers.json: server ${VM1} (vm1): address 192.168.1.11 has MAC fa:16:3e:00:00:01 here but fa:16:3e:57:42:ee on port ${VM1_PORT} (vm1) [contradiction]`);
  });

  it('a CLI compute port that no server lists', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { f['servers.json'].shift(); });
    expectOne(dir, `ports.json: port ${VM1_PORT} (192.168.1.11): a server's port (device_owner compute:nova, 192.168.1.11), but no server in servers.json lists this address [contradiction]`);
  });

  it('a router whose gateway network is not router:external', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['networks.json'].networks[2]['router:external'] = false; });
    expect(importProblems(dir)).toContain(`${join(dir, 'routers.json')}: router ${ROUTER1} (router1): its gateway network network 87dc0c4d-9807-58ab-8069-fee0ec0772f5 (provider1) is not router:external [contradiction]`);
  });

  it('a router interface not at its subnet\'s gateway_ip', () => {
    const dir = dumpWith(API_DUMP, (f) => { apiPort(f, QR_SELFSERVICE2).fixed_ips[0].ip_address = '192.168.2.254'; });
    expectOne(dir, `ports.json: port ${QR_SELFSERVICE2} (router1): router interface at 192.168.2.254 on subnet 0b513e47-beb1-5b09-b9cb-94c3775ccd28 (selfservice2-v4), whose gateway_ip is 192.168.2.1; netspec models router interfaces at the subnet's gateway_ip [unsupported]`);
  });

  it('agents that disagree on a deployment-wide setting', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['agents.json'].agents.find((a: Json) => a.host === 'compute2' && a.configurations.l2_population !== undefined).configurations.l2_population = false; });
    expect(importProblems(dir)).toEqual([expect.stringMatching(/agents\.json: agent \S+ \(Open vSwitch agent on compute2\): l2_population is false here but true on network1; netspec models one value for the whole cloud \[contradiction\]$/)]);
  });

  it('a duplicate id', () => {
    const dir = dumpWith(API_DUMP, (f) => { f['networks.json'].networks.push({ ...f['networks.json'].networks[0], name: 'again' }); });
    expectOne(dir, 'networks.json: network 32f848da-d790-5a4a-912e-bd91a9d56119 (again): network id 32f848da-d790-5a4a-912e-bd91a9d56119 is already used by network 32f848da-d790-5a4a-912e-bd91a9d56119 (selfservice1) [duplicate-id]');
  });

  it('what netspec does not model: a Linux bridge agent', () => {
    const dir = dumpWith(API_DUMP, (f) => {
      f['agents.json'].agents.push({ ...f['agents.json'].agents[0], id: 'a9e0b2c4-0000-4000-8000-000000000000', agent_type: 'Linux bridge agent', binary: 'neutron-linuxbridge-agent' });
    });
    const problems = importProblems(dir);
    expect(problems).toContain(`${join(dir, 'agents.json')}: agent a9e0b2c4-0000-4000-8000-000000000000 (Linux bridge agent on network1): netspec models ML2/OVS with the Open vSwitch agent, not the Linux bridge agent [unsupported]`);
  });

  it('no way to tell where Nova\'s metadata API runs', () => {
    const dir = dumpWith(CLI_DUMP, (f) => { delete f['services.json']; });
    expectOne(dir, 'agents.json: (Nova metadata API): cannot tell where Nova\'s metadata API runs: no Metadata agent reports nova_metadata_host (the CLI\'s agent list has no configuration: add agent-<id>.json from `openstack network agent show -f json <id>` of a Metadata agent), and no services.json (`openstack compute service list -f json`) shows the controller [missing-field]');
  });

  it('reports every problem at once', () => {
    const dir = dumpWith(API_DUMP, (f) => {
      apiPort(f, VM1_PORT).network_id = '9c1e0b7a-0000-4000-8000-000000000000';
      f['servers.json'].servers[1]['OS-EXT-SRV-ATTR:host'] = null;
    });
    expect(importProblems(dir)).toHaveLength(2);
  });
});

describe('faults written into the dump', () => {
  it('a port\'s fixed IP outside its subnet: the import fails naming the port, in either format', () => {
    const api = dumpWith(API_DUMP, (f) => {
      apiPort(f, VM1_PORT).fixed_ips[0].ip_address = '192.168.9.11';
      f['servers.json'].servers[0].addresses.selfservice1[0].addr = '192.168.9.11';
    });
    expectOne(api, `ports.json: port ${VM1_PORT} (vm1): fixed IP 192.168.9.11 is outside subnet ${SELFSERVICE1_V4} (selfservice1-v4), 192.168.1.0/24 [ip-outside-subnet]`);
    const cli = dumpWith(CLI_DUMP, (f) => {
      cliRow(f['ports.json'], VM1_PORT)['Fixed IP Addresses'][0].ip_address = '192.168.9.11';
      f['servers.json'][0].Networks.selfservice1 = ['192.168.9.11'];
    });
    expect(importProblems(cli)[0]).toBe(`${join(cli, 'ports.json')}: port ${VM1_PORT} (192.168.9.11): fixed IP 192.168.9.11 is outside subnet ${SELFSERVICE1_V4} (selfservice1-v4), 192.168.1.0/24 [ip-outside-subnet]`);
  });

  it('a router interface removed from `router show` while its port remains: the import fails naming the port', () => {
    const dir = dumpWith(CLI_DUMP, (f) => {
      f['router-router1.json'].interfaces_info = f['router-router1.json'].interfaces_info.filter((i: Json) => i.port_id !== QR_SELFSERVICE2);
    });
    expectOne(dir, `ports.json: port ${QR_SELFSERVICE2} (192.168.2.1): a router interface (device_owner network:router_interface) that no router's interfaces_info (router-*.json) lists [contradiction]`);
  });

  it('a router\'s interfaces_info that disagrees with the API\'s ports: the import fails naming both', () => {
    const dir = dumpWith(API_DUMP, (f) => {
      const show = JSON.parse(JSON.stringify(f['routers.json'].routers[0]));
      show.interfaces_info = [{ port_id: 'eacd7d7e-9a57-5bdc-a4c7-e27c8f2bd538', ip_address: '192.168.1.1', subnet_id: SELFSERVICE1_V4 }];
      f['router-router1.json'] = show;
    });
    expectOne(dir, `ports.json: port ${QR_SELFSERVICE2} (router1): its device_id is router ${ROUTER1} (router1), but the router's interfaces_info (router-router1.json) does not list it [contradiction]`);
  });

  it('two ports with one address: validation\'s issue is reported against the port in the dump', () => {
    const dir = dumpWith(API_DUMP, (f) => {
      const vm2 = f['ports.json'].ports.find((p: Port) => p.fixed_ips[0].ip_address === '192.168.1.12');
      vm2.fixed_ips[0].ip_address = '192.168.1.11';
      f['servers.json'].servers[1].addresses.selfservice1[0].addr = '192.168.1.11';
    });
    const problems = importProblems(dir);
    expect(problems).toEqual([expect.stringMatching(
      new RegExp(`ports\\.json: port 4afd1088-\\S+ \\(vm2\\): 192\\.168\\.1\\.11 is already used by port ${VM1_PORT} \\(vm1\\) in subnet selfservice1-v4 \\(192\\.168\\.1\\.0/24\\) \\(at instances\\[1\\]\\.ports\\[0\\]\\.fixed_ips\\[0\\]\\.ip_address of the imported topology\\) \\[ip-in-use\\]$`))]);
  });

  it('thrown as a TopologyError with structured issues', () => {
    const dir = dumpWith(API_DUMP, (f) => { delete f['agents.json']; });
    let err: unknown;
    try { importOpenStack(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TopologyError);
    expect((err as TopologyError).issues).toEqual([{ file: join(dir, 'agents.json'), path: '(file)', rule: 'file', message: expect.stringContaining('openstack network agent list -f json') }]);
  });
});
