import { describe, expect, it } from '@jest/globals';
import { runCheck } from '../check/run';
import { builtinInvariants, everyInstanceReachesTheInternet } from '../invariants';
import { simulate } from '../simulation';
import { formatIssue } from './errors';
import { chooseInternetProbe } from './internet-probe';
import { normalizeCloud } from './normalize';
import { referenceCloudSpec } from './reference';
import type { CloudSpec } from './spec';
import { validateSpec } from './validate';

/** The reference cloud with its external network on TEST-NET-2, as many labs have it. */
function testNet2Lab(options: CloudSpec['options'] = {}): CloudSpec {
  const spec = structuredClone(referenceCloudSpec) as CloudSpec;
  const provider = spec.subnets.find((s) => s.name === 'provider1-v4')!;
  Object.assign(provider, { cidr: '198.51.100.0/24', gateway_ip: '198.51.100.1', allocation_pools: [{ start: '198.51.100.101', end: '198.51.100.250' }] });
  spec.options = { ...spec.options, ...options };
  return spec;
}

describe('the internet probe address', () => {
  it('is the first documentation address outside every subnet', () => {
    expect(chooseInternetProbe(['192.168.1.0/24', '203.0.113.0/24'])).toBe('198.51.100.10');
    expect(chooseInternetProbe(['198.51.100.0/24'])).toBe('192.0.2.10');
    expect(chooseInternetProbe(['198.51.100.0/24', '192.0.2.0/24', '203.0.113.0/24'])).toBe('198.18.0.10');
    expect(chooseInternetProbe(['198.51.100.0/24', '192.0.2.0/24', '203.0.113.0/24', '198.18.0.0/16'])).toBe('198.19.0.10');
  });

  it('moves out of a TEST-NET-2 external network, so every invariant holds there', () => {
    const cloud = normalizeCloud(testNet2Lab());
    expect(cloud.options.internet_probe_ip).toBe('192.0.2.10');
    const sim = simulate(cloud);
    expect(sim.trace('vm1', 'internet')).toBeNatted({ kind: 'SNAT' });
    expect(runCheck(sim, builtinInvariants).holds).toBe(true);
  });

  it('inside the cloud would give false violations (what the validation rule prevents)', () => {
    const cloud = normalizeCloud(testNet2Lab());
    const inside = simulate({ ...cloud, options: { ...cloud.options, internet_probe_ip: '198.51.100.10' } });
    expect(inside).not.toSatisfy(everyInstanceReachesTheInternet);
  });

  it('can be set in the topology, and a collision names the probe and the subnet', () => {
    expect(normalizeCloud(testNet2Lab({ internet_probe_ip: '8.8.8.8' })).options.internet_probe_ip).toBe('8.8.8.8');
    expect(validateSpec(testNet2Lab({ internet_probe_ip: '8.8.8.8' }), 'lab.yaml')).toEqual([]);
    const issues = validateSpec(testNet2Lab({ internet_probe_ip: '198.51.100.10' }), 'lab.yaml');
    expect(issues.map(formatIssue)).toEqual([
      'lab.yaml: options.internet_probe_ip: the internet probe 198.51.100.10 is inside subnet provider1-v4 (198.51.100.0/24) (subnets[2]); choose an address outside every subnet of the cloud [probe-inside-subnet]',
    ]);
    expect(validateSpec(testNet2Lab({ internet_probe_ip: 'internet' }), 'lab.yaml').map((i) => i.rule)).toEqual(['invalid-ip']);
  });
});
