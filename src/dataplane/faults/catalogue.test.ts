/**
 * The fault catalogue: every kind has places in some cloud, every place injects, every injection
 * changes the data plane, and `inject` never touches its input.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cloudBuilder } from '../../model/builder';
import { loadTopology } from '../../model/load';
import { referenceCloud, referenceCloudSpec } from '../../model/reference';
import { realize } from '../../realize';
import { cloud } from '../../arbitraries/cloud';
import type { Dataplane } from '../types';
import { describeFault, FAULT_KINDS, faultSites, FaultError, inject } from '.';
import { modeVariants } from '../../mutation/clouds';

const reference = realize(referenceCloud());
const ovsfw = realize(cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build());
/** router1 HA between network1 (primary) and network2: the VRRP faults' places. */
const ha = realize(loadTopology('examples/ha-router.yaml'));
/** One cloud per newer mode (DVR, trunk, security-group features): the places of their kinds (mode-kinds.test.ts). */
const modes = modeVariants().map((c) => realize(c.cloud));

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) { for (const x of Object.values(v)) deepFreeze(x); Object.freeze(v); }
  return v;
}

describe('the fault catalogue', () => {
  it('has places for every kind in the reference cloud (hybrid or native firewall, or with router1 HA) or a mode cloud', () => {
    const kinds = new Set([...faultSites(reference), ...faultSites(ovsfw), ...faultSites(ha), ...modes.flatMap((dp) => faultSites(dp))].map((f) => f.kind));
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
  });

  it.each([['iptables_hybrid', reference], ['openvswitch', ovsfw], ['HA-router', ha]] as const)(
    'injects every place of the %s reference cloud, each changing the data plane, none touching the input',
    (_driver, dp) => {
      const frozen = deepFreeze(structuredClone(dp));
      const before = JSON.stringify(frozen);
      for (const f of faultSites(frozen)) {
        const broken = inject(frozen, f);
        expect([describeFault(f), JSON.stringify(broken) !== before]).toEqual([describeFault(f), true]);
      }
      expect(JSON.stringify(frozen)).toBe(before);
    },
  );

  it('never mutates its input, on random clouds and random faults', () => {
    fc.assert(fc.property(cloud(), fc.nat(), (c, k) => {
      const dp = realize(c);
      const sites = faultSites(dp);
      const f = sites[k % sites.length];
      const before = JSON.stringify(dp);
      const broken = inject(dp, f);
      expect(JSON.stringify(dp)).toBe(before);
      expect(JSON.stringify(broken)).not.toBe(before);
    }), { numRuns: 200, seed: 3 });
  });

  it('describes faults on one line', () => {
    expect(faultSites(reference, ['port-vlan']).map(describeFault)[0]).toMatch(/^port-vlan qr-[0-9a-f-]{11}@network1 → vlan \d+$/);
    expect(faultSites(ovsfw, ['ovs-sg-drop']).map(describeFault)[0]).toMatch(/^ovs-sg-drop tap[0-9a-f-]{11}@compute1 udp\/67$/);
    expect(faultSites(reference, ['relay-target']).map(describeFault)).toEqual([
      'relay-target neutron-metadata-agent in root@network1 → 10.0.0.11:8774',
      'relay-target neutron-metadata-agent in root@network1 → 10.0.0.21:8775',
      expect.stringMatching(/^relay-target haproxy in qrouter-\S+@network1 → unix:\/var\/lib\/neutron\/metadata_proxy\.missing$/),
    ]);
  });
});

describe('the new kinds', () => {
  const tapOf = (dp: Dataplane, vm: string) => {
    const e = dp.endpoints.instances.find((i) => i.name === vm)!;
    const l = dp.links.find((x) => x.a.device === e.namespace && x.a.host === e.host)!;
    return l.b.port;
  };

  it('ovs-sg-drop puts a drop flow ahead of the port’s egress pipeline, and needs the native driver', () => {
    const tap = tapOf(ovsfw, 'vm1');
    const broken = inject(ovsfw, { kind: 'ovs-sg-drop', host: 'compute1', tap, proto: 'udp', dport: 67 });
    const br = broken.hosts.find((h) => h.name === 'compute1')!.devices.find((d) => d.name === 'br-int')!;
    expect(br.kind === 'ovs' && br.flows[0]).toEqual({
      table: 71, priority: 100, match: { inPort: tap, ethType: 'ip', nwProto: 'udp', tpDst: 67 }, actions: [{ type: 'drop' }],
      note: 'injected: security group drops this traffic',
    });
    expect(() => inject(reference, { kind: 'ovs-sg-drop', host: 'compute1', tap: tapOf(reference, 'vm1'), proto: 'udp', dport: 67 }))
      .toThrow(FaultError);
  });

  it('relay-target points a relay elsewhere, and needs a relaying process', () => {
    const broken = inject(reference, { kind: 'relay-target', host: 'network1', namespace: 'root', process: 'neutron-metadata-agent', to: { ip: '10.0.0.11', port: 8774, proto: 'tcp' } });
    const agent = broken.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name === 'root')!;
    expect(agent.kind === 'namespace' && agent.listeners.find((l) => l.process === 'neutron-metadata-agent')!.behaviour)
      .toEqual({ kind: 'relay', to: { ip: '10.0.0.11', port: 8774, proto: 'tcp' } });
    expect(() => inject(reference, { kind: 'relay-target', host: 'controller', namespace: 'root', process: 'nova-api-metadata', to: { unix: '/x' } }))
      .toThrow('no relaying nova-api-metadata in root@controller');
  });
});
