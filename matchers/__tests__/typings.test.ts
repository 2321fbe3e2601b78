/**
 * Both Jest typings see netspec's matchers: the global `expect` (@types/jest) and the one imported
 * from '@jest/globals'. `npx tsc --noEmit -p .` type-checks this file; the `@ts-expect-error` lines
 * prove the signatures are enforced (an unused directive is itself a compile error).
 */
import { expect as globalsExpect } from '@jest/globals';
import { qdhcp, qrouter, sameNetworkNeverRouted, type Trace } from 'netspec';
import { healthy, withVm5 } from './helpers';

const vm2: Trace = healthy.trace('vm1', 'vm2');
const vm3: Trace = healthy.trace('vm1', 'vm3');
const dhcp: Trace = healthy.trace('vm1', 'dhcp');
const metadata: Trace = healthy.trace('vm1', 'metadata');
const internet: Trace = healthy.trace('vm1', 'internet');
const local: Trace = withVm5.trace('vm1', 'vm5');

describe('the global expect', () => {
  test('types and runs every matcher', () => {
    expect(vm2).toBeDeliveredTo('vm2');
    expect(dhcp).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(vm2).not.toBeDropped({ by: 'qbr*', reason: /security group/ });
    expect(vm3).toTraverse(qrouter('router1'));
    expect(vm2).toNeverTraverse({ namespace: 'qrouter' });
    expect(vm3).toTraverseInOrder(['br-tun@compute1', 'router1', 'br-tun@network1']);
    expect(metadata).toReachPort(9697, { in: 'qrouter-*' });
    expect(vm2).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'compute2' });
    expect(local).toStayOnHost();
    expect(internet).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(healthy).toSatisfy(sameNetworkNeverRouted);
  });

  test('types .resolves', async () => {
    await expect(Promise.resolve(vm2)).resolves.toBeDeliveredTo('vm2');
  });

  test('rejects wrong argument types at compile time', () => {
    // @ts-expect-error a port is a number
    expect(() => expect(metadata).toReachPort('9697')).toThrow('Matcher error');
    // @ts-expect-error toTraverseInOrder takes an array
    expect(() => expect(vm3).toTraverseInOrder('router1')).toThrow('Matcher error');
    // @ts-expect-error no such NAT kind
    expect(() => expect(internet).toBeNatted({ kind: 'MASQUERADE' })).toThrow('Matcher error: option "kind" has the wrong type');
    // @ts-expect-error an invariant, not its name
    expect(() => expect(healthy).toSatisfy('sameNetworkNeverRouted')).toThrow('Matcher error');
  });
});

describe('expect from @jest/globals', () => {
  test('types and runs every matcher', () => {
    globalsExpect(vm2).toBeDeliveredTo('vm2');
    globalsExpect(dhcp).toBeAnsweredBy('dnsmasq');
    globalsExpect(vm2).not.toBeDropped();
    globalsExpect(vm3).toTraverse('router1');
    globalsExpect(vm2).toNeverTraverse('qrouter-*');
    globalsExpect(vm3).toTraverseInOrder([{ router: 'router1' }, 'vm3']);
    globalsExpect(dhcp).toReachPort(67, { in: qdhcp('selfservice1') });
    globalsExpect(vm3).toCrossTunnel({ vni: 102 });
    globalsExpect(vm3).not.toStayOnHost();
    globalsExpect(metadata).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    globalsExpect(healthy.cloud).toSatisfy(sameNetworkNeverRouted);
  });

  test('types .resolves', async () => {
    await globalsExpect(Promise.resolve(vm3)).resolves.toTraverse('qrouter-*');
  });

  test('rejects wrong argument types at compile time', () => {
    // @ts-expect-error a port is a number
    globalsExpect(() => globalsExpect(metadata).toReachPort('9697')).toThrow('Matcher error');
    // @ts-expect-error toTraverseInOrder takes an array
    globalsExpect(() => globalsExpect(vm3).toTraverseInOrder('router1')).toThrow('Matcher error');
    // @ts-expect-error no such tunnel type
    globalsExpect(() => globalsExpect(vm2).toCrossTunnel({ type: 'geneve' })).toThrow('Matcher error: option "type" has the wrong type');
    // @ts-expect-error an invariant, not its name
    globalsExpect(() => globalsExpect(healthy).toSatisfy('sameNetworkNeverRouted')).toThrow('Matcher error');
  });
});
