import { loadTopology, mainPath, simulate, trunkPortsKeepTheirVlans } from 'netspec';

const cloud = simulate(loadTopology('examples/trunk-ports.yaml'));

test('vm1’s trunk carries selfservice1 untagged and selfservice2 on VLAN 100', () => {
  const parent = cloud.trace('vm1', 'vm2');
  expect(parent).toTraverseInOrder(['vm1', 'tbr-*@compute1', 'br-int@compute1', 'vm2']);
  expect(mainPath(parent.root)[0].vlan).toBe(0);
  const subport = cloud.trace('vm4', '192.168.2.21');
  expect(subport).toNeverTraverse('qrouter-*');
  expect(subport).toBeDeliveredTo('vm1');
  expect(mainPath(subport.root).at(-1)!.inVlan).toBe(100);
  expect(cloud).toSatisfy(trunkPortsKeepTheirVlans);
});
