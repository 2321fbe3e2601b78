/**
 * The kinds that change a value, a route, a sysctl or a process: each changes the data plane
 * where it says, and some invariant catches it on the reference cloud.
 */
import { describe, expect, it } from '@jest/globals';
import { runCheck } from '../../check/run';
import { builtinInvariants } from '../../invariants';
import { referenceCloud } from '../../model/reference';
import { simulate } from '../../simulation';
import type { Dataplane, Namespace } from '../types';
import { describeFault, faultSites, inject, type Fault } from '.';

const sim = simulate(referenceCloud());
const dp = sim.dataplane;
const space = (d: Dataplane, host: string, name: string) => d.hosts.find((h) => h.name === host)!.devices.find((x): x is Namespace => x.kind === 'namespace' && x.name === name)!;
const qrouter = space(dp, 'network1', dp.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!.name);
const qrOf = (cidr: string) => qrouter.interfaces.find((i) => i.addresses.some((a) => a.startsWith(cidr)))!.name;
const qg = qrouter.interfaces.find((i) => i.name.startsWith('qg-'))!.name;
const site = (pick: (f: Fault) => boolean) => {
  const f = faultSites(dp).find(pick);
  if (!f) throw new Error('no such fault site in the reference cloud');
  return f;
};
const failing = (f: Fault) => runCheck(sim.withDataplane(inject(dp, f)), builtinInvariants, { classes: false }).results.filter((r) => !r.holds).map((r) => r.invariant);

describe('faults that change a value, a route, a sysctl or a process', () => {
  const cases: [string, Fault, (broken: Dataplane) => unknown, unknown, string][] = [
    ['route-missing: the router’s default route deleted',
      site((f) => f.kind === 'route-missing' && f.namespace === qrouter.name && f.destination === 'default'),
      (b) => space(b, 'network1', qrouter.name).routes.some((r) => r.destination === 'default'), false, 'everyInstanceReachesTheInternet'],
    ['route-wrong: the router’s default route via an address nobody holds',
      site((f) => f.kind === 'route-wrong' && f.namespace === qrouter.name),
      (b) => space(b, 'network1', qrouter.name).routes.find((r) => r.destination === 'default')?.via, '203.0.113.254', 'everyInstanceReachesTheInternet'],
    ['snat-source: SNAT to another address of the provider subnet',
      site((f) => f.kind === 'snat-source'),
      (b) => space(b, 'network1', qrouter.name).netfilter.tables.nat!['neutron-l3-agent-snat'].flatMap((r) => (r.target.type === 'SNAT' ? [r.target.toSource] : [])), ['203.0.113.254', '203.0.113.254'], 'everyInstanceReachesTheInternet'],
    ['address-changed: selfservice1’s qr- holds .254 instead of the gateway address',
      site((f) => f.kind === 'address-changed' && f.iface === qrOf('192.168.1.')),
      (b) => space(b, 'network1', qrouter.name).interfaces.find((i) => i.name === qrOf('192.168.1.'))!.addresses, ['192.168.1.254/24'], 'everyInstanceReachesItsGateway'],
    ['listener-port: haproxy on 9698, where no REDIRECT sends',
      site((f) => f.kind === 'listener-port' && f.process === 'haproxy'),
      (b) => space(b, 'network1', qrouter.name).listeners.find((l) => l.process === 'haproxy')!.port, 9698, 'metadataReachesProxy'],
    ['listener-port: the VXLAN endpoint of compute1 on 8472',
      site((f) => f.kind === 'listener-port' && f.host === 'compute1'),
      (b) => space(b, 'compute1', 'root').listeners.find((l) => l.behaviour.kind === 'tunnel-endpoint')!.port, 8472, 'overlayComplete'],
    ['dhcp-option: selfservice1’s classless default route via an address nobody holds',
      site((f) => f.kind === 'dhcp-option' && f.option === 'classless-static-route' && f.value.endsWith('0.0.0.0/0,192.168.1.254')),
      (b) => space(b, 'compute1', 'vm1').routes.find((r) => r.destination === 'default')?.via, '192.168.1.254', 'everyInstanceReachesTheInternet'],
    ['dhcp-lease-wrong: dnsmasq hands vm1 an address that is not its port’s (its security group then drops the OFFER)',
      site((f) => f.kind === 'dhcp-lease-wrong' && f.from === '192.168.1.11'),
      (b) => space(b, 'compute1', 'vm1').interfaces[0].dhcp?.state, 'failed', 'dhcpGuestsGetTheirSubnetSettings'],
    ['ip-forward-off in the router',
      site((f) => f.kind === 'ip-forward-off'),
      (b) => space(b, 'network1', qrouter.name).ipForward, false, 'routedTrafficCrossesOneQrouter'],
    ['rogue-dhcp: a second dnsmasq on selfservice1, in the router',
      site((f) => f.kind === 'rogue-dhcp' && f.serverIp === '192.168.1.1'),
      (b) => space(b, 'network1', qrouter.name).listeners.filter((l) => l.process === 'dnsmasq').length, 1, 'dhcpAnsweredByOwnQdhcp'],
    ['address-wrong-port: selfservice1’s gateway address on the qg-',
      site((f) => f.kind === 'address-wrong-port' && f.address === '192.168.1.1/24' && f.to === qg),
      (b) => space(b, 'network1', qrouter.name).interfaces.find((i) => i.name === qg)!.addresses, ['203.0.113.101/24', '192.168.1.1/24'], 'everyInstanceReachesItsGateway'],
  ];

  it.each(cases)('%s', (_what, fault, read, expected, catcher) => {
    expect(read(dp)).not.toEqual(expected);
    const broken = inject(dp, fault);
    // Booting the guests takes their DHCP answers: a changed option shows in the guest.
    expect(read(simulate(sim.cloud, broken).dataplane)).toEqual(expected);
    expect(builtinInvariants.every((i) => i.check(sim).holds)).toBe(true);
    expect([describeFault(fault), failing(fault)]).toEqual([describeFault(fault), expect.arrayContaining([catcher])]);
  });

  it('moves an address’s connected route with it', () => {
    const f = site((x) => x.kind === 'address-wrong-port' && x.address === '192.168.1.1/24' && x.to === qg);
    const routes = space(inject(dp, f), 'network1', qrouter.name).routes;
    expect(routes.find((r) => r.destination === '192.168.1.0/24')).toEqual({ destination: '192.168.1.0/24', dev: qg, proto: 'kernel' });
  });

  it('has a rogue DHCP server offer the network’s addresses with itself as router', () => {
    const f = site((x) => x.kind === 'rogue-dhcp' && x.serverIp === '192.168.1.1');
    const rogue = space(inject(dp, f), 'network1', qrouter.name).listeners.find((l) => l.process === 'dnsmasq')!;
    expect(rogue.behaviour.kind === 'dhcp-server' && rogue.behaviour.options.filter((o) => o.name === 'router' || o.name === 'classless-static-route'))
      .toEqual([{ name: 'router', value: '192.168.1.1' }]);
    const t = sim.withDataplane(inject(dp, f)).trace('vm1', 'dhcp');
    expect(t.disposition.kind === 'answered' && t.disposition.at.device).toBe(qrouter.name);
  });

  it('puts a rogue DHCP server only outside guests (a port’s anti-spoofing rules drop what a guest’s sends), and a wrong router inside its subnet', () => {
    const rogues = faultSites(dp, ['rogue-dhcp']);
    expect(rogues.map((f) => f.kind === 'rogue-dhcp' && f.namespace)).toEqual([qrouter.name, qrouter.name, qrouter.name]);
    expect(faultSites(dp, ['dhcp-option']).map(describeFault).filter((d) => d.includes('qdhcp-') && d.includes('router=')).map((d) => d.split(' ')[1]))
      .toEqual(['router=192.168.1.254', 'router=192.168.2.254', 'router=203.0.113.254']);
  });
});
