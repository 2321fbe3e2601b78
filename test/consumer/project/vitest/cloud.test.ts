import { describe, expect, it } from 'vitest';
import { qdhcp, referenceCloud, sameNetworkNeverRouted, simulate } from 'netspec';

const cloud = simulate(referenceCloud());

describe('my cloud, under Vitest', () => {
  it('keeps same-network traffic off the routers', () => {
    expect(cloud.trace('vm1', 'vm2')).toNeverTraverse('qrouter-*');
    expect(cloud.trace('vm1', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(cloud).toSatisfy(sameNetworkNeverRouted);
    expect(cloud.trace('vm1', 'vm3')).toBeDeliveredTo('vm3');
  });

  it('fails a wrong expectation with the path', () => {
    expect(() => expect(cloud.trace('vm1', 'vm2')).toTraverse('qrouter-*')).toThrow(/Expected the packet/);
  });

  it('takes a predicate in toSatisfy, as Vitest does', () => {
    expect(2).toSatisfy((n: number) => n % 2 === 0);
  });
});
