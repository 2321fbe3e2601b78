/**
 * East-west: instance to instance inside the cloud. Same network on one host, same network across
 * hosts, different networks behind one legacy router (always through the network node's qrouter),
 * two subnets of one network behind a router, and networks no router joins.
 */
import {
  cloudBuilder, mainPath, referenceCloud, referenceCloudSpec, routedTrafficCrossesOneQrouter, sameNetworkNeverRouted,
  simulate, unroutedNetworksIsolated, type Dataplane, type Hop, type Namespace, type OvsBridge, type Simulation, type Trace,
} from 'netspec';

const reference = simulate(referenceCloud());

/** The tunnels a packet crossed, in order: VNI, the host that encapsulated, the host that decapsulated. */
function tunnels(t: Trace): { vni: number; from: string; to?: string }[] {
  const out: { vni: number; from: string; to?: string }[] = [];
  for (const h of mainPath(t.root)) {
    for (const s of h.steps) {
      if (s.t === 'tunnel' && s.op === 'encap') out.push({ vni: s.vni, from: h.host });
      if (s.t === 'tunnel' && s.op === 'decap' && out.length) out[out.length - 1].to = h.host;
    }
  }
  return out;
}

/** The first hop of the main path on `device@host`. */
function hopAt(t: Trace, device: RegExp, host: string): Hop | undefined {
  return mainPath(t.root).find((h) => h.host === host && device.test(h.device));
}

describe('the plumbing every east-west path uses', () => {
  const ovs = (sim: Simulation, host: string, name: string) =>
    sim.dataplane.hosts.find((h) => h.name === host)!.devices.find((d): d is OvsBridge => d.kind === 'ovs' && d.name === name);

  // @id 79ee2333-3681-507e-9804-73eef270a3aa
  it('plugs every instance into its host’s br-int: qvo… (iptables_hybrid), tap… (openvswitch firewall)', () => {
    const ofw = simulate(cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build());
    for (const [sim, prefix] of [[reference, 'qvo'], [ofw, 'tap']] as const) {
      const vifs = sim.cloud.ports.filter((p) => p.device_owner === 'compute:nova');
      expect(vifs).toHaveLength(4);
      for (const port of vifs) {
        const names = ovs(sim, port['binding:host_id'], 'br-int')!.ports.map((p) => p.name);
        expect(names).toContain(`${prefix}${port.id}`.slice(0, 14));
      }
    }
    // No qbr exists to traverse, so a location naming one is a misuse, not a pass.
    expect(ofw.dataplane.hosts.flatMap((h) => h.devices.map((d) => d.name)).filter((n) => n.startsWith('qbr'))).toEqual([]);
    expect(() => expect(ofw.trace('vm1', 'vm2')).toNeverTraverse('qbr*')).toThrow('no device matches "qbr*"');
    expect(ofw.trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
  });

  // @id b4952e14-f990-5ded-ae68-e0450ca9d8d1
  it('gives the network node and every compute node br-int and br-tun, with a tunnel to every other VTEP', () => {
    const vteps = reference.cloud.hosts.filter((h) => h.overlay);
    expect(vteps.map((h) => h.name).sort()).toEqual(['compute1', 'compute2', 'network1']);
    for (const h of vteps) {
      expect(ovs(reference, h.name, 'br-int')).toBeDefined();
      const remotes = ovs(reference, h.name, 'br-tun')!.ports.filter((p) => p.remoteIp).map((p) => p.remoteIp).sort();
      expect(remotes).toEqual(vteps.filter((o) => o !== h).map((o) => o.overlay!.ip.split('/')[0]).sort());
    }
  });
});

describe('same network, same compute host', () => {
  // vm5 joins vm1 on selfservice1 and on compute1.
  const sim = simulate(cloudBuilder.from(referenceCloudSpec)
    .instance({ name: 'vm5', host: 'compute1', network: 'selfservice1', ip: '192.168.1.15' }).build());

  // @id d98c5af9-ac89-53cd-9015-4c1d4d613767
  it('is switched by br-int on compute1 and never leaves the host', () => {
    const t = sim.trace('vm1', 'vm5');
    expect(t).toBeDeliveredTo('vm5');
    expect(t).toStayOnHost();
    expect(t).toNeverTraverse({ host: 'network1' });
    expect(t).toTraverseInOrder(['vm1', 'qbr*@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm5']);
  });

  // @id 04f7e5ac-79fb-5aae-822c-15f88058d7a7
  it('never reaches br-tun, so it is never tunnelled and never routed', () => {
    const t = sim.trace('vm1', 'vm5');
    expect(t).toNeverTraverse('br-tun');
    expect(t).not.toCrossTunnel();
    expect(t).toNeverTraverse('qrouter-*');
  });
});

describe('same network, different compute hosts (vm1 on compute1 → vm2 on compute2)', () => {
  const t = reference.trace('vm1', 'vm2');

  // @id 82b9e4df-26ea-5d1f-a961-81a80e52776f
  it('goes down tap → qbr → qvb/qvo → br-int → br-tun on compute1', () => {
    expect(t).toTraverseInOrder(['vm1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1']);
    const qbr = hopAt(t, /^qbr/, 'compute1')!;
    expect([qbr.in, qbr.out]).toEqual([expect.stringMatching(/^tap/), expect.stringMatching(/^qvb/)]);
    expect(hopAt(t, /^br-int$/, 'compute1')!.in).toMatch(/^qvo/);
  });

  // @id c4ad57d1-77d5-5db3-85da-c7a1e0632e1e
  it('crosses one tunnel, compute1 → compute2, with selfservice1’s VNI 101', () => {
    expect(t).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
    expect(tunnels(t)).toEqual([{ vni: 101, from: 'compute1', to: 'compute2' }]);
  });

  // @id 0f426dd6-ff9f-56ec-adff-bbb25c3aee80
  it('comes up br-tun → br-int on compute2 to vm2', () => {
    expect(t).toTraverseInOrder(['br-tun@compute2', 'br-int@compute2', 'qbr*@compute2', 'vm2']);
    expect(t).toBeDeliveredTo('vm2');
  });

  // @id 372a305a-a5f3-5649-88f9-33e4df9dad0f
  it('never enters a qrouter namespace and never touches the network node', () => {
    expect(t).toNeverTraverse('qrouter-*');
    expect(t).toNeverTraverse('router1');
    expect(t).toNeverTraverse({ host: 'network1' });
  });

  // @id 4ef016a8-e0af-57fc-8c7b-837404ff4c21
  it('holds for every pair on one network (sameNetworkNeverRouted)', () => {
    expect(reference).toSatisfy(sameNetworkNeverRouted);
  });
});

describe('different networks behind router1', () => {
  // @id 3daee695-f2f5-5d17-94b3-dccbc13de5a5
  it('vm1 → vm4 is routed by router1’s qrouter on network1', () => {
    const t = reference.trace('vm1', 'vm4');
    expect(t).toBeDeliveredTo('vm4');
    expect(t).toTraverse({ namespace: 'qrouter', router: 'router1', host: 'network1' });
    expect(t).toTraverseInOrder([
      'br-tun@compute1', 'br-tun@network1', 'br-int@network1', 'router1', 'br-int@network1', 'br-tun@network1',
      'br-tun@compute2', 'br-int@compute2', 'vm4',
    ]);
  });

  // @id 2c474f61-74bf-5aad-b64f-ded0e14660dc
  it('leaves compute1 on VNI 101 and leaves network1 on VNI 102, in that order', () => {
    expect(tunnels(reference.trace('vm1', 'vm4'))).toEqual([
      { vni: 101, from: 'compute1', to: 'network1' },
      { vni: 102, from: 'network1', to: 'compute2' },
    ]);
  });

  // @id d8ca7e99-b8ae-5e31-8e28-b8f8f4e12622
  it('br-tun on network1, not br-int, swaps VNI 101 → selfservice1’s local VLAN and selfservice2’s → VNI 102', () => {
    const lv = (net: string) => Number(Object.entries(reference.dataplane.endpoints.localVlans.network1)
      .find(([, id]) => reference.dataplane.endpoints.names[id] === net)![0]);
    const onNetwork1 = mainPath(reference.trace('vm1', 'vm4').root).filter((h) => h.host === 'network1');
    const [up, down] = onNetwork1.filter((h) => h.device === 'br-tun');
    expect(up).toMatchObject({ in: expect.stringMatching(/^vxlan-/), out: 'patch-int', vlan: lv('selfservice1') });
    expect(up.steps).toContainEqual(expect.objectContaining({ t: 'vlan', op: 'push', vlan: lv('selfservice1') }));
    expect(down).toMatchObject({ in: 'patch-int', inVlan: lv('selfservice2'), out: expect.stringMatching(/^vxlan-/), tunId: 102 });
    expect(down.steps).toContainEqual(expect.objectContaining({ t: 'vlan', op: 'pop' }));
    expect(onNetwork1.filter((h) => h.device === 'br-int').flatMap((h) => h.steps).some((s) => s.t === 'tunnel')).toBe(false);
  });

  // @id 59b3d11a-f9dc-5a3e-bbcd-ddbe726368c2
  it('enters the qrouter on selfservice1’s qr- and leaves on selfservice2’s qr-', () => {
    const qrouter = hopAt(reference.trace('vm1', 'vm4'), /^qrouter-/, 'network1')!;
    const ns = reference.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name === qrouter.device)!;
    const qrOf = (gw: string) => ns.kind === 'namespace' && ns.interfaces.find((i) => i.addresses.includes(gw))!.name;
    expect([qrouter.in, qrouter.out]).toEqual([qrOf('192.168.1.1/24'), qrOf('192.168.2.1/24')]);
  });

  // @id e1142fa0-7651-55e8-9c51-e845ff98b66a
  it('goes to the network node and back even when both instances sit on compute1 (vm1 → vm3)', () => {
    const t = reference.trace('vm1', 'vm3');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).toTraverse('router1');
    expect(t).not.toStayOnHost();
    expect(tunnels(t)).toEqual([
      { vni: 101, from: 'compute1', to: 'network1' },
      { vni: 102, from: 'network1', to: 'compute1' },
    ]);
  });

  // @id f9c06ea7-b7d0-5f0d-918b-6217d7c3d5ec
  it('is routed exactly once, by router1, for every pair (routedTrafficCrossesOneQrouter)', () => {
    expect(reference).toSatisfy(routedTrafficCrossesOneQrouter);
  });
});

describe('a router joining two subnets of the SAME network', () => {
  // selfservice1 gets a second subnet, attached to router1; vm6 (compute2) and vm7 (compute1) live in it.
  const spec = cloudBuilder.from(referenceCloudSpec)
    .subnet({ name: 'selfservice1-v4b', network: 'selfservice1', cidr: '192.168.3.0/24', gateway_ip: '192.168.3.1' })
    .instance({ name: 'vm6', host: 'compute2', network: 'selfservice1', ip: '192.168.3.16' })
    .instance({ name: 'vm7', host: 'compute1', network: 'selfservice1', ip: '192.168.3.17' })
    .spec();
  spec.routers!.find((r) => r.name === 'router1')!.interfaces!.push({ subnet: 'selfservice1-v4b' });
  const sim = simulate(cloudBuilder.from(spec).build());

  // @id 18adb821-d207-5d89-849a-968d19b7bf30
  it('talks directly over L2 on the network’s one VNI: DHCP gives each guest an on-link route to the sibling subnet', () => {
    const vm1 = sim.dataplane.hosts.find((h) => h.name === 'compute1')!.devices.find((d): d is Namespace => d.name === 'vm1')!;
    expect(vm1.routes).toContainEqual({ destination: '192.168.3.0/24', dev: 'eth0', proto: 'dhcp' });
    const t = sim.trace('vm1', 'vm6');
    expect(t).toBeDeliveredTo('vm6');
    expect(t).toNeverTraverse('qrouter-*');
    expect(tunnels(t)).toEqual([{ vni: 101, from: 'compute1', to: 'compute2' }]);
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  // @id 07947545-d745-5c71-a673-9e299faac533
  it('without the on-link route (a fault), goes through router1 with the same VNI, 101, on both legs', () => {
    const broken = sim.withDataplane(withoutOnLinkRoutes(sim.dataplane));
    expect(broken.trace('vm1', 'vm6')).toTraverse('router1');
    expect(tunnels(broken.trace('vm1', 'vm6'))).toEqual([
      { vni: 101, from: 'compute1', to: 'network1' },
      { vni: 101, from: 'network1', to: 'compute2' },
    ]);
    expect(tunnels(broken.trace('vm1', 'vm7'))).toEqual([
      { vni: 101, from: 'compute1', to: 'network1' },
      { vni: 101, from: 'network1', to: 'compute1' },
    ]);
    expect(broken).not.toSatisfy(sameNetworkNeverRouted);
  });

  // @id c5401b2b-e7e5-55f9-b316-114f29cdc459
  it('has two qr- devices on the same local VLAN of br-int', () => {
    const network1 = sim.dataplane.hosts.find((h) => h.name === 'network1')!;
    const brInt = network1.devices.find((d) => d.name === 'br-int')!;
    const tags = brInt.kind === 'ovs' ? brInt.ports.filter((p) => p.name.startsWith('qr-')).map((p) => p.tag) : [];
    const lvid = Object.entries(sim.dataplane.endpoints.localVlans.network1)
      .find(([, id]) => sim.dataplane.endpoints.names[id] === 'selfservice1')![0];
    expect(tags.filter((t) => t === Number(lvid))).toHaveLength(2);
  });

  // @id 5e17cd98-27af-5b2a-b003-04d153cd83d5
  it('still keeps one subnet’s traffic off the router (vm1 → vm2)', () => {
    expect(sim.trace('vm1', 'vm2')).toNeverTraverse('qrouter-*');
    expect(sim).toSatisfy(routedTrafficCrossesOneQrouter);
  });
});

/** The plane with every dnsmasq's on-link routes (`<cidr>,0.0.0.0`) taken out of option 121. */
function withoutOnLinkRoutes(dp: Dataplane): Dataplane {
  const copy = structuredClone(dp);
  for (const h of copy.hosts) {
    for (const d of h.devices) {
      if (d.kind !== 'namespace') continue;
      for (const l of d.listeners) {
        if (l.behaviour.kind !== 'dhcp-server') continue;
        for (const o of l.behaviour.options) {
          if (o.name !== 'classless-static-route') continue;
          const parts = o.value.split(',');
          const kept: string[] = [];
          for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i + 1] !== '0.0.0.0') kept.push(parts[i], parts[i + 1]);
          o.value = kept.join(',');
        }
      }
    }
  }
  return copy;
}

describe('networks no router joins', () => {
  // isolated3 reuses selfservice1's CIDR (vm1 believes vm9 is on its own link); isolated4 has its own.
  const sim = simulate(cloudBuilder.from(referenceCloudSpec)
    .network({ name: 'isolated3', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 103 })
    .subnet({ name: 'isolated3-v4', network: 'isolated3', cidr: '192.168.1.0/24' })
    .instance({ name: 'vm9', host: 'compute2', network: 'isolated3', ip: '192.168.1.50' })
    .network({ name: 'isolated4', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 104 })
    .subnet({ name: 'isolated4-v4', network: 'isolated4', cidr: '10.10.0.0/24' })
    .instance({ name: 'vm10', host: 'compute1', network: 'isolated4', ip: '10.10.0.10' })
    .build());

  // @id 174b5406-6d95-5435-9010-d097183aacf4
  it('cannot reach each other on the same address range: the ARP never crosses VNIs', () => {
    expect(sim.trace('vm1', 'vm9')).toBeDropped({ reason: 'ARP for 192.168.1.50' });
    expect(sim.trace('vm9', 'vm1')).not.toBeDeliveredTo('vm1');
  });

  // @id 29517983-0eed-5d1e-9564-ab2bc0ae3963
  it('cannot reach each other through a router that is attached to only one of them', () => {
    const t = sim.trace('vm1', 'vm10');
    expect(t).not.toBeDeliveredTo('vm10');
    expect(t).toNeverTraverse('vm10');
    expect(sim.trace('vm10', 'vm1')).toBeDropped({ by: 'vm10', reason: 'ARP for 10.10.0.1' });
  });

  // @id cd4f75a6-3a1c-58d7-86ed-8a0a7cf6065f
  it('holds for every pair (unroutedNetworksIsolated)', () => {
    expect(sim).toSatisfy(unroutedNetworksIsolated);
  });
});
