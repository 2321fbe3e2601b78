import { describe, expect, it } from '@jest/globals';
import { FaultError, inject } from '../dataplane/faults';
import { referenceCloud } from '../model/reference';
import { simulate, type Simulation } from '../simulation';
import { ForkError } from './edits';
import { fork } from './fork';

/** Freezes a value and everything it holds: a write anywhere in it then throws (specs run in strict mode). */
function deepFreeze<T>(x: T, seen = new Set<unknown>()): T {
  if (typeof x !== 'object' || x === null || seen.has(x)) return x;
  seen.add(x);
  for (const v of Object.values(x)) deepFreeze(v, seen);
  return Object.freeze(x);
}

const addressOf = (s: Simulation, vm: string) => s.dataplane.hosts.flatMap((h) => h.devices)
  .find((d) => d.kind === 'namespace' && d.name === vm && d.guest)!;

describe('fork', () => {
  it('never changes the base: its cloud and data plane are frozen throughout, and read the same after', () => {
    const base = simulate(referenceCloud());
    const before = JSON.stringify([base.cloud, base.dataplane]);
    deepFreeze(base.cloud);
    deepFreeze(base.dataplane);
    const f = fork(base).detachInterface('router1', 'selfservice2').stopAgent('dhcp', 'network1').migrate('vm1', 'compute2')
      .setAdminState('port', 'vm4', false).removeRule('default', 0);
    expect(f.simulate().trace('vm1', 'vm3').disposition.kind).not.toBe('delivered');
    expect(base.trace('vm1', 'vm3')).toBeDeliveredTo('vm3');
    expect(JSON.stringify([base.cloud, base.dataplane])).toBe(before);
  });

  it('gives every edit its own copy: two questions from one fork never meet', () => {
    const f = fork(referenceCloud());
    const noDhcp = f.stopAgent('dhcp', 'network1');
    const moved = f.migrate('vm1', 'compute2');
    expect(f.changes).toEqual([]);
    expect(noDhcp.changes).toEqual(['stopAgent("dhcp", "network1")']);
    expect(moved.changes).toEqual(['migrate("vm1", "compute2")']);
    expect(moved.simulate().trace('vm1', 'dhcp')).toBeAnsweredBy('dnsmasq');
    expect(noDhcp.simulate().trace('vm1', 'dhcp')).toBeDropped();
    expect(f.simulate()).toBe(f.base);
    expect(Object.isFrozen(f)).toBe(true);
  });

  it('changes a running cloud: guests keep their leases, unless they all boot again', () => {
    const f = fork(referenceCloud()).stopAgent('dhcp', 'network1');
    const kept = addressOf(f.simulate(), 'vm1');
    expect(kept.kind === 'namespace' && kept.interfaces[0].addresses).toEqual(['192.168.1.11/24']);
    expect(f.simulate().trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
    const rebooted = f.rebootGuests().simulate();
    const bare = addressOf(rebooted, 'vm1');
    expect(bare.kind === 'namespace' && bare.interfaces[0].addresses).toEqual([]);
    expect(rebooted.trace('vm1', 'vm2').disposition.kind).not.toBe('delivered');
  });

  it('injects faults after the edits, on the running plane; a fault naming missing state throws at its edit', () => {
    const base = simulate(referenceCloud());
    const qdhcp = base.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qdhcp-'))!.name;
    const f = fork(base).inject({ kind: 'process-down', host: 'network1', namespace: qdhcp, process: 'dnsmasq' });
    const s = f.simulate();
    expect(s.trace('vm1', 'dhcp')).toBeDropped();
    expect(s.trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
    expect(() => fork(base).detachInterface('router1', 'selfservice1').inject({ kind: 'process-down', host: 'network1', namespace: 'qrouter-nope', process: 'haproxy' }))
      .toThrow(FaultError);
  });

  it('refuses a cloud edit on a simulation whose plane was given, which the edit would lose', () => {
    const base = simulate(referenceCloud());
    const qdhcp = base.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qdhcp-'))!.name;
    const faulty = base.withDataplane(inject(base.dataplane, { kind: 'process-down', host: 'network1', namespace: qdhcp, process: 'dnsmasq' }));
    expect(() => fork(faulty).migrate('vm1', 'compute2')).toThrow(ForkError);
    expect(() => fork(faulty).migrate('vm1', 'compute2')).toThrow('fork the plain cloud and add the fault with .inject(fault)');
    expect(fork(faulty).inject({ kind: 'interface-down', host: 'compute1', namespace: 'vm1', iface: 'eth0' }).simulate().trace('vm1', 'vm2')).toBeDropped();
  });

  it('reboots the guests of a simulation whose plane was given on that plane: its fault stays', () => {
    const base = simulate(referenceCloud());
    const qdhcp = base.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qdhcp-'))!.name;
    const faulty = base.withDataplane(inject(base.dataplane, { kind: 'process-down', host: 'network1', namespace: qdhcp, process: 'dnsmasq' }));
    expect(faulty.trace('vm1', 'dhcp')).not.toBeAnsweredBy(qdhcp);
    const rebooted = fork(faulty).rebootGuests().simulate();
    expect(rebooted.trace('vm1', 'dhcp')).not.toBeAnsweredBy(qdhcp);
    // No DHCP server, so every guest boots without a lease, and its traffic goes nowhere.
    expect(rebooted.trace('vm1', 'vm2')).toBeDropped();
  });
});
