import { loadTopology, qdhcp, referenceCloud, sameNetworkNeverRouted, simulate } from 'netspec';

// Or: simulate(loadTopology('my-cloud.yaml'))
const cloud = simulate(referenceCloud());
const { trace } = cloud;

describe('my cloud', () => {
  it('keeps same-network traffic off the routers', () => {
    expect(trace('vm1', 'vm2')).toNeverTraverse('qrouter-*');
    expect(trace('vm1', 'vm2')).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
  });

  it('routes between networks on the network node', () => {
    expect(trace('vm1', 'vm3')).toTraverseInOrder(['br-tun@compute1', 'router1', 'br-tun@network1']);
    expect(trace('vm1', 'vm3')).toBeDeliveredTo('vm3');
  });

  it('answers DHCP from the network’s own qdhcp namespace', () => {
    expect(trace('vm1', 'dhcp')).toBeAnsweredBy(qdhcp('selfservice1'));
  });

  it('sends metadata requests to the proxy on 9697', () => {
    expect(trace('vm1', 'metadata')).toReachPort(9697, { in: 'qrouter-*' });
    expect(trace('vm1', 'metadata')).toBeAnsweredBy('nova-metadata');
  });

  it('holds cloud-wide', () => {
    expect(cloud).toSatisfy(sameNetworkNeverRouted);
  });
});

// The loader the comment above mentions works on the example topology too.
test('the example topology is the reference cloud', () => {
  expect(loadTopology('examples/reference-cloud.yaml')).toEqual(referenceCloud());
});
