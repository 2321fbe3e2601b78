import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCheck } from '../check/run';
import { metadataReachesProxy } from '../invariants';
import { simulate } from '../simulation';
import { API_DUMP, dumpWith, importProblems, rows, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

/** The API dump of the reference cloud plus configuration files (`compute1/x.ini` for one host's), and JSON edits. */
function withConfigs(configs: Record<string, string>, edit: (files: Record<string, Json>) => void = () => {}): string {
  const dir = dumpWith(API_DUMP, edit);
  for (const [file, text] of Object.entries(configs)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}
const agent = (files: Record<string, Json>, type: string, host: string) =>
  rows(files['agents.json'], 'agents').find((a: Json) => a.agent_type === type && a.host === host);

describe('agent and ML2 configuration files in the dump', () => {
  it('reads what the API does not report: isolated and forced metadata, the metadata proxy port', () => {
    const dir = withConfigs({
      'dhcp_agent.ini': '[DEFAULT]\nenable_isolated_metadata = True\nforce_metadata = false\n',
      'l3_agent.ini': '[DEFAULT]\n# the proxy in qrouter namespaces\nmetadata_port = 9698\n',
    });
    const r = importOpenStack(dir);
    expect(r.cloud.options).toMatchObject({ enable_isolated_metadata: true, force_metadata: false, metadata_port: 9698 });
    expect(r.notes.join('\n')).not.toContain('dhcp_agent.ini: false (the defaults) assumed');
    expect(importOpenStack(API_DUMP).notes).toContainEqual(expect.stringContaining('the dump has no dhcp_agent.ini: false (the defaults) assumed'));
  });

  it('maps a loopback nova_metadata_host to the metadata agent\'s own node, so metadata reaches Nova there', () => {
    const dir = withConfigs({ 'metadata_agent.ini': '[DEFAULT]\nnova_metadata_host = 127.0.0.1\n' }, (f) => {
      agent(f, 'Metadata agent', 'network1').configurations.nova_metadata_host = '127.0.0.1';
    });
    const c = importOpenStack(dir).cloud;
    const network1 = c.hosts.find((h) => h.name === 'network1')!;
    expect(network1.agents).toContain('nova-metadata');
    expect(c.options.nova_metadata_host).not.toBe('127.0.0.1');
    expect(runCheck(simulate(c), [metadataReachesProxy]).holds).toBe(true);
  });

  it('keeps a bridge mapping no network uses (the agent builds that bridge anyway), and lists the ones the model has no room for', () => {
    const dir = withConfigs({
      'compute1/openvswitch_agent.ini': '[ovs]\nlocal_ip = 10.0.1.31\nbridge_mappings = physnet2:br-phy2\n',
      'network1/openvswitch_agent.ini': '[ovs]\nbridge_mappings = provider:br-ex, physnet2:br-phy2\n',
    }, (f) => {
      delete agent(f, 'Open vSwitch agent', 'compute1').configurations.bridge_mappings;
      delete agent(f, 'Open vSwitch agent', 'network1').configurations.bridge_mappings;
    });
    const r = importOpenStack(dir);
    expect(r.cloud.hosts.find((h) => h.name === 'compute1')!.external).toMatchObject({ physical_network: 'physnet2', bridge: 'br-phy2' });
    expect(r.cloud.hosts.find((h) => h.name === 'network1')!.external).toMatchObject({ physical_network: 'provider', bridge: 'br-ex' });
    expect(r.notes).toContainEqual('host network1: bridge_mappings physnet2:br-phy2 left out: netspec models one bridge mapping per host');
    const dp = simulate(r.cloud).dataplane;
    expect(dp.hosts.find((h) => h.name === 'compute1')!.devices.map((d) => d.name)).toContain('br-phy2');
  });

  it('reports networks of a tunnel type the agents do not build (tunnel_types)', () => {
    const dir = withConfigs({ 'openvswitch_agent.ini': '[agent]\ntunnel_types = gre\n' }, (f) => {
      for (const a of rows(f['agents.json'], 'agents')) if (a.configurations?.tunnel_types) delete a.configurations.tunnel_types;
    });
    expect(importProblems(dir)).toEqual([`${join(dir, 'networks.json')}: (networks): networks are vxlan, but the Open vSwitch agents' tunnel_types are gre: no agent builds vxlan tunnels [contradiction]`]);
  });

  it('reads the firewall driver, and reports a port binding that contradicts it', () => {
    const dir = withConfigs({ 'openvswitch_agent.ini': '[securitygroup]\nfirewall_driver = openvswitch\n' });
    const problems = importProblems(dir);
    expect(problems[0]).toMatch(/agents\.json: agent \S+ \(Open vSwitch agent on network1\): ovs_hybrid_plug is true here, but firewall_driver is openvswitch \(.*openvswitch_agent\.ini: \[securitygroup\] firewall_driver \(line 2\)\) \[contradiction\]$/);
  });

  it('lists settings that change the data plane but are not modelled', () => {
    const r = importOpenStack(withConfigs({ 'compute1/openvswitch_agent.ini': '[ovs]\nlocal_ip = 10.0.1.31\n[agent]\nextensions = qos\n' }));
    expect(r.notes).toContainEqual(expect.stringMatching(/compute1\/openvswitch_agent\.ini: \[agent\] extensions \(line 4\) is qos: left out, agent extensions \(QoS, FDB, \.\.\.\) are not modelled$/));
  });

  it.each([
    ['no security groups at all', { 'ml2_conf.ini': '[securitygroup]\nenable_security_group = False\n' }, 'ml2_conf.ini: [securitygroup] enable_security_group (line 2): enable_security_group is false (no firewall at all); netspec models the openvswitch and iptables_hybrid firewalls [unsupported]'],
    ['a line that is no INI', { 'dhcp_agent.ini': '[DEFAULT]\nenable_isolated_metadata\n' }, 'dhcp_agent.ini: line 2: not "[section]", "key = value" or a comment: "enable_isolated_metadata" [syntax]'],
    ['a key before any section', { 'l3_agent.ini': 'agent_mode = legacy\n' }, 'l3_agent.ini: line 1: "agent_mode" comes before any [section] header [syntax]'],
    ['a boolean oslo.config refuses', { 'dhcp_agent.ini': '[DEFAULT]\n\nforce_metadata = maybe\n' }, 'dhcp_agent.ini: [DEFAULT] force_metadata (line 3): must be true or false, not "maybe" [format]'],
    ['a port out of range', { 'metadata_agent.ini': '[DEFAULT]\nnova_metadata_port = 87750\n' }, 'metadata_agent.ini: [DEFAULT] nova_metadata_port (line 2): must be a port number (1..65535), not "87750" [format]'],
    ['another mechanism driver', { 'ml2_conf.ini': '[ml2]\nmechanism_drivers = ovn\n' }, 'ml2_conf.ini: [ml2] mechanism_drivers (line 2): mechanism_drivers ovn has no openvswitch; netspec models ML2/OVS [unsupported]'],
    ['DVR', { 'l3_agent.ini': '[DEFAULT]\nagent_mode = dvr_snat\n' }, 'l3_agent.ini: [DEFAULT] agent_mode (line 2): agent_mode is dvr_snat here but agent '],
    ['a host directory no agent runs on', { 'compute9/openvswitch_agent.ini': '[ovs]\nlocal_ip = 10.0.1.39\n' }, 'compute9: (directory): configuration files for host compute9, but no agent in agents.json runs on a host of that name [unknown-reference]'],
    ['local_ip in a dump-wide file', { 'openvswitch_agent.ini': '[ovs]\nlocal_ip = 10.0.1.31\n' }, 'openvswitch_agent.ini: [ovs] local_ip (line 2): local_ip is one host\'s address, but 3 hosts run the Open vSwitch agent'],
    ['a file that contradicts the API', { 'compute2/openvswitch_agent.ini': '[ovs]\nlocal_ip = 10.0.1.99\n' }, 'compute2/openvswitch_agent.ini: [ovs] local_ip (line 2): local_ip (tunneling_ip) is 10.0.1.99 here but agent '],
  ])('%s is reported with its file and line', (_, configs, line) => {
    const dir = withConfigs(configs);
    const problems = importProblems(dir);
    const expected = `${join(dir, line.split(': ')[0])}: ${line.split(': ').slice(1).join(': ')}`;
    expect(problems.filter((p) => p.startsWith(expected))).toHaveLength(1);
  });
});
