/**
 * Behaviour spec for the cloud "reference" (the topology /work/main/src/tooling/__fixtures__/tmp-scaffold-names-24162/at-sign.json), scaffolded by `netspec scaffold`:
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

const sim = simulate(loadTopology(join(__dirname, 'at-sign.json')));
// netspec:generated end setup

// netspec:generated begin network:selfservice1
describe('network selfservice1', () => {
  // same network, same host: no two instances of selfservice1 share a host

  // @id 9cdb6749-d52b-56da-a442-9a599f5e74b2
  it('same network, across hosts: vm1@x (compute1) → vm2 (compute2@y)', () => {
    const t = sim.trace('vm1@x', 'vm2');
    expect(t).toBeDeliveredTo('vm2');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'compute2@y' });
    expect(t).toTraverseInOrder([
      { device: 'vm1@x', host: 'compute1' }, 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1',
      'root@compute1', 'overlay@fabric', 'root@compute2@y', 'br-tun@compute2@y', 'br-int@compute2@y',
      'qbr*@compute2@y', 'vm2@compute2@y',
      // the reply
      'vm2@compute2@y', 'qbr*@compute2@y', 'br-int@compute2@y', 'br-tun@compute2@y',
      'root@compute2@y', 'overlay@fabric', 'root@compute1', 'br-tun@compute1', 'br-int@compute1',
      'qbr*@compute1', { device: 'vm1@x', host: 'compute1' },
    ]);
  });

  // @id d54d7032-ae36-5019-9c47-089a0a4e9fbf
  it('DHCP from vm1@x', () => {
    const t = sim.trace('vm1@x', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice1') }); // dnsmasq
    expect(t).toTraverseInOrder([
      { device: 'vm1@x', host: 'compute1' }, 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1',
      'root@compute1', 'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1',
      qdhcp('selfservice1'),
      // the reply
      qdhcp('selfservice1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1',
      { device: 'vm1@x', host: 'compute1' },
    ]);
  });

  // @id b34e0f9c-0a7f-5787-9ba1-59519e7c0827
  it('metadata from vm1@x', () => {
    const t = sim.trace('vm1@x', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toReachPort(9697, { in: qrouter('router1') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controller' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      { device: 'vm1@x', host: 'compute1' }, 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1',
      'root@compute1', 'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1',
      qrouter('router1'), 'neutron-metadata-agent@network1', 'root@network1', 'management@fabric',
      'root@controller',
      // the reply
      'root@controller', 'management@fabric', 'root@network1', qrouter('router1'), 'br-int@network1',
      'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1', 'br-tun@compute1',
      'br-int@compute1', 'qbr*@compute1', { device: 'vm1@x', host: 'compute1' },
    ]);
  });
});
// netspec:generated end network:selfservice1

// netspec:generated begin network:selfservice2
describe('network selfservice2', () => {
  // same network, same host: no two instances of selfservice2 share a host

  // @id dacff3f9-7e3a-5a6e-b26c-822dc952d6a8
  it('same network, across hosts: vm3 (compute1) → vm4 (compute2@y)', () => {
    const t = sim.trace('vm3', 'vm4');
    expect(t).toBeDeliveredTo('vm4');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1', to: 'compute2@y' });
    expect(t).toTraverseInOrder([
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@compute2@y', 'br-tun@compute2@y', 'br-int@compute2@y',
      'qbr*@compute2@y', 'vm4@compute2@y',
      // the reply
      'vm4@compute2@y', 'qbr*@compute2@y', 'br-int@compute2@y', 'br-tun@compute2@y',
      'root@compute2@y', 'overlay@fabric', 'root@compute1', 'br-tun@compute1', 'br-int@compute1',
      'qbr*@compute1', 'vm3@compute1',
    ]);
  });

  // @id c9552165-a034-58ab-9a27-3d238e573dea
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

  // @id c0b69af7-20b3-50ef-912d-76a509bbe288
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
  // @id 7c235a41-b41d-58fe-bb14-f4d829d4d534
  it('across router1: vm1@x (selfservice1) → vm3 (selfservice2)', () => {
    const t = sim.trace('vm1@x', 'vm3');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'network1', to: 'compute1' });
    expect(t).toTraverseInOrder([
      { device: 'vm1@x', host: 'compute1' }, 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1',
      'root@compute1', 'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1',
      qrouter('router1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', 'vm3@compute1',
      // the reply
      'vm3@compute1', 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1', 'root@compute1',
      'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1', qrouter('router1'),
      'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric', 'root@compute1',
      'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1', { device: 'vm1@x', host: 'compute1' },
    ]);
  });

  // @id d217dd4f-e590-5caf-aee5-a8cebd974dff
  it('internet from vm1@x (selfservice1)', () => {
    const t = sim.trace('vm1@x', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1', to: 'network1' });
    expect(t).toTraverseInOrder([
      { device: 'vm1@x', host: 'compute1' }, 'qbr*@compute1', 'br-int@compute1', 'br-tun@compute1',
      'root@compute1', 'overlay@fabric', 'root@network1', 'br-tun@network1', 'br-int@network1',
      qrouter('router1'), 'br-int@network1', 'br-ex@network1', 'provider@fabric', 'upstream@fabric',
      'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric', 'br-ex@network1', 'br-int@network1',
      qrouter('router1'), 'br-int@network1', 'br-tun@network1', 'root@network1', 'overlay@fabric',
      'root@compute1', 'br-tun@compute1', 'br-int@compute1', 'qbr*@compute1',
      { device: 'vm1@x', host: 'compute1' },
    ]);
  });

  // @id bae02b13-882e-518a-bc39-33feee527b73
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
  // @id 679c483a-516a-5e7b-afde-d67c94e0b2ee
  it('sameNetworkNeverRouted holds', () => {
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  // every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and by no other server, and the offer reaches it
  // @id de170324-01c0-59d1-9cc3-065d2590460c
  it('dhcpAnsweredByOwnQdhcp holds', () => {
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
  });

  // every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers
  // @id c19e2694-56fc-5e2f-afde-b9e0b3dd3542
  it('metadataReachesProxy holds', () => {
    expect(sim).toSatisfy(metadataReachesProxy);
  });

  // every tunnelled frame carries its own network's segmentation id, and lands on that network's local VLAN
  // @id 676d366d-f953-5f3a-abc5-a55757be6a81
  it('tunnelIdMatchesNetwork holds', () => {
    expect(sim).toSatisfy(tunnelIdMatchesNetwork);
  });

  // local VLAN tags never leave a host: tunnels carry untagged frames and the wire only provider VLAN ids
  // @id 10b0cc3c-3b81-572a-9538-722c3787f0ae
  it('localVlanStaysInsideHost holds', () => {
    expect(sim).toSatisfy(localVlanStaysInsideHost);
  });

  // traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router
  // @id a840100f-1f4d-5efc-958f-f77a11bd884b
  it('routedTrafficCrossesOneQrouter holds', () => {
    expect(sim).toSatisfy(routedTrafficCrossesOneQrouter);
  });

  // each router has exactly one qg- gateway device (none without a gateway; on an HA router, one holding the gateway address), and its instances' internet traffic leaves through it
  // @id a71577ce-e65b-5907-a82a-fe14b218c37a
  it('onlyOneGatewayPerRouter holds', () => {
    expect(sim).toSatisfy(onlyOneGatewayPerRouter);
  });

  // every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address (or the instance's floating IP), and the answer comes back through that qg-, un-SNATed
  // @id 9f754085-d3a8-540b-aef6-cecf5fcd85e5
  it('everyInstanceReachesTheInternet holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesTheInternet);
  });

  // each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN
  // @id 824a27f1-ad0e-5bef-a914-f169bdc96aea
  it('routerPortsWired holds', () => {
    expect(sim).toSatisfy(routerPortsWired);
  });

  // every frame enters and leaves br-int through ports of the network its local VLAN belongs to (flood copies included)
  // @id 68fddd00-1ed1-5d6f-824a-9061f732aea9
  it('framesStayOnTheirNetwork holds', () => {
    expect(sim).toSatisfy(framesStayOnTheirNetwork);
  });

  // every frame to or from a port with port security is judged by that port's security-group pipeline (qbr FORWARD chains, or br-int tables 71/81)
  // @id ea54b1fb-d29e-5d42-a7a7-18f3a55774a8
  it('securityGroupsOnPath holds', () => {
    expect(sim).toSatisfy(securityGroupsOnPath);
  });

  // with l2population, br-tun forwards unicast frames by l2pop flows (table 20), never learned flows or the flood table
  // @id 4c60bf55-908d-5b86-9127-61726fc780a9
  it('l2popDecidesUnicast holds', () => {
    expect(sim).toSatisfy(l2popDecidesUnicast);
  });

  // an instance's broadcast reaches br-int on every other host with a port of its network
  // @id 6135a681-bef3-5d44-b7b7-76a6a4dae423
  it('broadcastReachesEveryHostOfItsNetwork holds', () => {
    expect(sim).toSatisfy(broadcastReachesEveryHostOfItsNetwork);
  });

  // a connection from an instance straight to its gateway on the metadata proxy port never reaches haproxy
  // @id e358075f-9266-5c0f-ba7d-7814e23b61d9
  it('metadataProxyNotDirectlyReachable holds', () => {
    expect(sim).toSatisfy(metadataProxyNotDirectlyReachable);
  });

  // each host's tunnels, flood lists and l2pop flows match the cloud (what the OVS agent programs)
  // @id 309f9dd3-cc41-589f-9e51-3d252e1bddb6
  it('overlayComplete holds', () => {
    expect(sim).toSatisfy(overlayComplete);
  });

  // a copy of an instance's DHCP broadcast that reaches another secured instance's qbr is dropped by that port's security group
  // @id ca1993e2-023f-54eb-bf72-508ae162e4bc
  it('strangersDroppedAtIngress holds', () => {
    expect(sim).toSatisfy(strangersDroppedAtIngress);
  });

  // every instance on a subnet a router joins reaches that router's address on its subnet, answered by the router's qrouter namespace
  // @id c9ec3236-8d25-5c8a-830c-973ef9b690a4
  it('everyInstanceReachesItsGateway holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesItsGateway);
  });

  // every DHCP guest NIC holds its port's address and its subnet's gateway, host routes, on-link sibling subnets and network MTU
  // @id 302877b8-e632-59dd-bc0f-80d132aabd7f
  it('dhcpGuestsGetTheirSubnetSettings holds', () => {
    expect(sim).toSatisfy(dhcpGuestsGetTheirSubnetSettings);
  });
});
// netspec:generated end invariants
