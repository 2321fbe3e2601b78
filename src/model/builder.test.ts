import { describe, expect, it } from '@jest/globals';
import { cloudBuilder } from './builder';
import { TopologyError } from './errors';
import { referenceCloud, referenceCloudSpec } from './reference';

const minimal = () => cloudBuilder('lab')
  .host({ name: 'net', role: 'network', management: { ip: '10.0.0.2/24' }, overlay: { ip: '10.0.1.2/24' } })
  .host({ name: 'cmp', role: 'compute', management: { ip: '10.0.0.3/24' }, overlay: { ip: '10.0.1.3/24' } })
  .options({ nova_metadata_host: '10.0.0.9' })
  .network({ name: 'n1', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5 })
  .subnet({ name: 'n1-v4', network: 'n1', cidr: '172.16.0.0/24' });

describe('cloudBuilder', () => {
  it('builds a cloud from scratch', () => {
    const c = minimal()
      .router({ name: 'r1', interfaces: [{ subnet: 'n1-v4' }] })
      .securityGroup({ name: 'web', rules: [{ direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 }] })
      .instance({ name: 'a', host: 'cmp', ports: [{ network: 'n1', security_groups: ['web'] }] })
      .build();
    expect(c.name).toBe('lab');
    expect(c.options).toMatchObject({ nova_metadata_host: '10.0.0.9', tunnel_type: 'vxlan' });
    expect(c.ports.map((p) => `${p.name} ${p.fixed_ips[0].ip_address}`)).toEqual(['r1-if-n1-v4 172.16.0.1', 'dhcp-n1 172.16.0.2', 'a-port0 172.16.0.3']);
    expect(c.security_groups.map((g) => g.name)).toEqual(['web', 'default']);
  });

  it('expands the one-port instance shorthand, picking the subnet that holds the address', () => {
    const b = minimal()
      .instance({ name: 'late', host: 'cmp', network: 'n1', ip: '172.16.1.20' })
      .instance({ name: 'auto', host: 'cmp', network: 'n1' })
      .subnet({ name: 'n1-second', network: 'n1', cidr: '172.16.1.0/24' }); // added after the instance: still found
    expect(b.spec().instances).toEqual([
      { name: 'late', host: 'cmp', ports: [{ network: 'n1', fixed_ips: [{ subnet: 'n1-second', ip_address: '172.16.1.20' }] }] },
      { name: 'auto', host: 'cmp', ports: [{ network: 'n1' }] },
    ]);
    const c = b.build();
    expect(c.ports.find((p) => p.name === 'auto-port0')!.fixed_ips[0].ip_address).toBe('172.16.0.3');
  });

  it('reports issues against "builder"', () => {
    const b = minimal().instance({ name: 'x', host: 'cmp', network: 'n1', ip: '192.168.9.9' });
    expect(() => b.build()).toThrow(TopologyError);
    expect(() => b.build()).toThrow('builder: instances[0].ports[0].fixed_ips[0].ip_address: 192.168.9.9 is not a usable address');
  });

  it('extends an existing spec without touching it', () => {
    const c = cloudBuilder.from(referenceCloudSpec)
      .options({ arp_responder: true })
      .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1', ip: '192.168.1.15' })
      .build();
    expect(c.options).toMatchObject({ arp_responder: true, l2_population: true });
    expect(c.instances.map((i) => i.name)).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
    expect(referenceCloudSpec.instances).toHaveLength(4);
    expect(cloudBuilder.from(referenceCloudSpec).build()).toEqual(referenceCloud());
  });

  it('hands out deep copies', () => {
    const b = minimal();
    const s = b.spec();
    s.hosts[0].name = 'changed';
    expect(b.spec().hosts[0].name).toBe('net');
    const host = { name: 'h', role: 'compute' as const, management: { ip: '10.0.0.4/24' }, overlay: { ip: '10.0.1.4/24' } };
    const b2 = minimal().host(host);
    host.management.ip = 'garbage';
    expect(b2.spec().hosts[2].management.ip).toBe('10.0.0.4/24');
  });
});
