import { dvrEastWestStaysOffNetworkNode, loadTopology, simulate } from 'netspec';

const cloud = simulate(loadTopology('examples/dvr-router.yaml'));
const qrouter = `qrouter-${cloud.cloud.routers[0].id}`;

test('the distributed router1 routes east-west on the sender’s host and never on network1', () => {
  const t = cloud.trace('vm2', 'vm3');
  expect(t).toTraverseInOrder([{ device: qrouter, host: 'compute2' }, 'br-tun@compute2', 'br-tun@compute1', 'vm3']);
  expect(t).toNeverTraverse({ host: 'network1' });
  expect(cloud.trace('vm2', 'internet')).toTraverse({ device: `snat-${cloud.cloud.routers[0].id}`, host: 'network1' });
  expect(cloud.trace('internet', 'vm1', { proto: 'tcp', dport: 22 })).toNeverTraverse({ host: 'network1' });
  expect(cloud).toSatisfy(dvrEastWestStaysOffNetworkNode);
});
