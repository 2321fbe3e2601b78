import { describe, expect, it } from '@jest/globals';
import { parseIp } from '../net/ipv4';
import { CLI_DUMP, dumpWith, importProblems, type Json } from './__fixtures__/dumps';
import { allocator } from './hosts';
import { importOpenStack } from './openstack';

const ovsAgent = (host: string, i: number) => ({
  ID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'Agent Type': 'Open vSwitch agent', Host: host,
  'Availability Zone': null, Alive: true, State: true, Binary: 'neutron-openvswitch-agent',
});

describe('placeholder host addresses', () => {
  it('give a CLI dump of 300 OVS hosts (no tunneling_ip reported) an overlay address each', () => {
    // The placeholders once came from one /24 and the import died after ~253 hosts.
    const dir = dumpWith(CLI_DUMP, (f) => {
      for (let i = 0; i < 300; i++) (f['agents.json'] as Json[]).push(ovsAgent(`net${i}`, i));
    });
    const { spec } = importOpenStack(dir);
    const overlays = spec.hosts.flatMap((h) => (h.overlay ? [h.overlay.ip] : []));
    expect(overlays.length).toBeGreaterThanOrEqual(300);
    expect(new Set(overlays).size).toBe(overlays.length);
    // One segment: every address under the same prefix, now wider than a /24.
    expect(new Set(overlays.map((ip) => ip.split('/')[1]))).toEqual(new Set(['23']));
  });

  it('say clearly when a /16 is used up', () => {
    const base = parseIp('10.0.1.0');
    const next = allocator(base, new Set());
    const got = new Set<number>();
    for (let ip = next(); ip !== undefined; ip = next()) got.add(ip);
    expect(got.size).toBe(200 + 53 + 255 * 254);
    expect(next()).toBeUndefined();
  });
});

describe('agents that need the Open vSwitch agent', () => {
  it('reports an L3 agent on a host without one, at the dump resource', () => {
    const dir = dumpWith(CLI_DUMP, (f) => {
      (f['agents.json'] as Json[]).push({ ...ovsAgent('lonely', 999), 'Agent Type': 'L3 agent', Binary: 'neutron-l3-agent' });
    });
    expect(importProblems(dir)).toEqual([
      expect.stringMatching(/\/agents\.json: .*: host lonely runs the L3 agent but no Open vSwitch agent, whose br-int it plugs its ports into \[unsupported\]$/),
    ]);
  });
});
