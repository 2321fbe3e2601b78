import { inject, referenceCloud, simulate, metadataReachesProxy } from 'netspec';

// The README's fault-injection example, run as a test.
test('metadataReachesProxy catches a missing REDIRECT rule', () => {
const cloud = simulate(referenceCloud());
const qrouter = cloud.dataplane.hosts.find((h) => h.name === 'network1')!
  .devices.find((d) => d.name.startsWith('qrouter-'))!;
const broken = cloud.withDataplane(inject(cloud.dataplane, {
  kind: 'rule-missing', host: 'network1', namespace: qrouter.name,
  table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
}));
expect(broken).not.toSatisfy(metadataReachesProxy);
  // ...and the healthy cloud still satisfies it.
  expect(cloud).toSatisfy(metadataReachesProxy);
});
