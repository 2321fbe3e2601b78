import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { normalizeCloud } from './normalize';
import { TopologyError } from './errors';
import { stableMac, stableUuid } from './ids';
import { referenceCloudSpec } from './reference';
import type { CloudSpec, InstanceSpec } from './spec';
import type { Cloud, Port } from './types';

const reference = () => normalizeCloud(referenceCloudSpec);
const spec = (mutate: (s: CloudSpec) => void): CloudSpec => {
  const s = structuredClone(referenceCloudSpec);
  mutate(s);
  return s;
};
const byName = <T extends { name: string }>(items: T[], name: string): T => items.find((x) => x.name === name)!;
const ips = (c: Cloud, subnetName: string) => {
  const id = byName(c.subnets, subnetName).id;
  return c.ports.flatMap((p) => p.fixed_ips).filter((f) => f.subnet_id === id).map((f) => f.ip_address);
};

describe('normalizeCloud', () => {
  it('is deterministic and leaves its (frozen) input alone', () => {
    const a = reference();
    expect(JSON.stringify(normalizeCloud(structuredClone(referenceCloudSpec)))).toBe(JSON.stringify(a));
    expect(Object.isFrozen(referenceCloudSpec.hosts[0])).toBe(true);
  });

  it('fills options and derives nova_metadata_host from the controller', () => {
    expect(reference().options).toEqual({
      tunnel_type: 'vxlan', firewall_driver: 'iptables_hybrid', l2_population: true, arp_responder: false, force_metadata: false,
      enable_isolated_metadata: false, nova_metadata_host: '10.0.0.11', nova_metadata_port: 8775, metadata_port: 9697, physical_mtu: 1500,
      internet_probe_ip: '198.51.100.10',
      internet_tcp_ports: [80, 443], l3_ha: false, max_l3_agents_per_router: 3, l3_ha_net_cidr: '169.254.192.0/18',
    });
  });

  it('derives ids from names, MTUs from the network type, and agents and device names from roles', () => {
    const c = normalizeCloud(spec((s) => {
      s.options = { ...s.options, tunnel_type: 'gre', physical_mtu: 9000 };
      s.networks[0] = { name: 'selfservice1', 'provider:network_type': 'gre', 'provider:segmentation_id': 7 };
      s.networks[1] = { name: 'selfservice2', 'provider:network_type': 'gre', 'provider:segmentation_id': 8, mtu: 1400 };
    }));
    expect(c.networks.map((n) => [n.id, n.mtu])).toEqual([
      [stableUuid('network:selfservice1'), 8958], [stableUuid('network:selfservice2'), 1400], [stableUuid('network:provider1'), 9000],
    ]);
    expect(reference().networks[0].mtu).toBe(1450);
    expect(byName(reference().hosts, 'compute1')).toEqual({
      name: 'compute1', role: 'compute', agents: ['ovs', 'nova-compute'],
      management: { interface: 'eth0', ip: '10.0.0.31/24' }, overlay: { interface: 'eth1', ip: '10.0.1.31/24' },
    });
    const h = normalizeCloud(spec((s) => { s.hosts[1] = { name: 'network1', role: 'network', management: { ip: '10.0.0.21/24' }, overlay: { ip: '10.0.1.21/24' }, external: {} }; })).hosts[1];
    expect(h.agents).toEqual(['ovs', 'l3', 'dhcp', 'metadata']);
    expect(h.external).toEqual({ interface: 'eth2', bridge: 'br-ex', physical_network: 'provider' });
  });

  it('fills subnet defaults as Neutron does', () => {
    const c = normalizeCloud(spec((s) => { s.subnets.push({ name: 'extra', network: 'selfservice1', cidr: '10.1.0.0/24', gateway_ip: '10.1.0.100' }); }));
    expect(byName(c.subnets, 'selfservice1-v4')).toEqual({
      id: stableUuid('subnet:selfservice1-v4'), name: 'selfservice1-v4', network_id: stableUuid('network:selfservice1'), ip_version: 4,
      cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1', allocation_pools: [{ start: '192.168.1.2', end: '192.168.1.254' }],
      enable_dhcp: true, host_routes: [], dns_nameservers: [],
    });
    expect(byName(c.subnets, 'extra').allocation_pools).toEqual([{ start: '10.1.0.1', end: '10.1.0.99' }, { start: '10.1.0.101', end: '10.1.0.254' }]);
    const noGw = normalizeCloud(spec((s) => { s.subnets.push({ name: 'x', network: 'selfservice1', cidr: '10.2.0.0/29', gateway_ip: null }); }));
    expect(byName(noGw.subnets, 'x')).toMatchObject({ gateway_ip: null, allocation_pools: [{ start: '10.2.0.1', end: '10.2.0.6' }] });
  });

  it('adds Neutron\'s default security group unless one is given', () => {
    const [g] = reference().security_groups;
    expect(g).toEqual({
      id: stableUuid('security-group:default'), name: 'default', stateful: true, rules: [
        { direction: 'egress', ethertype: 'IPv4', protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null },
        { direction: 'ingress', ethertype: 'IPv4', protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: g.id },
      ],
    });
    const own = normalizeCloud(spec((s) => {
      s.security_groups = [{ name: 'default', rules: [{ direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' }] }];
    }));
    expect(own.security_groups).toHaveLength(1);
    expect(own.security_groups[0].rules).toHaveLength(1);
    expect(own.ports.find((p) => p.name === 'vm1-port0')!.security_groups).toEqual([own.security_groups[0].id]);
  });

  it('lists router, then DHCP, then instance ports, with Neutron\'s device owners', () => {
    const c = reference();
    const row = (p: Port) => `${p.name} ${p.device_owner} ${p['binding:host_id']} ${p.fixed_ips.map((f) => f.ip_address).join(',')}`;
    expect(c.ports.map(row)).toEqual([
      'router1-if-selfservice1-v4 network:router_interface network1 192.168.1.1',
      'router1-if-selfservice2-v4 network:router_interface network1 192.168.2.1',
      'router1-gw network:router_gateway network1 203.0.113.101',
      'dhcp-selfservice1 network:dhcp network1 192.168.1.2',
      'dhcp-selfservice2 network:dhcp network1 192.168.2.2',
      'dhcp-provider1 network:dhcp network1 203.0.113.102',
      'vm1-port0 compute:nova compute1 192.168.1.11',
      'vm2-port0 compute:nova compute2 192.168.1.12',
      'vm3-port0 compute:nova compute1 192.168.2.13',
      'vm4-port0 compute:nova compute2 192.168.2.14',
    ]);
    const net = byName(c.networks, 'selfservice1');
    expect(byName(c.ports, 'dhcp-selfservice1').device_id).toBe(`dhcp${stableUuid('dhcp-host:network1')}-${net.id}`);
    const vm1 = byName(c.ports, 'vm1-port0');
    expect(vm1).toMatchObject({
      mac_address: stableMac('port:vm1:0'), device_id: stableUuid('instance:vm1'), network_id: net.id,
      security_groups: [stableUuid('security-group:default')], port_security_enabled: true, admin_state_up: true,
    });
    expect(byName(c.ports, 'router1-if-selfservice1-v4').id).toBe(stableUuid('port:router1:selfservice1-v4'));
  });

  it('wires routers and instances by id', () => {
    const c = reference();
    const [r] = c.routers;
    const gwPort = c.ports.find((p) => p.id === r.gw_port_id)!;
    expect(r).toEqual({
      id: stableUuid('router:router1'), name: 'router1', admin_state_up: true, host: 'network1', routes: [], ha: false, l3_agents: [], ha_vr_id: null,
      external_gateway_info: {
        network_id: byName(c.networks, 'provider1').id, enable_snat: true,
        external_fixed_ips: [{ subnet_id: byName(c.subnets, 'provider1-v4').id, ip_address: '203.0.113.101' }],
      },
      interfaces: c.ports.filter((p) => p.device_owner === 'network:router_interface').map((p) => p.id),
      gw_port_id: gwPort.id,
    });
    expect(gwPort.fixed_ips).toEqual(r.external_gateway_info!.external_fixed_ips);
    expect(c.instances[0]).toEqual({ id: stableUuid('instance:vm1'), name: 'vm1', host: 'compute1', ports: [byName(c.ports, 'vm1-port0').id] });
  });

  it('gives the DHCP and gateway ports the ids and MACs the spec names, so their tap and qg- devices are the real ones', () => {
    const c = normalizeCloud(spec((s) => {
      s.networks[0].dhcp_port = { port_id: 'bbac2694-dcf3-44cf-9f11-aad7abcecdb5', mac_address: 'FA:16:3E:07:B8:44' };
      s.routers![0].external_gateway_info = { ...s.routers![0].external_gateway_info!, port_id: 'gw-port', mac_address: 'fa:16:3e:aa:bb:cc' };
    }));
    expect(byName(c.ports, 'dhcp-selfservice1')).toMatchObject({ id: 'bbac2694-dcf3-44cf-9f11-aad7abcecdb5', mac_address: 'fa:16:3e:07:b8:44' });
    expect(c.routers[0].gw_port_id).toBe('gw-port');
    expect(c.ports.find((p) => p.id === 'gw-port')).toMatchObject({ device_owner: 'network:router_gateway', mac_address: 'fa:16:3e:aa:bb:cc' });
    // Networks without one still get their derived DHCP port.
    expect(byName(c.ports, 'dhcp-selfservice2').id).toBe(stableUuid('dhcp-port:selfservice2'));
  });

  it('honours explicit addresses before allocating any', () => {
    const c = normalizeCloud(spec((s) => {
      // vm5 claims the addresses the router gateway and the DHCP port would otherwise get first.
      s.instances!.push({ name: 'vm5', host: 'compute1', ports: [{ network: 'provider1', fixed_ips: [{ subnet: 'provider1-v4', ip_address: '203.0.113.101' }] }] });
      s.instances!.push({ name: 'vm6', host: 'compute1', ports: [{ network: 'selfservice1', fixed_ips: [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.2' }] }] });
      s.instances!.push({ name: 'vm7', host: 'compute2', ports: [{ network: 'selfservice1' }, { network: 'selfservice2', mac_address: 'FA:16:3E:AA:BB:CC' }] });
    }));
    expect(byName(c.ports, 'router1-gw').fixed_ips[0].ip_address).toBe('203.0.113.102');
    expect(byName(c.ports, 'dhcp-provider1').fixed_ips[0].ip_address).toBe('203.0.113.103');
    expect(byName(c.ports, 'dhcp-selfservice1').fixed_ips[0].ip_address).toBe('192.168.1.3');
    expect(byName(c.ports, 'vm7-port0').fixed_ips[0].ip_address).toBe('192.168.1.4');
    expect(byName(c.ports, 'vm7-port1')).toMatchObject({ mac_address: 'fa:16:3e:aa:bb:cc', fixed_ips: [{ ip_address: '192.168.2.3' }] });
    expect(c.routers[0].external_gateway_info!.external_fixed_ips.map((f) => f.ip_address)).toEqual(['203.0.113.102']);
  });

  it('keeps derived MACs clear of explicit ones', () => {
    const c = normalizeCloud(spec((s) => { s.instances![1].ports[0].mac_address = stableMac('port:vm1:0'); }));
    const macs = c.ports.map((p) => p.mac_address);
    expect(new Set(macs).size).toBe(macs.length);
    expect(byName(c.ports, 'vm1-port0').mac_address).toBe(stableMac('port:vm1:0#1'));
  });

  it('throws a TopologyError naming the file and every issue', () => {
    const bad = spec((s) => { s.instances![0].host = 'nowhere'; s.subnets[0].gateway_ip = '10.0.0.1'; });
    expect(() => normalizeCloud(bad, 'lab.yaml')).toThrow(TopologyError);
    try {
      normalizeCloud(bad, 'lab.yaml');
    } catch (e) {
      const err = e as TopologyError;
      expect(err.issues.map((i) => i.rule)).toEqual(['ip-outside-subnet', 'unknown-reference']);
      expect(err.message.split('\n')).toEqual(err.issues.map((i) => `lab.yaml: ${i.path}: ${i.message} [${i.rule}]`));
      expect(err.stack).not.toMatch(/\n\s+at /);
    }
  });

  it('defaults the file name to "spec"', () => {
    expect(() => normalizeCloud(spec((s) => { s.hosts = []; }))).toThrow(/^spec: /);
  });
});

describe('address allocation', () => {
  // A /27 with a random set of explicit addresses and ports without one: every port gets an
  // address, explicit ones are honoured, and no address is handed out twice.
  test.prop([fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { maxLength: 12 }), fc.integer({ min: 0, max: 12 }), fc.boolean()])(
    'never hands out an address twice',
    (explicit, automatic, interleave) => {
      const instances: InstanceSpec[] = [];
      const auto = Array.from({ length: automatic }, (_, i) => ({ name: `auto${i}`, host: 'compute1', ports: [{ network: 'selfservice1' }] }));
      const fixed = explicit.map((n, i) => ({
        name: `fixed${i}`, host: 'compute2', ports: [{ network: 'selfservice1', fixed_ips: [{ subnet: 'selfservice1-v4', ip_address: `192.168.1.${n}` }] }],
      }));
      instances.push(...(interleave ? auto.flatMap((a, i) => [a, ...fixed.slice(i, i + 1)]).concat(fixed.slice(auto.length)) : [...auto, ...fixed]));
      const c = normalizeCloud(spec((s) => {
        s.subnets[0].cidr = '192.168.1.0/27';
        s.instances = [...s.instances!.filter((i) => i.ports[0].network !== 'selfservice1'), ...instances];
      }));
      const used = ips(c, 'selfservice1-v4');
      expect(new Set(used).size).toBe(used.length);
      expect(used).toHaveLength(1 + 1 + explicit.length + automatic); // router, DHCP, instances
      for (const [i, n] of explicit.entries()) expect(byName(c.ports, `fixed${i}-port0`).fixed_ips[0].ip_address).toBe(`192.168.1.${n}`);
    },
  );
  it('makes each subport a trunk:subport port of its own, bound where the parent is, after every other port', () => {
    const before = reference();
    const c = normalizeCloud(spec((s) => {
      s.trunks = [{ name: 'trunk1', instance: 'vm2', sub_ports: [{ network: 'selfservice2', segmentation_type: 'vlan', segmentation_id: 100 }] }];
    }));
    const parent = c.ports.find((p) => p.id === byName(c.instances, 'vm2').ports[0])!;
    const [trunk] = c.trunks;
    expect(trunk).toEqual({ id: stableUuid('trunk:trunk1'), name: 'trunk1', port_id: parent.id, sub_ports: [{ port_id: c.ports[c.ports.length - 1].id, segmentation_type: 'vlan', segmentation_id: 100 }] });
    const subport = c.ports[c.ports.length - 1];
    expect(subport).toMatchObject({
      device_owner: 'trunk:subport', device_id: trunk.id, 'binding:host_id': 'compute2', network_id: byName(c.networks, 'selfservice2').id,
      port_security_enabled: true, security_groups: [byName(c.security_groups, 'default').id],
    });
    expect(subport.mac_address).not.toBe(parent.mac_address);
    // Nothing the cloud had before moves: the subport takes the next free address.
    expect(c.ports.slice(0, -1)).toEqual(before.ports);
    expect(ips(c, 'selfservice2-v4')).toHaveLength(ips(before, 'selfservice2-v4').length + 1);
  });
});
