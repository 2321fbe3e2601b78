import { cloudBuilder, floatingIpReachesItsInstance, referenceCloudSpec, simulate } from 'netspec';

const cloud = simulate(cloudBuilder.from(referenceCloudSpec)
  .securityGroup({ name: 'ssh', rules: [
    { direction: 'egress' },
    { direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' },
  ] })
  .instance({ name: 'web', host: 'compute2', ports: [{ network: 'selfservice1', security_groups: ['ssh'] }] })
  .floatingIp({ floating_ip_address: '203.0.113.20', floating_network_id: 'provider1', instance: 'web' })
  .build());

test('SSH from the internet reaches web through its floating IP', () => {
  const ssh = cloud.trace('internet', 'web', { proto: 'tcp', dport: 22 });
  expect(ssh).toTraverseInOrder(['upstream@fabric', 'router1', 'web']);
  expect(ssh).toBeNatted({ kind: 'DNAT' });
  expect(ssh).toBeDeliveredTo('web');
  expect(cloud.trace('web', 'internet')).toBeNatted({ kind: 'SNAT', to: '203.0.113.20' });
  expect(cloud).toSatisfy(floatingIpReachesItsInstance);
});
