/** A second DHCP server on a network fails dhcpAnsweredByOwnQdhcp whichever answer a trace calls decisive. */
import { describe, expect, it } from '@jest/globals';
import { faultSites, inject, type Fault } from '../dataplane/faults';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import { leaves } from '../trace/leaves';
import { dhcpAnsweredByOwnQdhcp } from './dhcpAnsweredByOwnQdhcp';
import { instancesOf } from './flows';

const sim = simulate(referenceCloud());
const rogueFault = faultSites(sim.dataplane, ['rogue-dhcp']).find((f): f is Extract<Fault, { kind: 'rogue-dhcp' }> => f.kind === 'rogue-dhcp' && f.serverIp === '192.168.1.1')!;
const rogue = sim.withDataplane(inject(sim.dataplane, rogueFault));
const vm1 = instancesOf(rogue).find((i) => i.instance.name === 'vm1')!;
const qdhcp = `qdhcp-${vm1.network}`;

describe('dhcpAnsweredByOwnQdhcp and a rogue DHCP server', () => {
  it('fails when the rogue’s offer is the one the trace ends with', () => {
    const t = rogue.trace('vm1', 'dhcp');
    expect(t.disposition).toMatchObject({ kind: 'answered', at: { device: rogueFault.namespace } });
    expect(dhcpAnsweredByOwnQdhcp.check(rogue).violations[0].reason).toMatch(/^answered by qrouter-\S+@network1, not qdhcp-/);
  });

  it('fails when its own qdhcp’s offer is decisive but the rogue’s reaches the instance too', () => {
    const t = rogue.trace('vm1', 'dhcp');
    const own = leaves(t.root).find((l) => l.end.kind === 'answered' && l.end.at.device === qdhcp)!;
    // The same walk, had qdhcp's answer been ranked first: the rogue's answer still got home.
    const ownFirst = { ...t, disposition: own.end };
    const verdict = dhcpAnsweredByOwnQdhcp.judge!(rogue).verdict(ownFirst, vm1, 'dhcp');
    expect(verdict?.reason).toBe(`${rogueFault.namespace}@network1 answered too, and its answer reached vm1: a second DHCP server on selfservice1`);
    expect(dhcpAnsweredByOwnQdhcp.judge!(sim).verdict(sim.trace('vm1', 'dhcp'), vm1, 'dhcp')).toBeNull();
  });
});
