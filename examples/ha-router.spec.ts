import { haRouterHasExactlyOneActive, loadTopology, simulate } from 'netspec';

const cloud = simulate(loadTopology('examples/ha-router.yaml'));
const qrouter = `qrouter-${cloud.cloud.routers[0].id}`;

test('traffic through the HA router1 uses its primary on network1 only', () => {
  const t = cloud.trace('vm2', 'internet');
  expect(t).toTraverseInOrder(['br-tun@compute2', 'br-tun@network1', { device: qrouter, host: 'network1' }, 'br-ex@network1']);
  expect(t).toNeverTraverse({ device: qrouter, host: 'network2' });
  expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
  expect(cloud).toSatisfy(haRouterHasExactlyOneActive);
});
