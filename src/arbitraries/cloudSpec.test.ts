/**
 * Contract tests of `arb.cloudSpec` (fast-check's ArbitraryAssertions, applied to clouds): the same
 * seed gives the same spec, every spec and every spec shrinking visits is valid, shrinks never
 * grow, and shrinking ends at the smallest cloud that still fails.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { validateSpec } from '../model/validate';
import type { CloudSpec } from '../model/spec';
import { cloudSpec } from './cloudSpec';
import { sample, shrinkRun, specSize } from './__fixtures__/contract';

const issues = (s: CloudSpec) => validateSpec(structuredClone(s), 'arb').map((i) => `${i.path}: ${i.message}`);
const SEEDS = [1, 42, 2024, 77777];
const routerPorts = (s: CloudSpec) => (s.routers ?? []).reduce((n, r) => n + (r.interfaces?.length ?? 0), 0);
const hosts = (s: CloudSpec) => new Set((s.instances ?? []).map((i) => i.host)).size;

describe('arb.cloudSpec', () => {
  it('gives the same specs, printed the same, for the same seed', () => {
    for (const seed of SEEDS) {
      const a = sample(cloudSpec(), seed), b = sample(cloudSpec(), seed);
      expect(b).toEqual(a);
      expect(b.map((s) => fc.stringify(s))).toEqual(a.map((s) => fc.stringify(s)));
    }
    expect(sample(cloudSpec(), 1)).not.toEqual(sample(cloudSpec(), 2));
  });

  it('generates only valid specs (1,000 of them, under wide constraints)', () => {
    const wide = cloudSpec({
      computeHosts: { max: 6 }, networks: { max: 6 }, subnetsPerNetwork: { max: 3 }, routers: { max: 3 }, instances: { max: 12 },
      tunnelType: ['vxlan', 'gre'], dhcp: [true, false], portSecurity: [true, false],
    });
    fc.assert(fc.property(wide, (s) => { expect(issues(s)).toEqual([]); }), { numRuns: 1000, seed: 7 });
  });

  describe.each([
    ['always fails', () => true],
    ['fails with instances on two hosts', (s: CloudSpec) => hosts(s) >= 2],
    ['fails when a router joins two subnets', (s: CloudSpec) => (s.routers ?? []).some((r) => (r.interfaces?.length ?? 0) >= 2)],
    ['fails with 3+ router ports and a gateway', (s: CloudSpec) => routerPorts(s) >= 3 && (s.routers ?? []).some((r) => r.external_gateway_info)],
  ] as const)('shrinking a property that %s', (_name, failsFor) => {
    const runs = SEEDS.map((seed) => shrinkRun(cloudSpec({ routers: { max: 3 }, instances: { max: 8 } }), failsFor, seed, 300));

    it('visits only valid specs', () => {
      for (const run of runs) {
        expect(run.counterexample).toBeDefined();
        for (const { value } of run.steps) expect(issues(value)).toEqual([]);
      }
    });

    it('never proposes a bigger cloud than the one it shrinks', () => {
      for (const run of runs) {
        for (const { value, parent } of run.steps) if (parent) expect(specSize(value)).toBeLessThanOrEqual(specSize(parent));
      }
    });

    it('makes the cloud smaller along the way and ends no bigger than where it started', () => {
      for (const run of runs) {
        const sizes = run.path.map(specSize);
        sizes.slice(1).forEach((s, i) => expect(s).toBeLessThanOrEqual(sizes[i]));
        if (run.numShrinks > 0) expect(specSize(run.counterexample!)).toBeLessThanOrEqual(sizes[0]);
      }
    });
  });

  it('shrinks an always-failing property to the smallest cloud', () => {
    const minimal = SEEDS.map((seed) => fc.stringify(shrinkRun(cloudSpec(), () => true, seed).counterexample));
    expect(new Set(minimal)).toEqual(new Set(['net1(10.1.0.0/24); vm1@compute1:net1; 1 compute [vni 1]']));
  });

  it('shrinks to exactly what makes a property fail', () => {
    const twoHosts = shrinkRun(cloudSpec(), (s) => hosts(s) >= 2, 42).counterexample!;
    // Two instances on two hosts, whichever way round the shrink leaves them.
    expect(fc.stringify(twoHosts)).toMatch(/^net1\(10\.1\.0\.0\/24\); vm1@compute([12]):net1 vm2@compute(?!\1)[12]:net1; 2 compute \[vni 1\]$/);
    const joined = shrinkRun(cloudSpec(), (s) => (s.routers ?? []).some((r) => (r.interfaces?.length ?? 0) >= 2), 42).counterexample!;
    expect(fc.stringify(joined)).toMatch(/^net1\(10\.1\.0\.0\/24\)—r1—net[12]\(10\.[12]\.[01]\.0\/24\); vm1@compute1:net1(-s1)?; 1 compute \[vni 1\]$/);
  });

  it('floatingIp: [true] gives every instance behind a router with a gateway a FIP, [false] none', () => {
    const behindGateway = (s: CloudSpec) => (s.instances ?? []).filter((i) => (s.routers ?? []).some((r) => r.external_gateway_info
      && r.interfaces?.some((f) => f.subnet === i.ports[0].fixed_ips?.[0]?.subnet))).map((i) => i.name);
    let some = 0;
    for (const seed of SEEDS) {
      for (const s of sample(cloudSpec({ floatingIp: [true], routers: { min: 1 }, routerGateway: [true] }), seed)) {
        expect((s.floatingips ?? []).map((f) => f.instance)).toEqual(behindGateway(s));
        some += s.floatingips?.length ?? 0;
      }
      for (const s of sample(cloudSpec({ floatingIp: [false] }), seed)) expect(s.floatingips).toBeUndefined();
    }
    expect(some).toBeGreaterThan(0);
  });

  it('haRouter [true] makes every router HA and adds network2 as its second L3 agent; [false] none', () => {
    for (const s of sample(cloudSpec({ haRouter: [true], routers: { min: 1, max: 2 } }), 7, 20)) {
      expect(s.routers!.every((r) => r.ha === true)).toBe(true);
      expect(s.hosts.map((h) => h.name)).toContain('network2');
    }
    for (const s of sample(cloudSpec({ haRouter: [false] }), 7, 20)) {
      expect(s.routers!.some((r) => r.ha)).toBe(false);
      expect(s.hosts.map((h) => h.name)).not.toContain('network2');
    }
  });

  it('trunk [true] gives instances a trunk with a subport on the next network under the openvswitch driver only; [false] none', () => {
    let some = 0;
    for (const s of sample(cloudSpec({ trunk: [true], firewall: 'openvswitch', networks: { min: 2, max: 3 } }), 7, 20)) {
      for (const t of s.trunks ?? []) {
        const parent = s.instances!.find((i) => i.name === t.instance)!;
        expect(t.sub_ports!.map((p) => p.network)).not.toContain(parent.ports[0].network);
        some++;
      }
    }
    expect(some).toBeGreaterThan(0);
    for (const s of sample(cloudSpec({ trunk: [true], firewall: 'iptables_hybrid' }), 7, 20)) expect(s.trunks).toBeUndefined();
    for (const s of sample(cloudSpec(), 7, 20)) expect(s.trunks).toBeUndefined();
  });

  it('honours every constraint', () => {
    const c = { computeHosts: 3, networks: { min: 2, max: 2 }, subnetsPerNetwork: 1, routers: 1, instances: { min: 4, max: 5 },
      tunnelType: 'gre', firewall: 'openvswitch', l2Population: false, arpResponder: true, forceMetadata: true,
      isolatedMetadata: false, dhcp: false, subnetGateway: false, routerGateway: true, portSecurity: false, prefixLength: 26, haRouter: true } as const;
    for (const s of sample(cloudSpec(c), 3, 50)) {
      expect(s.hosts.filter((h) => h.role === 'compute')).toHaveLength(3);
      expect(s.networks.filter((n) => !n['router:external']).map((n) => n['provider:network_type'])).toEqual(['gre', 'gre']);
      expect(s.subnets.filter((x) => x.network !== 'provider1')).toEqual([
        expect.objectContaining({ cidr: '10.1.0.0/26', gateway_ip: null, enable_dhcp: false }),
        expect.objectContaining({ cidr: '10.2.0.0/26', gateway_ip: null, enable_dhcp: false }),
      ]);
      expect(s.routers).toEqual([{ name: 'r1', external_gateway_info: { network: 'provider1' }, ha: true, interfaces: [] }]);
      expect(s.hosts.filter((h) => h.role === 'network').map((h) => h.name)).toEqual(['network1', 'network2']);
      expect(s.instances!.length).toBeGreaterThanOrEqual(4);
      expect(s.instances!.every((i) => i.ports[0].port_security_enabled === false)).toBe(true);
      expect(s.options).toEqual({ tunnel_type: 'gre', firewall_driver: 'openvswitch', l2_population: false, arp_responder: true,
        force_metadata: true, enable_isolated_metadata: false });
    }
  });

  it('prints each cloud on one compact line', () => {
    for (const s of sample(cloudSpec(), 11, 100)) {
      const text = fc.stringify(s);
      expect(text).not.toMatch(/[\n"]/);
      expect(text.length).toBeLessThan(400);
    }
  });

  it.each([
    [{ computeHosts: { min: 3, max: 2 } }, 'arb.cloudSpec: computeHosts.max must be >= computeHosts.min (got min 3, max 2)'],
    [{ networks: { min: 0 } }, 'arb.cloudSpec: networks.min must be >= 1 (got 0)'],
    [{ routers: 21 }, 'arb.cloudSpec: routers.max must be <= 20 (got 21)'],
    [{ instances: { max: 2.5 } }, 'arb.cloudSpec: instances.max must be an integer (got 2.5)'],
    [{ tunnelType: [] }, 'arb.cloudSpec: tunnelType must allow at least one value'],
    [{ firewall: 'nftables' }, 'arb.cloudSpec: firewall: "nftables" is not one of "iptables_hybrid", "openvswitch"'],
    [{ prefixLength: 29, instances: { max: 6 } }, 'arb.cloudSpec: instances.max (6) does not fit a /29 subnet (6 usable addresses, 8 needed); lower prefixLength.max or instances.max'],
  ])('rejects %j', (c, message) => {
    expect(() => cloudSpec(c as never)).toThrow(message);
  });

  it('moves the other end of a range along when only one end is given', () => {
    for (const s of sample(cloudSpec({ computeHosts: { min: 6 } }), 5, 10)) expect(s.hosts.filter((h) => h.role === 'compute')).toHaveLength(6);
    for (const s of sample(cloudSpec({ instances: { max: 0 } }), 5, 10)) expect(s.instances).toEqual([]);
  });
});
