import { loadTopology, simulate } from 'netspec';

const cloud = simulate(loadTopology('examples/security-groups.yaml'));

test('web takes HTTP from anywhere, db takes PostgreSQL from web only, and a drop says why', () => {
  expect(cloud.trace('vm1', 'web', { proto: 'tcp', dport: 80 })).toBeDeliveredTo('web');
  expect(cloud.trace('vm1', 'web', { proto: 'tcp', dport: 22 })).toBeDropped({
    reason: 'tcp 192.168.1.11:33000 → 192.168.1.15:22 from qvb',
  });
  expect(cloud.trace('vm1', 'web', { proto: 'tcp', dport: 22 })).toBeDropped({
    reason: 'security group web): no rule allows it; ingress rules: #1 of web: tcp 80 from 0.0.0.0/0; #2 of web: icmp type 8 from 192.168.1.0/24',
  });
  expect(cloud.trace('web', 'db', { proto: 'tcp', dport: 5432 })).toBeDeliveredTo('db');
  expect(cloud.trace('vm1', 'db', { proto: 'tcp', dport: 5432 })).toBeDropped({ reason: 'ingress rules: #1 of db: tcp 5432 from group web' });
});

test('the stateless echo group lets a ping in, but has no rule for the answer', () => {
  const ping = cloud.trace('vm1', 'probe');
  expect(ping.disposition.direction).toBe('reply');
  expect(ping).toBeDropped({ reason: 'egress of probe' });
});
