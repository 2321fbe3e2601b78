/**
 * North-south: an instance reaching the internet through router1 (qr- → qg-, SNAT to the router's
 * gateway IP, br-int → int-br-ex → br-ex → the external NIC), and the qrouter namespace itself:
 * one qg-, one qr- per attached subnet holding the subnet's gateway IP, the routing table, and
 * when and where qrouter namespaces exist.
 */
import {
  cloudBuilder, mainPath, onlyOneGatewayPerRouter, referenceCloud, referenceCloudSpec, simulate,
  type Hop, type Namespace, type OvsBridge, type Simulation, type Trace,
} from 'netspec';

const sim = simulate(referenceCloud());

function device(s: Simulation, host: string, name: string) {
  return s.dataplane.hosts.find((h) => h.name === host)?.devices.find((d) => d.name === name);
}
function qrouters(s: Simulation): (Namespace & { host: string })[] {
  return s.dataplane.hosts.flatMap((h) => h.devices
    .filter((d): d is Namespace => d.kind === 'namespace' && d.role === 'qrouter')
    .map((d) => ({ ...d, host: h.name })));
}
/** The main-path hop right after the first one `pred` accepts. */
function hopAfter(t: Trace, pred: (h: Hop) => boolean): Hop | undefined {
  const path = mainPath(t.root);
  return path[path.findIndex(pred) + 1];
}

const router1 = sim.cloud.routers.find((r) => r.name === 'router1')!;
const gatewayIp = router1.external_gateway_info!.external_fixed_ips[0].ip_address;
const qrouter1 = qrouters(sim).find((n) => n.owner === 'router1')!;
const qg = qrouter1.interfaces.find((i) => i.name.startsWith('qg-'))!.name;
const externalNic = sim.cloud.hosts.find((h) => h.name === 'network1')!.external!.interface;

describe('an instance reaching the internet (vm1 → internet)', () => {
  const t = sim.trace('vm1', 'internet');

  // @id 4ed9fe7b-d887-5900-9a19-6ac1c1b068ef
  it('reaches the internet host beyond the upstream router, and its answer comes back to vm1', () => {
    expect(t).toTraverseInOrder(['router1', 'upstream@fabric', 'internet@fabric']);
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm1' } });
  });

  // @id 2b61f343-66e8-510a-8d81-02bedb31db61
  it('goes vm1 → br-int → br-tun (VNI 101) → network1 br-tun → br-int → router1’s qrouter', () => {
    expect(t).toTraverseInOrder(['vm1', 'br-int@compute1', 'br-tun@compute1', 'br-tun@network1', 'br-int@network1', 'router1']);
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'network1' });
  });

  // @id 10a6e9a5-fbe5-59bc-bcc8-1bd1a5de8409
  it('leaves compute1 on its overlay NIC and reaches network1’s overlay NIC', () => {
    const overlay = (host: string) => sim.cloud.hosts.find((h) => h.name === host)!.overlay!.interface;
    const path = mainPath(t.root);
    expect(path.find((h) => h.host === 'compute1' && h.device === 'root')!.out).toBe(overlay('compute1'));
    expect(path.find((h) => h.host === 'network1' && h.device === 'root')!.in).toBe(overlay('network1'));
  });

  // @id 63b98dc9-1e7e-5802-b803-3699029d5089
  it('is routed from a qr- out of router1’s only qg-', () => {
    const hop = mainPath(t.root).find((h) => h.device === qrouter1.name)!;
    expect(hop.in).toMatch(/^qr-/);
    expect(hop.out).toBe(qg);
  });

  // @id 721c806e-c9a4-5804-8303-4b5ecbff50ff
  it('is SNATed to the router’s gateway IP, and leaves with it as source', () => {
    expect(qrouter1.interfaces.find((i) => i.name === qg)!.addresses).toEqual([`${gatewayIp}/24`]);
    expect(t).toBeNatted({ kind: 'SNAT', to: gatewayIp });
    expect(t).not.toBeNatted({ kind: 'DNAT' });
    const last = mainPath(t.root).at(-1)!;
    expect(last.device).toBe('internet');
    expect(last.steps).toContainEqual(expect.objectContaining({ t: 'ct', conn: `icmp ${gatewayIp} → ${sim.dataplane.endpoints.internet}` }));
  });

  // @id 689cd212-c0f9-5737-8e8e-81e786fe6bc2
  it('goes qg- → br-int → int-br-ex → phy-br-ex → br-ex → the external NIC on network1', () => {
    expect(t).toTraverseInOrder(['router1', 'br-int@network1', 'br-ex@network1', 'provider@fabric', 'upstream@fabric']);
    const brInt = hopAfter(t, (h) => h.device === qrouter1.name)!;
    expect([brInt.device, brInt.in, brInt.out]).toEqual(['br-int', qg, 'int-br-ex']);
    const brEx = hopAfter(t, (h) => h === brInt)!;
    expect([brEx.device, brEx.in, brEx.out]).toEqual(['br-ex', 'phy-br-ex', externalNic]);
  });

  // @id 4f0a4406-a2e2-5074-a8fa-f36fc463d0ad
  it('holds for every router (onlyOneGatewayPerRouter)', () => {
    expect(sim).toSatisfy(onlyOneGatewayPerRouter);
  });
});

describe('with the article’s NIC layout (eth1 management, eth2 tunnels, eth3 external)', () => {
  const spec = cloudBuilder.from(referenceCloudSpec).spec();
  for (const h of spec.hosts) {
    h.management.interface = 'eth1';
    if (h.overlay) h.overlay.interface = 'eth2';
    if (h.external) h.external.interface = 'eth3';
  }
  const article = simulate(cloudBuilder.from(spec).build());

  // @id e45eb16e-53a5-5e66-9e34-2c63a8f9d287
  it('leaves compute1 on eth2, reaches network1’s eth2, and leaves br-ex on eth3', () => {
    const path = mainPath(article.trace('vm1', 'internet').root);
    expect(path.find((h) => h.host === 'compute1' && h.device === 'root')!.out).toBe('eth2');
    expect(path.find((h) => h.host === 'network1' && h.device === 'root')!.in).toBe('eth2');
    expect(path.find((h) => h.host === 'network1' && h.device === 'br-ex')!.out).toBe('eth3');
    expect((device(article, 'network1', 'br-ex') as OvsBridge).ports.map((p) => p.name)).toContain('eth3');
  });
});

describe('where the gateway is plugged (qg- sits on br-int, not on br-ex)', () => {
  const brInt = device(sim, 'network1', 'br-int') as OvsBridge;
  const brEx = device(sim, 'network1', 'br-ex') as OvsBridge;

  // @id 1362ea7d-5473-59ba-875e-175586491107
  it('qg- is an internal port of br-int tagged with provider1’s local VLAN', () => {
    const lvid = Object.entries(sim.dataplane.endpoints.localVlans.network1)
      .find(([, id]) => sim.dataplane.endpoints.names[id] === 'provider1')![0];
    expect(brInt.ports.find((p) => p.name === qg)).toMatchObject({ type: 'internal', tag: Number(lvid) });
    expect(brEx.ports.map((p) => p.name).sort()).toEqual([externalNic, 'phy-br-ex'].sort());
  });

  // @id c99c656d-99a0-5ef0-8cc0-89279a5724bd
  it('br-int and br-ex are joined by the int-br-ex / phy-br-ex patch pair', () => {
    const patch = sim.dataplane.links.filter((l) => l.kind === 'patch')
      .map((l) => [`${l.a.device}:${l.a.port}`, `${l.b.device}:${l.b.port}`].sort().join(' ↔ '));
    expect(patch).toContain('br-ex:phy-br-ex ↔ br-int:int-br-ex');
  });
});

describe('router1’s qrouter namespace', () => {
  const attached = router1.interfaces.map((pid) => sim.cloud.ports.find((p) => p.id === pid)!);

  // @id 166d3417-c67a-58cc-8434-a24e7636b55b
  it('has exactly one qg- and one qr- per attached subnet', () => {
    const names = qrouter1.interfaces.map((i) => i.name);
    expect(names.filter((n) => n.startsWith('qg-'))).toEqual([qg]);
    expect(names.filter((n) => n.startsWith('qr-'))).toHaveLength(attached.length);
    expect(attached).toHaveLength(2);
  });

  // @id b03db87c-f1a0-529e-900a-6a1dfe921175
  it('gives each qr- its subnet’s gateway IP', () => {
    const held = qrouter1.interfaces.filter((i) => i.name.startsWith('qr-')).flatMap((i) => i.addresses).sort();
    const gateways = attached.map((p) => sim.cloud.subnets.find((s) => s.id === p.fixed_ips[0].subnet_id)!)
      .map((s) => `${s.gateway_ip}/${s.cidr.split('/')[1]}`).sort();
    expect(held).toEqual(gateways);
    expect(held).toEqual(['192.168.1.1/24', '192.168.2.1/24']);
  });

  // @id 5326e14c-c2fb-59ee-ba5c-486c98480dd4
  it('routes by default via the external gateway on qg-, and each subnet on its own qr-', () => {
    const qrHolding = (gw: string) => qrouter1.interfaces.find((i) => i.addresses.includes(gw))!.name;
    expect(qrouter1.routes).toEqual(expect.arrayContaining([
      expect.objectContaining({ destination: 'default', via: '203.0.113.1', dev: qg }),
      expect.objectContaining({ destination: '192.168.1.0/24', dev: qrHolding('192.168.1.1/24') }),
      expect.objectContaining({ destination: '192.168.2.0/24', dev: qrHolding('192.168.2.1/24') }),
    ]));
    expect(qrouter1.routes.filter((r) => r.destination === 'default')).toHaveLength(1);
  });

  // @id 09517e94-ab9b-56d1-be48-03376f58cbf8
  it('never NATs east-west traffic between its subnets', () => {
    expect(sim.trace('vm1', 'vm4')).not.toBeNatted();
  });

  // @id c95588d0-61dc-5189-8d94-38875ca85c97
  it('without a gateway there is no way out: no route to the internet', () => {
    const spec = cloudBuilder.from(referenceCloudSpec).spec();
    spec.routers!.find((r) => r.name === 'router1')!.external_gateway_info = null;
    const t = simulate(cloudBuilder.from(spec).build()).trace('vm1', 'internet');
    expect(t).toBeDropped({ by: 'router1', reason: `no route to ${sim.dataplane.endpoints.internet}` });
    expect(t).toNeverTraverse('br-ex');
  });
});

describe('which qrouter namespaces exist', () => {
  // router2: a gateway and a subnet; router3: bare; router4: a gateway only. All three on provider1.
  const many = simulate(cloudBuilder.from(referenceCloudSpec)
    .network({ name: 'selfservice5', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 105 })
    .subnet({ name: 'selfservice5-v4', network: 'selfservice5', cidr: '192.168.5.0/24' })
    .router({ name: 'router2', external_gateway_info: { network: 'provider1' }, interfaces: [{ subnet: 'selfservice5-v4' }] })
    .router({ name: 'router3' })
    .router({ name: 'router4', external_gateway_info: { network: 'provider1' } })
    .instance({ name: 'vm8', host: 'compute2', network: 'selfservice5' })
    .build());

  // @id 9939470d-c347-5473-99af-5cd7d5fb5e35
  it('exist only on the host running the L3 agent (network1), never on compute nodes', () => {
    expect(qrouters(sim).map((n) => n.host)).toEqual(['network1']);
    expect(qrouters(many).every((n) => n.host === 'network1')).toBe(true);
  });

  // @id beaba974-c29b-5b18-9876-294d7b267e06
  it('one per router with a gateway or an interface, even on one external network; none for a bare router', () => {
    expect(qrouters(many).map((n) => n.owner).sort()).toEqual(['router1', 'router2', 'router4']);
    const router3 = many.cloud.routers.find((r) => r.name === 'router3')!;
    expect(qrouters(many).map((n) => n.name)).not.toContain(`qrouter-${router3.id}`);
  });

  // @id d06e43ef-79b4-5dbb-a3bf-4d17c8a0ccab
  it('each router SNATs its own instances to its own gateway IP through its own qg-', () => {
    const router2 = many.cloud.routers.find((r) => r.name === 'router2')!;
    const t = many.trace('vm8', 'internet');
    expect(t).toTraverse('router2');
    expect(t).toNeverTraverse('router1');
    expect(t).toBeNatted({ kind: 'SNAT', to: router2.external_gateway_info!.external_fixed_ips[0].ip_address });
    expect(many).toSatisfy(onlyOneGatewayPerRouter);
  });

  // @id bc5dc8be-7a48-5593-841f-7a09df305b40
  it('keeps routers apart: router2’s network cannot reach router1’s', () => {
    expect(many.trace('vm8', 'vm1')).not.toBeDeliveredTo('vm1');
    expect(many.trace('vm8', 'vm1')).toNeverTraverse('router1');
  });
});
