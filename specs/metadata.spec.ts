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

  it('leaves vm1 towards an address inside the qrouter: selfservice1’s gateway on router1’s qr-', () => {
    const route = mainPath(t.root)[0].steps.find((s) => s.t === 'route');
    expect(route).toMatchObject({ t: 'route', route: { via: gateway } });
    expect(qrouterNs.interfaces.find((i) => i.addresses.includes(`${gateway}/24`))!.name).toMatch(/^qr-/);
  });

  it('takes the usual way to router1’s qrouter on the network node (VNI 101)', () => {
    expect(t).toTraverseInOrder(['vm1', 'br-int@compute1', 'br-tun@compute1', 'br-tun@network1', 'br-int@network1', 'router1']);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'network1' });
  });

  it('is REDIRECTed from port 80 to 9697 in the qrouter, not DNATed', () => {
    expect(t).toBeNatted({ kind: 'REDIRECT', to: `${gateway}:${proxyPort}` });
    expect(t).not.toBeNatted({ kind: 'DNAT' });
    expect(qrouterNs.netfilter.tables.nat!['neutron-l3-agent-PREROUTING']).toContainEqual(expect.objectContaining({
      match: expect.objectContaining({ dst: '169.254.169.254/32', inIface: 'qr-+', proto: 'tcp', dport: 80 }),
      target: { type: 'REDIRECT', toPort: 9697 },
    }));
  });

  it('reaches haproxy listening on 9697 in the qrouter namespace', () => {
    expect(proxyPort).toBe(9697);
    expect(t).toReachPort(9697, { in: 'qrouter-*' });
    expect(t).toReachPort(9697, { in: { namespace: 'qrouter', router: 'router1', host: 'network1' } });
    expect(qrouterNs.listeners.map((l) => `${l.process} ${l.proto} ${l.ip}:${l.port}`)).toContain('haproxy tcp 0.0.0.0:9697');
  });

  it('9697 cannot be reached directly, only through the marked REDIRECT', () => {
    const direct = sim.trace('vm1', gateway, { proto: 'tcp', dport: 9697 });
    expect(direct).toBeDropped({ by: 'router1', reason: 'filter INPUT dropped tcp/9697' });
  });

  it('is relayed by haproxy over the UNIX socket to the metadata agent on network1', () => {
    const agent = hopNamed(t, 'neutron-metadata-agent')!;
    expect(agent).toMatchObject({ host: 'network1', kind: 'process', in: 'unix:/var/lib/neutron/metadata_proxy' });
    expect(agent.steps).toContainEqual({ t: 'relay', process: 'haproxy', to: 'unix:/var/lib/neutron/metadata_proxy' });
  });

  it('is forwarded by the agent to nova-api-metadata on the controller (8775) over the management network', () => {
    const agent = hopNamed(t, 'neutron-metadata-agent')!;
    expect(agent.steps).toContainEqual({
      t: 'relay', process: 'neutron-metadata-agent', to: `tcp ${controller.management.ip.split('/')[0]}:${novaPort}`,
    });
    expect(novaPort).toBe(8775);
    expect(t).toTraverseInOrder(['neutron-metadata-agent@network1', 'management@fabric', 'root@controller']);
    expect(t).toReachPort(8775, { in: { host: 'controller' } });
  });

  it('uses no tunnel between the network node and the controller', () => {
    const path = mainPath(t.root);
    const fromAgent = path.slice(path.findIndex((h) => h.device === 'neutron-metadata-agent'));
    expect(fromAgent.every((h) => h.tunId === 0 && !h.steps.some((s) => s.t === 'tunnel'))).toBe(true);
    expect(fromAgent.find((h) => h.host === 'network1' && h.device === 'root')!.out).toBe(network1.management.interface);
  });

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

  it('is answered by Nova, and the answer comes back to vm1 from 169.254.169.254:80', () => {
    expect(t).toBeAnsweredBy('nova-metadata');
    expect(t.disposition).toMatchObject({ kind: 'answered', at: { host: 'controller' }, detail: 'HTTP 200' });
    const back = mainPath(t.reply!);
    expect(back.at(-1)).toMatchObject({ host: 'compute1', device: 'vm1' });
    expect(back.find((h) => h.role === 'qrouter')!.steps).toContainEqual(expect.objectContaining({
      t: 'nat', kind: 'unDNAT', after: '169.254.169.254:80',
    }));
  });

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

  it('vm1 routes 169.254.169.254 to the DHCP port, not to the router', () => {
    expect(mainPath(t.root)[0].steps.find((s) => s.t === 'route')).toMatchObject({ route: { via: dhcpIp } });
  });

  it('reaches haproxy on 169.254.169.254:80 in qdhcp-<selfservice1>, with no REDIRECT and no qrouter', () => {
    expect(t).toReachPort(80, { in: qdhcp('selfservice1') });
    const ns = mainPath(t.root).find((h) => h.role === 'qdhcp')!;
    expect(ns.steps).toContainEqual({ t: 'deliver', listener: expect.objectContaining({ process: 'haproxy', ip: '169.254.169.254', port: 80 }) });
    expect(t).not.toReachPort(9697);
    expect(t).not.toBeNatted();
    expect(t).toNeverTraverse('qrouter-*');
  });

  it('is relayed to the metadata agent and answered by Nova, back to vm1', () => {
    expect(t).toTraverseInOrder([qdhcp('selfservice1'), 'neutron-metadata-agent@network1', 'root@controller']);
    expect(t).toBeAnsweredBy('nova-metadata');
    expect(mainPath(t.reply!).at(-1)).toMatchObject({ device: 'vm1' });
  });

  it('holds for every instance (metadataReachesProxy)', () => {
    expect(forced).toSatisfy(metadataReachesProxy);
  });
});

describe('what breaks the router path', () => {
  const broken = (fault: Fault) => sim.withDataplane(inject(sim.dataplane, fault));

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

  it('haproxy down: dropped in the qrouter after the REDIRECT', () => {
    const b = broken({ kind: 'process-down', host: 'network1', namespace: qrouterNs.name, process: 'haproxy' });
    const t = b.trace('vm1', 'metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT' });
    expect(t).toBeDropped({ by: 'router1', reason: 'haproxy is not running' });
    expect(b).not.toSatisfy(metadataReachesProxy);
  });

  it('metadata agent down: haproxy cannot connect to the UNIX socket', () => {
    const b = broken({ kind: 'process-down', host: 'network1', namespace: 'root', process: 'neutron-metadata-agent' });
    const t = b.trace('vm1', 'metadata');
    expect(t).toReachPort(9697, { in: 'qrouter-*' });
    expect(t).toBeDropped({ reason: /cannot connect to \/var\/lib\/neutron\/metadata_proxy: neutron-metadata-agent is not running/ });
    expect(t).toNeverTraverse({ host: 'controller' });
    expect(b).not.toSatisfy(metadataReachesProxy);
  });

  it('nova-api-metadata down: the agent reaches the controller, nothing answers', () => {
    const b = broken({ kind: 'process-down', host: 'controller', namespace: 'root', process: 'nova-api-metadata' });
    expect(b.trace('vm1', 'metadata')).toBeDropped({ by: { host: 'controller' }, reason: 'nova-api-metadata is not running' });
  });
});
