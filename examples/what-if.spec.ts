import { diff, fork, referenceCloud } from 'netspec';

const cloud = referenceCloud();

test('detaching selfservice2 from router1 cuts it off, and nothing else', () => {
  const detached = fork(cloud).detachInterface('router1', 'selfservice2');
  expect(diff(detached)).toChangeOnly([
    'vm1 → vm3', 'vm1 → vm4', 'vm2 → vm3', 'vm2 → vm4', 'vm3 → vm1', 'vm3 → vm2', 'vm4 → vm1', 'vm4 → vm2',
    'vm3 → internet', 'vm4 → internet', 'vm3 → metadata', 'vm4 → metadata',
  ], { as: 'broken' });
});

test('a live migration moves paths, never outcomes', () => {
  expect(diff(fork(cloud).migrate('vm1', 'compute2'))).toPreserveReachability();
});

test('stopping the only DHCP agent breaks DHCP alone: running guests keep their leases', () => {
  expect(diff(fork(cloud).stopAgent('dhcp', 'network1')))
    .toChangeOnly(['vm1 → dhcp', 'vm2 → dhcp', 'vm3 → dhcp', 'vm4 → dhcp'], { as: 'broken' });
});
