/**
 * The fault kinds of distributed routers, trunks and the security-group features: each has places
 * on its mode's cloud, every place injects and changes the data plane without touching its input,
 * and an invariant catches a typical one (holding on the healthy cloud).
 */
import { describe, expect, it } from '@jest/globals';
import {
  allowedAddressPairsPass, dhcpAnsweredByOwnQdhcp, dvrMacsStayLocal, everyInstanceReachesTheInternet, floatingIpReachesItsInstance,
  sameNetworkNeverRouted, statelessGroupsSkipConntrack, trunkPortsKeepTheirVlans, type Invariant,
} from '../../invariants';
import { modeVariants } from '../../mutation/clouds';
import { simulate, type Simulation } from '../../simulation';
import { describeFault, faultSites, FaultError, inject, type Fault, type FaultKind } from '.';
import { DVR_FAULT_KINDS } from './dvr-sites';
import { SECURITY_GROUP_FAULT_KINDS } from './sg-sites';
import { TRUNK_FAULT_KINDS } from './trunk-sites';

const clouds = Object.fromEntries(modeVariants().map((c) => [c.label, simulate(c.cloud)]));
const dvr = clouds.dvr, trunk = clouds.trunk, hybrid = clouds['sg-features [hybrid]'], ovsfw = clouds['sg-features [ovsfw]'];

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) { for (const x of Object.values(v)) deepFreeze(x); Object.freeze(v); }
  return v;
}

const homes: [string, readonly FaultKind[], Simulation[]][] = [
  ['DVR', DVR_FAULT_KINDS, [dvr]], ['trunk', TRUNK_FAULT_KINDS, [trunk]], ['security-group', SECURITY_GROUP_FAULT_KINDS, [hybrid, ovsfw]],
];

describe.each(homes)('the %s kinds', (_mode, kinds, sims) => {
  it('have places on their mode’s cloud', () => {
    const placed = new Set(sims.flatMap((s) => faultSites(s.dataplane, kinds)).map((f) => f.kind));
    expect([...placed].sort()).toEqual([...kinds].sort());
  });

  it('inject at every place, each changing the data plane, none touching the input', () => {
    for (const sim of sims) {
      const frozen = deepFreeze(structuredClone(sim.dataplane));
      const before = JSON.stringify(frozen);
      for (const f of faultSites(frozen, kinds)) {
        expect([describeFault(f), JSON.stringify(inject(frozen, f)) !== before]).toEqual([describeFault(f), true]);
      }
      expect(JSON.stringify(frozen)).toBe(before);
    }
  });
});

/** The first place of `kind` on `sim` that `pick` accepts. */
function site<K extends FaultKind>(sim: Simulation, kind: K, pick: (f: Extract<Fault, { kind: K }>) => boolean = () => true): Extract<Fault, { kind: K }> {
  const f = (faultSites(sim.dataplane, [kind]) as Extract<Fault, { kind: K }>[]).find(pick);
  if (!f) throw new Error(`no ${kind} place`);
  return f;
}

const caught: [string, Simulation, () => Fault, Invariant][] = [
  ['a distributed router’s frames leave compute1 with the shared gateway MAC (br-tun DVR_PROCESS rewrite missing)', dvr,
    () => site(dvr, 'dvr-flow-missing', (f) => f.bridge === 'br-tun' && f.host === 'compute1' && f.table === 1 && f.match.dlSrc !== undefined), dvrMacsStayLocal],
  ['frames from a DVR MAC reach guests unrewritten (br-int’s table-0 entry to DVR_TO_SRC_MAC missing)', dvr,
    () => site(dvr, 'dvr-flow-missing', (f) => f.bridge === 'br-int' && f.host === 'compute2' && f.table === 0 && f.match.dlSrc === dvrMacOf(dvr, 'compute1')), dvrMacsStayLocal],
  ['compute1’s qrouter- lost its entry for vm1 and ARPs for it', dvr,
    () => site(dvr, 'dvr-neighbour-missing', (f) => f.host === 'compute1' && f.ip === '192.168.1.11'), dvrMacsStayLocal],
  ['the rule toward snat- of compute2’s qrouter- looks up an empty table', dvr,
    () => site(dvr, 'dvr-rule-table', (f) => f.host === 'compute2' && f.namespace.startsWith('qrouter-')), everyInstanceReachesTheInternet],
  ['fg- answers no ARP for the floating IP', dvr, () => site(dvr, 'fip-proxy-arp-off'), floatingIpReachesItsInstance],
  ['fip- lost its route to the floating IP via fpr-', dvr, () => site(dvr, 'fip-route-missing', (f) => f.namespace.startsWith('fip-')), floatingIpReachesItsInstance],
  ['a subport’s spt- carries another subport’s VLAN', trunk, () => site(trunk, 'trunk-subport-tag', (f) => f.port.startsWith('spt-')), trunkPortsKeepTheirVlans],
  ['a subport’s spi- sits on another local VLAN', trunk, () => site(trunk, 'trunk-subport-tag', (f) => f.port.startsWith('spi-')), trunkPortsKeepTheirVlans],
  ['a subport’s patch pair is missing', trunk, () => site(trunk, 'trunk-subport-missing'), trunkPortsKeepTheirVlans],
  ['the parent’s tpt- is tagged', trunk, () => site(trunk, 'trunk-parent-tagged'), dhcpAnsweredByOwnQdhcp],
  ['web’s VIP is gone from its anti-spoofing chain (iptables_hybrid)', hybrid, () => site(hybrid, 'address-pair-missing'), allowedAddressPairsPass],
  ['web’s VIP is gone from br-int table 71 (openvswitch)', ovsfw, () => site(ovsfw, 'address-pair-missing'), allowedAddressPairsPass],
  ['the stateless echo port is tracked (its NOTRACK rules missing)', hybrid, () => site(hybrid, 'sg-notrack', (f) => f.mode === 'missing'), statelessGroupsSkipConntrack],
  ['a stateful port is exempt from conntrack', hybrid, () => site(hybrid, 'sg-notrack', (f) => f.mode === 'extra'), statelessGroupsSkipConntrack],
  ['the conj_id flow letting pings from web’s members into db is missing', ovsfw,
    () => site(ovsfw, 'conjunction-flow-missing', (f) => f.match.conjId !== undefined && f.conjunction === icmpConjunction(ovsfw)), sameNetworkNeverRouted],
];

/** The conjunction of an ICMP rule from a remote group: db's pings from members of web. */
function icmpConjunction(sim: Simulation): number {
  return site(sim, 'conjunction-flow-missing', (f) => f.match.nwProto === 'icmp').conjunction;
}

/** A host's DVR MAC: what its br-tun DVR_PROCESS rewrites a local router's source to. */
function dvrMacOf(sim: Simulation, host: string): string {
  const br = sim.dataplane.hosts.find((h) => h.name === host)!.devices.find((d) => d.name === 'br-tun')!;
  const a = br.kind === 'ovs' ? br.flows.flatMap((f) => (f.table === 1 ? f.actions : [])).find((x) => x.type === 'mod_dl_src') : undefined;
  return a?.type === 'mod_dl_src' ? a.mac : '';
}

describe('an invariant catches', () => {
  it.each(caught)('%s', (_what, sim, fault, invariant) => {
    expect(invariant.check(sim)).toMatchObject({ holds: true, applicable: true });
    const f = fault();
    const broken = invariant.check(sim.withDataplane(inject(sim.dataplane, f)));
    expect([describeFault(f), broken.holds]).toEqual([describeFault(f), false]);
  });
});

describe('the kinds refuse places that are not there', () => {
  it('names what is missing', () => {
    expect(() => inject(dvr.dataplane, { kind: 'dvr-neighbour-missing', host: 'compute1', namespace: 'root', ip: '192.0.2.1', dev: 'eth0' }))
      .toThrow(new FaultError('root@compute1 has no neighbour entry 192.0.2.1 dev eth0'));
    expect(() => inject(trunk.dataplane, { kind: 'trunk-subport-missing', host: 'compute1', bridge: 'br-int', port: 'spt-x', peer: 'spi-x' }))
      .toThrow('br-int@compute1 has no patch spt-x to spi-x');
    expect(() => inject(ovsfw.dataplane, { kind: 'sg-notrack', host: 'compute1', tap: 'tapnothing', mode: 'missing' }))
      .toThrow('tapnothing@compute1 is not exempt from conntrack');
  });

  it('describes each on one line', () => {
    expect(describeFault(site(dvr, 'dvr-rule-table'))).toMatch(/^dvr-rule-table priority \d+ lookup \d+ → \d+ in (qrouter|fip)-\S+@\w+$/);
    expect(describeFault(site(trunk, 'trunk-parent-tagged'))).toMatch(/^trunk-parent-tagged tpt-[0-9a-f-]{11} on tbr-[0-9a-f-]{10}@compute1 → vlan \d+$/);
    expect(describeFault(site(hybrid, 'address-pair-missing'))).toMatch(/^address-pair-missing 192\.168\.1\.200 of tap[0-9a-f-]{11}@compute2$/);
  });
});
