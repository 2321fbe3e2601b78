// The global expect, with the user's own fast-check driving netspec's arbitraries.
import fc from 'fast-check';
import { qdhcp, referenceCloud, sameNetworkNeverRouted, simulate } from 'netspec';
import { arb } from 'netspec/arbitraries';

const cloud = simulate(referenceCloud());
const { trace } = cloud;

describe('my cloud', () => {
  it('keeps same-network traffic off the routers', () => {
    expect(trace('vm1', 'vm2')).toNeverTraverse('qrouter-*');
    expect(trace('vm1', 'vm2')).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
    expect(trace('vm1', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(cloud).toSatisfy(sameNetworkNeverRouted);
  });

  it('fails a wrong expectation with the path, and types the arguments', () => {
    expect(() => expect(trace('vm1', 'vm2')).toTraverse('qrouter-*')).toThrow(/Expected the packet/);
    // @ts-expect-error a port is a number
    expect(() => expect(trace('vm1', 'metadata')).toReachPort('9697')).toThrow('Matcher error');
  });

  it('holds on generated clouds', () => {
    fc.assert(fc.property(arb.cloud({ computeHosts: { min: 1, max: 2 } }), (generated) => {
      expect(simulate(generated)).toSatisfy(sameNetworkNeverRouted, { evenIfNoFlow: true }); // a random cloud may have no two instances on one subnet
    }), { numRuns: 5, seed: 42 });
  });
});
