import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadTopology } from './load';
import { referenceCloud, referenceCloudSpec } from './reference';

describe('reference cloud', () => {
  it('is the same cloud as examples/reference-cloud.yaml', () => {
    expect(loadTopology(join(__dirname, '../../examples/reference-cloud.yaml'))).toEqual(referenceCloud());
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(referenceCloudSpec)).toBe(true);
    expect(Object.isFrozen(referenceCloudSpec.instances![0].ports[0].fixed_ips![0])).toBe(true);
    expect(() => { (referenceCloudSpec.hosts as unknown[]).push({}); }).toThrow(TypeError);
  });

  it('has the install guide\'s layout', () => {
    const c = referenceCloud();
    expect(c.hosts.map((h) => `${h.name}/${h.role}/${h.management.ip}/${h.overlay?.ip ?? '-'}`)).toEqual([
      'controller/controller/10.0.0.11/24/-', 'network1/network/10.0.0.21/24/10.0.1.21/24',
      'compute1/compute/10.0.0.31/24/10.0.1.31/24', 'compute2/compute/10.0.0.32/24/10.0.1.32/24',
    ]);
    expect(c.networks.map((n) => [n.name, n['provider:network_type'], n['provider:segmentation_id'], n['router:external']])).toEqual([
      ['selfservice1', 'vxlan', 101, false], ['selfservice2', 'vxlan', 102, false], ['provider1', 'flat', null, true],
    ]);
    expect(c.instances.map((i) => i.name)).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
    expect(c.routers[0]).toMatchObject({ name: 'router1', host: 'network1' });
  });

  it('returns a fresh copy each time', () => {
    const a = referenceCloud();
    a.hosts.pop();
    expect(referenceCloud().hosts).toHaveLength(4);
  });
});
