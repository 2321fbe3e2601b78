/**
 * Shared by the matcher tests: the message of a failing assertion (colors stripped, so snapshots
 * are the same in CI and in a terminal) and the clouds the tests trace through.
 */
import { stripVTControlCharacters } from 'node:util';
import {
  cloudBuilder, inject, referenceCloud, referenceCloudSpec, simulate, type Fault, type Simulation,
} from '../../src';

/** The message `fn` throws, without ANSI colors; fails the test when `fn` does not throw. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return stripVTControlCharacters(err instanceof Error ? err.message : String(err));
  }
  throw new Error('expected the assertion to fail, but it passed');
}

/** The reference cloud as the install guide builds it. */
export const healthy: Simulation = simulate(referenceCloud());

export function device(sim: Simulation, host: string, prefix: string): string {
  const found = sim.dataplane.hosts.find((h) => h.name === host)?.devices.find((d) => d.name.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix}* device on ${host}`);
  return found.name;
}

/** The tap of an instance's first port, as Nova names it: `tap` + the port id's first 11 characters. */
export function tapOf(sim: Simulation, instance: string): string {
  const inst = sim.cloud.instances.find((i) => i.name === instance);
  if (!inst) throw new Error(`no instance ${instance}`);
  return `tap${inst.ports[0].slice(0, 11)}`;
}

/** A network's qdhcp namespace name. */
export function qdhcpOf(sim: Simulation, network: string): string {
  const net = sim.cloud.networks.find((n) => n.name === network);
  if (!net) throw new Error(`no network ${network}`);
  return `qdhcp-${net.id}`;
}

export const broken = (fault: Fault): Simulation => healthy.withDataplane(inject(healthy.dataplane, fault));

/** router1's qrouter lost its metadata REDIRECT: 169.254.169.254 is SNATed out to the internet. */
export const noMetadataRedirect = broken({
  kind: 'rule-missing', host: 'network1', namespace: device(healthy, 'network1', 'qrouter-'),
  table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
});

/** vm1 has a guest route sending vm2 (same network) through router1. */
export const vm1RoutesVm2 = broken({
  kind: 'instance-route', host: 'compute1', instance: 'vm1', destination: '192.168.1.12/32', via: '192.168.1.1',
});

/** vm1's security group drops its outgoing ICMP on compute1. */
export const vm1IcmpDropped = broken({ kind: 'sg-drop', host: 'compute1', tap: tapOf(healthy, 'vm1'), proto: 'icmp' });

/** selfservice1's dnsmasq is not running. */
export const dnsmasqDown = broken({
  kind: 'process-down', host: 'network1', namespace: qdhcpOf(healthy, 'selfservice1'), process: 'dnsmasq',
});

/** The reference cloud plus vm5 on compute1 and selfservice1, beside vm1. */
export const withVm5: Simulation = simulate(
  cloudBuilder.from(referenceCloudSpec).instance({ name: 'vm5', host: 'compute1', network: 'selfservice1', ip: '192.168.1.15' }).build(),
);

/** Values that are not traces, for the matcher-error tests. */
export const notTraces: [string, unknown][] = [['a number', 42], ['an empty object', {}], ['null', null], ['a simulation', healthy]];

/** The hop lines a message marks as offending (`✗`), without the mark and the indentation. */
export function marked(message: string): string[] {
  return message.split('\n').filter((l) => l.trimStart().startsWith('✗ ')).map((l) => l.trimStart().slice(2).trim());
}
