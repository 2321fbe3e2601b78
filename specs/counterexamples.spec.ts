/**
 * Counterexamples name the cause: a security-group drop says which groups, which direction and
 * what their rules allow, read from what the agent put in the data plane (the comment on the
 * port's fallback jump, the note on the driver's drop flow).
 */
import { stripVTControlCharacters } from 'node:util';
import { cloudBuilder, dhcpAnsweredByOwnQdhcp, inject, metadataReachesProxy, referenceCloudSpec, simulate } from 'netspec';

/** vm5 beside vm2 on compute2, in a group that lets in only tcp/80. */
function webCloud(firewall: 'iptables_hybrid' | 'openvswitch') {
  return simulate(cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: firewall })
    .securityGroup({ name: 'web', rules: [{ direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 }, { direction: 'egress' }] })
    .instance({ name: 'vm5', host: 'compute2', ports: [{ network: 'selfservice1', fixed_ips: [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.15' }], security_groups: ['web'] }] })
    .build());
}

function thrown(assertion: () => void): string {
  try {
    assertion();
  } catch (err) {
    return stripVTControlCharacters((err as Error).message);
  }
  throw new Error('the assertion passed');
}

describe('a security-group drop names the group, the direction and the rules', () => {
  // @id d70c6bc0-a890-55c0-8804-b7114328258f
  it('iptables_hybrid: the port’s own fallback jump names its groups and what they allow', () => {
    const web = webCloud('iptables_hybrid');
    const ping = web.trace('vm1', 'vm5');
    expect(ping).toBeDropped({ reason: 'dropped icmp 192.168.1.11 → 192.168.1.15 from qvb' });
    expect(ping).toBeDropped({ reason: 'ingress of vm5 (tap' });
    expect(ping).toBeDropped({ reason: 'security group web): no rule allows it; ingress rules: #1 of web: tcp 80' });
    expect(web.trace('vm1', 'vm5', { proto: 'tcp', dport: 80 })).toBeDeliveredTo('vm5');
    expect(thrown(() => expect(ping).toBeDeliveredTo('vm5'))).toMatchSnapshot();
  });

  // @id 7f7d7db7-d250-566a-931e-d3a7f0dd6dc7
  it('openvswitch: the port’s own drop flow names its groups and what they allow', () => {
    const ping = webCloud('openvswitch').trace('vm1', 'vm5');
    expect(ping).toBeDropped({ by: 'br-int@compute2', reason: 'br-int table 82 dropped icmp 192.168.1.11 → 192.168.1.15: ingress of vm5 (tap' });
    expect(ping).toBeDropped({ reason: 'security group web): no rule allows it; ingress rules: #1 of web: tcp 80' });
  });
});

describe('a flow that fails for want of an agent or a process says which', () => {
  // @id 612a1f33-cc19-5f6f-a14f-76eeaa8584d1
  it('no DHCP agent: "no DHCP server answered on selfservice1: no qdhcp-… namespace", not where a flood copy died', () => {
    const spec = structuredClone(referenceCloudSpec);
    const network1 = spec.hosts.find((h) => h.name === 'network1')!;
    network1.agents = ['ovs', 'l3', 'metadata'];
    const sim = simulate(cloudBuilder.from(spec).build());
    const result = dhcpAnsweredByOwnQdhcp.check(sim);
    expect(result.violations[0].reason).toMatch(/^no DHCP server answered on selfservice1: no qdhcp-\S+ namespace on any host \(no agent built it\)/);
    expect(thrown(() => expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp))).toMatchSnapshot();
  });

  // @id d6da03fd-34c0-556b-8568-0eae78957d2d
  it('haproxy stopped: the metadata counterexample names it', () => {
    const sim = simulate(cloudBuilder.from(referenceCloudSpec).build());
    const qrouter = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!.name;
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'process-down', host: 'network1', namespace: qrouter, process: 'haproxy' }));
    expect(metadataReachesProxy.check(broken).violations[0].reason).toContain(`a process on port 9697 in ${qrouter}@network1 is not running`);
  });
});
