/**
 * Behaviour spec for the cloud "reference" (the topology /work/main/src/tooling/__fixtures__/tmp-scaffold-names-24162/ordinary.json), scaffolded by `netspec scaffold`:
 * how it moves packets today, written down as explicit expectations.
 *
 * Blocks between `// netspec:generated begin <id>` and `// netspec:generated end <id>` are rewritten
 * when `netspec scaffold` runs again after the cloud changes (edits inside them are lost). Everything
 * outside them is yours: add hand-written tests below or between the blocks.
 */
// netspec:generated begin setup
import { join } from 'node:path';
import {
  broadcastReachesEveryHostOfItsNetwork, dhcpAnsweredByOwnQdhcp, dhcpGuestsGetTheirSubnetSettings,
  everyInstanceReachesItsGateway, everyInstanceReachesTheInternet, framesStayOnTheirNetwork,
  l2popDecidesUnicast, loadTopology, localVlanStaysInsideHost, metadataProxyNotDirectlyReachable,
  metadataReachesProxy, onlyOneGatewayPerRouter, overlayComplete, qdhcp, qrouter,
  routedTrafficCrossesOneQrouter, routerPortsWired, sameNetworkNeverRouted, securityGroupsOnPath,
  simulate, strangersDroppedAtIngress, tunnelIdMatchesNetwork,
} from 'netspec';

const sim = simulate(loadTopology(join(__dirname, 'ordinary.json')));
// netspec:generated end setup

// netspec:generated begin network:selfservice1
describe('network selfservice1', () => {
  // same network, same host: no two instances of selfservice1 share a host

  // @id ac0cb4bf-9415-5437-bd81-99d0bd9638e7
  it('same network, across hosts: vm1 (compute1) → vm2 (compute2)', () => {
    const t = sim.trace('vm1', 'vm2');
    expect(t).toBeDeliveredTo('vm2');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'compute2' });
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@compute2', 'br-tun@compute2', 'br-int@compute2', 'qbr*@compute2',
      'vm2@compute2',
      // the reply
      'vm2@compute2', 'qbr*@compute2', 'br-int@compute2', 'br-tun@compute2', 'root@compute2',
      'overlay@fabric', 'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1',
      'vm1@compute1',
    ]);
  });

  // @id 6c5b69cd-9cfb-5a4b-979f-08221d768253
  it('DHCP from vm1', () => {
    const t = sim.trace('vm1', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice1') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qdhcp('selfservice1'),
      // the reply
      qdhcp('selfservice1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm1@compute1',
    ]);
  });

  // @id 2d8009bf-d67a-5048-a661-f62747f6858e
  it('metadata from vm1', () => {
    const t = sim.trace('vm1', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(9697, { in: qrouter('router1') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controller' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'neutron-metadata-agent@network1', 'root@network1', 'management@fabric', 'root@controller',
      // the reply
      'root@controller', 'management@fabric', 'root@network1', qrouter('router1'), 'br-int@network1',
      'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1', 'br-tun@compute1',
      'br-int@compute1', 'qbr*@compute1', 'vm1@compute1',
    ]);
  });
});
// netspec:generated end network:selfservice1

// netspec:generated begin network:selfservice2
describe('network selfservice2', () => {
  // same network, same host: no two instances of selfservice2 share a host

  // @id 683b9572-70c7-5e31-b57f-5242214465ab
  it('same network, across hosts: vm3 (compute1) → vm4 (compute2)', () => {
    const t = sim.trace('vm3', 'vm4');
    expect(t).toBeDeliveredTo('vm4');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1', to: 'compute2' });
    expect(t).toTraverseInOrder([
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@compute2', 'br-tun@compute2', 'br-int@compute2', 'qbr*@compute2',
      'vm4@compute2',
      // the reply
      'vm4@compute2', 'qbr*@compute2', 'br-int@compute2', 'br-tun@compute2', 'root@compute2',
      'overlay@fabric', 'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1',
      'vm3@compute1',
    ]);
  });

  // @id 29d3ee23-6d36-5f76-a73a-14dac01b44e7
  it('DHCP from vm3', () => {
    const t = sim.trace('vm3', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice2') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qdhcp('selfservice2'),
      // the reply
      qdhcp('selfservice2'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm3@compute1',
    ]);
  });

  // @id e24e53f6-a858-5f93-b830-d2224afc6d35
  it('metadata from vm3', () => {
    const t = sim.trace('vm3', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.2.1:9697' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(9697, { in: qrouter('router1') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controller' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'neutron-metadata-agent@network1', 'root@network1', 'management@fabric', 'root@controller',
      // the reply
      'root@controller', 'management@fabric', 'root@network1', qrouter('router1'), 'br-int@network1',
      'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1', 'br-tun@compute1',
      'br-int@compute1', 'qbr*@compute1', 'vm3@compute1',
    ]);
  });
});
// netspec:generated end network:selfservice2

// netspec:generated begin network:provider1
// network provider1: no instances, nothing to trace
// netspec:generated end network:provider1

// netspec:generated begin router:router1
describe('router router1', () => {
  // @id 4385130c-53b3-56e3-a07e-32f5425f0a2b
  it('across router1: vm1 (selfservice1) → vm3 (selfservice2)', () => {
    const t = sim.trace('vm1', 'vm3');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'network1', to: 'compute1' });
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1',
      'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm3@compute1',
      // the reply
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1',
      'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm1@compute1',
    ]);
  });

  // @id 20cea987-430e-57f7-9224-52a61c11dcc5
  it('internet from vm1 (selfservice1)', () => {
    const t = sim.trace('vm1', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toTraverseInOrder([
      'vm1@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'br-int@network1', 'br-ex@network1', 'provider@fabric', 'upstream@fabric', 'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric', 'br-ex@network1', 'br-int@network1',
      qrouter('router1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm1@compute1',
    ]);
  });

  // @id 8e9c7cb8-0529-5587-ba55-bb492fed0eca
  it('internet from vm3 (selfservice2)', () => {
    const t = sim.trace('vm3', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toTraverseInOrder([
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'br-int@network1', 'br-ex@network1', 'provider@fabric', 'upstream@fabric', 'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric', 'br-ex@network1', 'br-int@network1',
      qrouter('router1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm3@compute1',
    ]);
  });
});
// netspec:generated end router:router1

// netspec:generated begin invariants
describe('cloud-wide invariants', () => {
  // not applicable (no flows of their kind in this cloud): unroutedNetworksIsolated, floatingIpReachesItsInstance, haRouterHasExactlyOneActive, haBackupsCanTakeOver

  // traffic between instances on the same network (and subnet) is delivered without entering a qrouter namespace
  // @id 1d2cf63e-3131-55fa-8911-edb4751a195a
  it('sameNetworkNeverRouted holds', () => {
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  // every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and by no other server, and the offer reaches it
  // @id 96c40a06-0a51-5c99-9107-2ae3473d55b7
  it('dhcpAnsweredByOwnQdhcp holds', () => {
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
  });

  // every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers
  // @id 8ee43e46-bf8c-5051-a150-04590f480c87
  it('metadataReachesProxy holds', () => {
    expect(sim).toSatisfy(metadataReachesProxy);
  });

  // every tunnelled frame carries its own network's segmentation id, and lands on that network's local VLAN
  // @id bc3d097f-92f8-5290-9aa4-504952a60f01
  it('tunnelIdMatchesNetwork holds', () => {
    expect(sim).toSatisfy(tunnelIdMatchesNetwork);
  });

  // local VLAN tags never leave a host: tunnels carry untagged frames and the wire only provider VLAN ids
  // @id 89e3ea8a-e1e7-56f2-b5b7-1f6dd1e2d1c3
  it('localVlanStaysInsideHost holds', () => {
    expect(sim).toSatisfy(localVlanStaysInsideHost);
  });

  // traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router
  // @id 6290cf45-56dd-5b0d-8c2a-b305e30611b4
  it('routedTrafficCrossesOneQrouter holds', () => {
    expect(sim).toSatisfy(routedTrafficCrossesOneQrouter);
  });

  // each router has exactly one qg- gateway device (none without a gateway; on an HA router, one holding the gateway address), and its instances' internet traffic leaves through it
  // @id dbe672da-f85b-5f98-990a-0f305de5ae42
  it('onlyOneGatewayPerRouter holds', () => {
    expect(sim).toSatisfy(onlyOneGatewayPerRouter);
  });

  // every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address (or the instance's floating IP), and the answer comes back through that qg-, un-SNATed
  // @id ea119f6b-a213-5163-9ee8-c319e69d0d9e
  it('everyInstanceReachesTheInternet holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesTheInternet);
  });

  // each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN
  // @id 509c4471-e6e6-5f51-a956-c360009b68f4
  it('routerPortsWired holds', () => {
    expect(sim).toSatisfy(routerPortsWired);
  });

  // every frame enters and leaves br-int through ports of the network its local VLAN belongs to (flood copies included)
  // @id 579c5583-a0ec-52f5-bf15-4b4b1d5401cd
  it('framesStayOnTheirNetwork holds', () => {
    expect(sim).toSatisfy(framesStayOnTheirNetwork);
  });

  // every frame to or from a port with port security is judged by that port's security-group pipeline (qbr FORWARD chains, or br-int tables 71/81)
  // @id ad2f6b4d-886b-5ec6-be65-53cdcdb0785d
  it('securityGroupsOnPath holds', () => {
    expect(sim).toSatisfy(securityGroupsOnPath);
  });

  // with l2population, br-tun forwards unicast frames by l2pop flows (table 20), never learned flows or the flood table
  // @id d8427beb-8ce4-551f-97d9-f8916399f7db
  it('l2popDecidesUnicast holds', () => {
    expect(sim).toSatisfy(l2popDecidesUnicast);
  });

  // an instance's broadcast reaches br-int on every other host with a port of its network
  // @id a78d1ba1-ae6f-51bd-b9c5-84b34bb218c0
  it('broadcastReachesEveryHostOfItsNetwork holds', () => {
    expect(sim).toSatisfy(broadcastReachesEveryHostOfItsNetwork);
  });

  // a connection from an instance straight to its gateway on the metadata proxy port never reaches haproxy
  // @id 16de8b97-3a90-5ad0-ad98-23545c805ac3
  it('metadataProxyNotDirectlyReachable holds', () => {
    expect(sim).toSatisfy(metadataProxyNotDirectlyReachable);
  });

  // each host's tunnels, flood lists and l2pop flows match the cloud (what the OVS agent programs)
  // @id 13a0e209-5e69-548f-810b-03827fced8e0
  it('overlayComplete holds', () => {
    expect(sim).toSatisfy(overlayComplete);
  });

  // a copy of an instance's DHCP broadcast that reaches another secured instance's qbr is dropped by that port's security group
  // @id cd5a542d-8c3c-5708-adb5-0dff15ccc8ee
  it('strangersDroppedAtIngress holds', () => {
    expect(sim).toSatisfy(strangersDroppedAtIngress);
  });

  // every instance on a subnet a router joins reaches that router's address on its subnet, answered by the router's qrouter namespace
  // @id abcc6f5d-2677-57a9-8851-24da537742a2
  it('everyInstanceReachesItsGateway holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesItsGateway);
  });

  // every DHCP guest NIC holds its port's address and its subnet's gateway, host routes, on-link sibling subnets and network MTU
  // @id b9338df0-699f-5d89-881a-7f3f8d5958ec
  it('dhcpGuestsGetTheirSubnetSettings holds', () => {
    expect(sim).toSatisfy(dhcpGuestsGetTheirSubnetSettings);
  });
});
// netspec:generated end invariants
