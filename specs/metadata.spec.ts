/**
 * Metadata: GET http://169.254.169.254/ from an instance. On the router path the qrouter REDIRECTs
 * port 80 to haproxy on 9697 (not a DNAT), haproxy relays over the metadata agent's UNIX socket,
 * and the agent forwards to nova-api-metadata (8775) on the controller over the management
 * network; the answer comes back to the instance. Under force_metadata the qdhcp namespace's
 * haproxy on 169.254.169.254:80 serves instead.
 */
import {
  cloudBuilder, inject, mainPath, metadataReachesProxy, qdhcp, referenceCloud, referenceCloudSpec, simulate,
  type Fault, type Namespace, type Trace,
} from 'netspec';

const sim = simulate(referenceCloud());
const qrouterNs = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices
  .find((d): d is Namespace => d.kind === 'namespace' && d.role === 'qrouter' && d.owner === 'router1')!;
const gateway = sim.cloud.subnets.find((s) => s.name === 'selfservice1-v4')!.gateway_ip!;
const controller = sim.cloud.hosts.find((h) => h.name === 'controller')!;
const network1 = sim.cloud.hosts.find((h) => h.name === 'network1')!;
const { nova_metadata_port: novaPort, metadata_port: proxyPort } = sim.cloud.options;

const hopNamed = (t: Trace, device: string) => mainPath(t.root).find((h) => h.device === device);

describe('a metadata request on the router path (vm1)', () => {
  const t = sim.trace('vm1', 'metadata');

  // @id 7d94141d-4f1c-5020-81ba-cf9a976aa15c
  it('leaves vm1 towards an address inside the qrouter: selfservice1’s gateway on router1’s qr-', () => {
    const route = mainPath(t.root)[0].steps.find((s) => s.t === 'route');
    expect(route).toMatchObject({ t: 'route', route: { via: gateway } });
    expect(qrouterNs.interfaces.find((i) => i.addresses.includes(`${gateway}/24`))!.name).toMatch(/^qr-/);
  });

  // @id 557509de-5788-5834-b8de-202e2e7480bf
  it('takes the usual way to router1’s qrouter on the network node (VNI 101)', () => {
    expect(t).toTraverseInOrder(['vm1', 'br-int@compute1', 'br-tun@compute1', 'br-tun@network1', 'br-int@network1', 'router1']);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'network1' });
  });

  // @id a10bb8a7-55d5-5710-9233-e56deee154c1
  it('is REDIRECTed from port 80 to 9697 in the qrouter, not DNATed', () => {
    expect(t).toBeNatted({ kind: 'REDIRECT', to: `${gateway}:${proxyPort}` });
    expect(t).not.toBeNatted({ kind: 'DNAT' });
    expect(qrouterNs.netfilter.tables.nat!['neutron-l3-agent-PREROUTING']).toContainEqual(expect.objectContaining({
      match: expect.objectContaining({ dst: '169.254.169.254/32', inIface: 'qr-+', proto: 'tcp', dport: 80 }),
      target: { type: 'REDIRECT', toPort: 9697 },
    }));
  });

  // @id 2a79bbfd-f083-5f16-823b-b2e4e58d960a
  it('reaches haproxy listening on 9697 in the qrouter namespace', () => {
    expect(proxyPort).toBe(9697);
    expect(t).toReachPort(9697, { in: 'qrouter-*' });
    expect(t).toReachPort(9697, { in: { namespace: 'qrouter', router: 'router1', host: 'network1' } });
    expect(qrouterNs.listeners.map((l) => `${l.process} ${l.proto} ${l.ip}:${l.port}`)).toContain('haproxy tcp 0.0.0.0:9697');
  });

  // @id 0f23d76d-3ee3-5dee-8527-1da07f367f3e
  it('9697 cannot be reached directly, only through the marked REDIRECT', () => {
    const direct = sim.trace('vm1', gateway, { proto: 'tcp', dport: 9697 });
    expect(direct).toBeDropped({ by: 'router1', reason: 'filter INPUT dropped tcp/9697' });
  });

  // @id 73d10ada-e1a7-59f7-94f1-0dbe63bca553
  it('is relayed by haproxy over the UNIX socket to the metadata agent on network1', () => {
    const agent = hopNamed(t, 'neutron-metadata-agent')!;
    expect(agent).toMatchObject({ host: 'network1', kind: 'process', in: 'unix:/var/lib/neutron/metadata_proxy' });
    expect(agent.steps).toContainEqual({ t: 'relay', process: 'haproxy', to: 'unix:/var/lib/neutron/metadata_proxy' });
  });

  // @id 8984664c-6336-5355-b730-606c08ab19eb
  it('is forwarded by the agent to nova-api-metadata on the controller (8775) over the management network', () => {
    const agent = hopNamed(t, 'neutron-metadata-agent')!;
    expect(agent.steps).toContainEqual({
      t: 'relay', process: 'neutron-metadata-agent', to: `tcp ${controller.management.ip.split('/')[0]}:${novaPort}`,
    });
    expect(novaPort).toBe(8775);
    expect(t).toTraverseInOrder(['neutron-metadata-agent@network1', 'management@fabric', 'root@controller']);
    expect(t).toReachPort(8775, { in: { host: 'controller' } });
  });

  // @id a44937f3-a7d1-52e0-96d1-677ed7eaf469
  it('uses no tunnel between the network node and the controller', () => {
    const path = mainPath(t.root);
    const fromAgent = path.slice(path.findIndex((h) => h.device === 'neutron-metadata-agent'));
    expect(fromAgent.every((h) => h.tunId === 0 && !h.steps.some((s) => s.t === 'tunnel'))).toBe(true);
    expect(fromAgent.find((h) => h.host === 'network1' && h.device === 'root')!.out).toBe(network1.management.interface);
  });

  // @id 1a794419-d580-548e-8271-8c4e6916d3c5
  it('crosses the management network on eth1 with the article’s NIC layout', () => {
    const spec = cloudBuilder.from(referenceCloudSpec).spec();
    for (const h of spec.hosts) {
      h.management.interface = 'eth1';
      if (h.overlay) h.overlay.interface = 'eth2';
    }
    const path = mainPath(simulate(cloudBuilder.from(spec).build()).trace('vm1', 'metadata').root);
    const agent = path.findIndex((h) => h.device === 'neutron-metadata-agent');
    expect(path.slice(agent).map((h) => `${h.host} ${h.device} ${h.in ?? ''}→${h.out ?? ''}`)).toEqual([
      'network1 neutron-metadata-agent unix:/var/lib/neutron/metadata_proxy→',
      'network1 root →eth1', 'fabric management network1→controller', 'controller root eth1→',
    ]);
  });

  // @id 521e6b11-0db6-599d-8e23-7889611c798a
  it('is answered by Nova, and the answer comes back to vm1 from 169.254.169.254:80', () => {
    expect(t).toBeAnsweredBy('nova-metadata');
    expect(t.disposition).toMatchObject({ kind: 'answered', at: { host: 'controller' }, detail: 'HTTP 200' });
    const back = mainPath(t.reply!);
    expect(back.at(-1)).toMatchObject({ host: 'compute1', device: 'vm1' });
    expect(back.find((h) => h.role === 'qrouter')!.steps).toContainEqual(expect.objectContaining({
      t: 'nat', kind: 'unDNAT', after: '169.254.169.254:80',
    }));
  });

  // @id c3b9c676-a9b4-532f-9af9-a6d103a5d12a
  it('holds for every instance (metadataReachesProxy)', () => {
    expect(sim).toSatisfy(metadataReachesProxy);
  });
});

describe('with force_metadata: the qdhcp path', () => {
  const forced = simulate(cloudBuilder.from(referenceCloudSpec).options({ force_metadata: true }).build());
  const t = forced.trace('vm1', 'metadata');
  const dhcpIp = forced.dataplane.hosts.find((h) => h.name === 'network1')!.devices
    .find((d): d is Namespace => d.kind === 'namespace' && d.role === 'qdhcp' && d.owner === 'selfservice1')!
    .interfaces[0].addresses[0].split('/')[0];

  // @id d6a2270e-56e5-58be-8de9-e2a121abfa65
  it('vm1 routes 169.254.169.254 to the DHCP port, not to the router', () => {
    expect(mainPath(t.root)[0].steps.find((s) => s.t === 'route')).toMatchObject({ route: { via: dhcpIp } });
  });

  // @id f0b04462-d1bb-575a-b01f-1794cb13b388
  it('reaches haproxy on 169.254.169.254:80 in qdhcp-<selfservice1>, with no REDIRECT and no qrouter', () => {
    expect(t).toReachPort(80, { in: qdhcp('selfservice1') });
    const ns = mainPath(t.root).find((h) => h.role === 'qdhcp')!;
    expect(ns.steps).toContainEqual({ t: 'deliver', listener: expect.objectContaining({ process: 'haproxy', ip: '169.254.169.254', port: 80 }) });
    expect(t).not.toReachPort(9697);
    expect(t).not.toBeNatted();
    expect(t).toNeverTraverse('qrouter-*');
  });

  // @id 26fdf578-9fa6-5ce2-adb5-f51e70d6e55c
  it('is relayed to the metadata agent and answered by Nova, back to vm1', () => {
    expect(t).toTraverseInOrder([qdhcp('selfservice1'), 'neutron-metadata-agent@network1', 'root@controller']);
    expect(t).toBeAnsweredBy('nova-metadata');
    expect(mainPath(t.reply!).at(-1)).toMatchObject({ device: 'vm1' });
  });

  // @id 5b438f45-a19b-5360-9d30-fd22dc2ed160
  it('holds for every instance (metadataReachesProxy)', () => {
    expect(forced).toSatisfy(metadataReachesProxy);
  });
});

describe('what breaks the router path', () => {
  const broken = (fault: Fault) => sim.withDataplane(inject(sim.dataplane, fault));

  // @id 0a7030ee-bb3d-5b70-a6c7-0ee9d61819a8
  it('a missing REDIRECT: the request is routed out of qg- to the upstream router instead', () => {
    const b = broken({
      kind: 'rule-missing', host: 'network1', namespace: qrouterNs.name, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
    });
    const t = b.trace('vm1', 'metadata');
    expect(t).not.toReachPort(9697);
    expect(t).not.toBeAnsweredBy('nova-metadata');
    expect(t).toTraverse('br-ex@network1');
    expect(t.disposition.kind).toBe('exits');
    expect(b).not.toSatisfy(metadataReachesProxy);
  });

  // @id 58b9ff5b-6d85-5bb1-a196-6c5af6bf4707
  it('haproxy down: dropped in the qrouter after the REDIRECT', () => {
    const b = broken({ kind: 'process-down', host: 'network1', namespace: qrouterNs.name, process: 'haproxy' });
    const t = b.trace('vm1', 'metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT' });
    expect(t).toBeDropped({ by: 'router1', reason: 'haproxy is not running' });
    expect(b).not.toSatisfy(metadataReachesProxy);
  });

  // @id 10eb011c-7751-5026-9453-ae2f4d26e56e
  it('metadata agent down: haproxy cannot connect to the UNIX socket', () => {
    const b = broken({ kind: 'process-down', host: 'network1', namespace: 'root', process: 'neutron-metadata-agent' });
    const t = b.trace('vm1', 'metadata');
    expect(t).toReachPort(9697, { in: 'qrouter-*' });
    expect(t).toBeDropped({ reason: /cannot connect to \/var\/lib\/neutron\/metadata_proxy: neutron-metadata-agent is not running/ });
    expect(t).toNeverTraverse({ host: 'controller' });
    expect(b).not.toSatisfy(metadataReachesProxy);
  });

  // @id 750dbf40-9a08-573f-b020-03b2fd01a0cd
  it('nova-api-metadata down: the agent reaches the controller, nothing answers', () => {
    const b = broken({ kind: 'process-down', host: 'controller', namespace: 'root', process: 'nova-api-metadata' });
    expect(b.trace('vm1', 'metadata')).toBeDropped({ by: { host: 'controller' }, reason: 'nova-api-metadata is not running' });
  });
});
