import { describe, expect, it } from '@jest/globals';
import { simulate } from '../simulation';
import { API_DUMP, dumpWith, importProblems, rows, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

/** The API dump of the reference cloud with vm1's port and the default group changed by `edit`. */
function dumpWithVm1(edit: (port: Json, groups: Json[]) => void): string {
  return dumpWith(API_DUMP, (f) => {
    const port = rows(f['ports.json'], 'ports').find((p: Json) => p.device_owner === 'compute:nova' && p.fixed_ips[0].ip_address === '192.168.1.11');
    edit(port, rows(f['security_groups.json'], 'security_groups'));
  });
}

describe('security groups from an OpenStack dump', () => {
  it('keeps a port\'s allowed_address_pairs (IPv4 ones; a pair\'s MAC only when it is not the port\'s own)', () => {
    const dir = dumpWithVm1((port) => {
      port.allowed_address_pairs = [
        { ip_address: '192.168.1.200', mac_address: port.mac_address },
        { ip_address: '10.10.0.0/24', mac_address: 'fa:16:3e:aa:bb:cc' },
        { ip_address: '2001:db8::5', mac_address: port.mac_address },
      ];
    });
    const imported = importOpenStack(dir);
    const vm1 = imported.cloud.ports.find((p) => p.fixed_ips[0]?.ip_address === '192.168.1.11')!;
    expect(vm1.allowed_address_pairs).toEqual([
      { ip_address: '192.168.1.200', mac_address: vm1.mac_address },
      { ip_address: '10.10.0.0/24', mac_address: 'fa:16:3e:aa:bb:cc' },
    ]);
    expect(imported.yaml).toContain('allowed_address_pairs:');
    expect(imported.notes).toContainEqual('1 IPv6 allowed address pair(s) left out: netspec models IPv4');
  });

  it('imports a stateless group as stateless, and its ports skip conntrack', () => {
    const dir = dumpWithVm1((_port, groups) => { groups[0].stateful = false; });
    const imported = importOpenStack(dir);
    expect(imported.cloud.security_groups.map((g) => [g.name, g.stateful])).toEqual([['default', false]]);
    const compute1 = simulate(imported.cloud).dataplane.hosts.find((h) => h.name === 'compute1')!;
    const root = compute1.devices.find((d) => d.kind === 'namespace' && d.name === 'root');
    expect(root?.kind === 'namespace' && root.netfilter.tables.raw?.PREROUTING?.map((r) => r.target.type)).toContain('NOTRACK');
  });

  it('reads a rule\'s protocol by number as Neutron does, and refuses one Neutron never stores', () => {
    const withProtocol = (protocol: Json) => dumpWithVm1((_port, groups) => {
      groups[0].security_group_rules.push({ ...groups[0].security_group_rules[0], id: 'r-extra', direction: 'ingress', protocol, port_range_min: 22, port_range_max: 22 });
    });
    const rules = importOpenStack(withProtocol('6')).cloud.security_groups[0].rules;
    expect(rules).toContainEqual(expect.objectContaining({ direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 }));
    expect(importProblems(withProtocol('tpc')).join('\n')).toMatch(/security_groups\.json.*protocol "tpc" is neither a protocol name Neutron knows nor a number 0\.\.255/);
  });
});
