import { describe, expect, it } from '@jest/globals';
import { faultSites, inject } from '../dataplane/faults';
import { traceToJson } from '../trace/json';
import { cloudBuilder } from '../model/builder';
import { loadTopology } from '../model/load';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import { allFlows, canonical, flowKey, traceAll } from './flows';
import { proposedInvariants } from './proposed';
import { scoreMutants } from './score';
import { renderReport } from './table';

const reference = [{ label: 'reference', cloud: referenceCloud() }];
const kind = (r: ReturnType<typeof scoreMutants>, k: string) => r.kinds.find((x) => x.kind === k)!;

describe('the mutation score', () => {
  it('lists every flow of a cloud: pairs, then internet, DHCP and metadata per instance', () => {
    const flows = allFlows(realize(referenceCloud()));
    expect(flows).toHaveLength(4 * 3 + 4 * 3);
    expect(flows.slice(0, 3).map((f) => `${f.from}→${f.to}`)).toEqual(['vm1→vm2', 'vm1→vm3', 'vm1→vm4']);
    expect(flows.slice(-3).map((f) => f.to)).toEqual(['internet', 'dhcp', 'metadata']);
  });

  it('compares traces without the listeners’ configuration (a dnsmasq entry nobody asks for changes nothing)', () => {
    const dp = realize(referenceCloud());
    const flows = allFlows(dp);
    const before = traceAll(structuredClone(dp), flows).texts;
    // The first dnsmasq entry is the router interface's: no instance ever asks for it.
    const routerMac = faultSites(dp, ['dhcp-host-missing'])[0];
    const after = traceAll(inject(dp, routerMac), flows);
    expect(after.texts).toEqual(before);
    expect(after.traces.size).toBe(flows.length);
    // The raw JSON does differ: every delivery to dnsmasq carries its whole hosts file.
    const raw = (t: Parameters<typeof canonical>[0]) => JSON.stringify(traceToJson(t));
    const vm1dhcp = (x: ReturnType<typeof traceAll>) => x.traces.get(flowKey({ from: 'vm1', to: 'dhcp' }))!;
    expect(raw(vm1dhcp(after))).not.toBe(raw(vm1dhcp(traceAll(structuredClone(dp), flows))));
  });

  it('catches a missing REDIRECT and a missing SNAT, and finds equivalents', () => {
    const r = scoreMutants(reference, { perKind: Infinity, seed: 1, proposed: proposedInvariants });
    expect(r.clouds).toBe(1);
    expect(r.unhealthy).toEqual([]);
    expect(r.engineErrors).toEqual([]);
    const rules = kind(r, 'rule-missing');
    expect(rules.caughtBy.metadataReachesProxy).toBeGreaterThan(0);
    // Once missed (onlyOneGatewayPerRouter never looks at the source address), now caught by the
    // adopted structural invariant.
    expect(rules.caughtBy.everyInstanceReachesTheInternet).toBeGreaterThan(0);
    expect(kind(r, 'dhcp-host-missing').equivalent).toBeGreaterThan(0);
    for (const k of r.kinds) expect(k.injected).toBe(k.equivalent + k.caught + k.missed);
    expect(renderReport(r)).toMatch(/^fault kind +injected +equivalent +non-equiv +caught +missed/);
  });

  it('scores every fault kind of the catalogue on the reference clouds (one with router1 HA)', () => {
    const ovsfw = { label: 'ovsfw', cloud: cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build() };
    const ha = { label: 'ha-router', cloud: loadTopology('examples/ha-router.yaml') };
    const r = scoreMutants([...reference, ovsfw, ha], { perKind: 2, seed: 3 });
    expect(r.kinds.filter((k) => k.injected === 0).map((k) => k.kind)).toEqual([]);
  });
});
