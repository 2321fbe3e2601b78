/**
 * Behaviour spec for the cloud "referenceesc\u001b[31mred\u001b[0m\u001b]0;title\u0007\u001b[2J" (the topology /work/main/src/tooling/__fixtures__/tmp-scaffold-names-24162/hostile-16.json), scaffolded by `netspec scaffold`:
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

const sim = simulate(loadTopology(join(__dirname, 'hostile-16.json')));
// netspec:generated end setup

// netspec:generated begin network:selfservice1../../etc/passwd
describe('network selfservice1../../etc/passwd', () => {
  // same network, same host: no two instances of selfservice1../../etc/passwd share a host

  // @id 94ade7b3-91e7-5d76-ad30-ec9827cea963
  it('same network, across hosts: vm1café-网络-🙂 (compute1ls\u2028;throw new Error(4242);) → vm2nl\n;throw new Error(4242); (compute2ps\u2029;throw new Error(4242);)', () => {
    const t = sim.trace('vm1café-网络-🙂', 'vm2nl\n;throw new Error(4242);');
    expect(t).toBeDeliveredTo('vm2nl\n;throw new Error(4242);');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'compute2ps\u2029;throw new Error(4242);' });
    expect(t).toTraverseInOrder([
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@compute2ps\u2029;throw new Error(4242);',
      'br-tun@compute2ps\u2029;throw new Error(4242);',
      'br-int@compute2ps\u2029;throw new Error(4242);',
      'qbr*@compute2ps\u2029;throw new Error(4242);',
      'vm2nl\n;throw new Error(4242);@compute2ps\u2029;throw new Error(4242);',
      // the reply
      'vm2nl\n;throw new Error(4242);@compute2ps\u2029;throw new Error(4242);',
      'qbr*@compute2ps\u2029;throw new Error(4242);',
      'br-int@compute2ps\u2029;throw new Error(4242);',
      'br-tun@compute2ps\u2029;throw new Error(4242);',
      'root@compute2ps\u2029;throw new Error(4242);', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id 941196f4-569d-5beb-8194-24409de88eae
  it('DHCP from vm1café-网络-🙂', () => {
    const t = sim.trace('vm1café-网络-🙂', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice1../../etc/passwd') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qdhcp('selfservice1../../etc/passwd'),
      // the reply
      qdhcp('selfservice1../../etc/passwd'), 'br-int@network1marks\u200e\u200f\u061c',
      'br-tun@network1marks\u200e\u200f\u061c', 'root@network1marks\u200e\u200f\u061c',
      'overlay@fabric', 'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id a7094d8b-2e11-5a74-9a5f-957a697f432f
  it('metadata from vm1café-网络-🙂', () => {
    const t = sim.trace('vm1café-网络-🙂', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toReachPort(9697, { in: qrouter('router1@x*?[y]') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'neutron-metadata-agent@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'management@fabric',
      'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c',
      // the reply
      'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c', 'management@fabric',
      'root@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
    ]);
  });
});
// netspec:generated end network:selfservice1../../etc/passwd

// netspec:generated begin network:selfservice2..\..\windows\system32
describe('network selfservice2..\\..\\windows\\system32', () => {
  // same network, same host: no two instances of selfservice2..\..\windows\system32 share a host

  // @id 78fd4a67-1981-57ce-b4b2-100bb68619f6
  it('same network, across hosts: vm3cr\r;throw new Error(4242); (compute1ls\u2028;throw new Error(4242);) → vm4crlf\r\n;throw new Error(4242);// (compute2ps\u2029;throw new Error(4242);)', () => {
    const t = sim.trace('vm3cr\r;throw new Error(4242);', 'vm4crlf\r\n;throw new Error(4242);//');
    expect(t).toBeDeliveredTo('vm4crlf\r\n;throw new Error(4242);//');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'compute2ps\u2029;throw new Error(4242);' });
    expect(t).toTraverseInOrder([
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@compute2ps\u2029;throw new Error(4242);',
      'br-tun@compute2ps\u2029;throw new Error(4242);',
      'br-int@compute2ps\u2029;throw new Error(4242);',
      'qbr*@compute2ps\u2029;throw new Error(4242);',
      'vm4crlf\r\n;throw new Error(4242);//@compute2ps\u2029;throw new Error(4242);',
      // the reply
      'vm4crlf\r\n;throw new Error(4242);//@compute2ps\u2029;throw new Error(4242);',
      'qbr*@compute2ps\u2029;throw new Error(4242);',
      'br-int@compute2ps\u2029;throw new Error(4242);',
      'br-tun@compute2ps\u2029;throw new Error(4242);',
      'root@compute2ps\u2029;throw new Error(4242);', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id 58e07afc-7b48-5be0-b6d2-81355bc4f5b5
  it('DHCP from vm3cr\r;throw new Error(4242);', () => {
    const t = sim.trace('vm3cr\r;throw new Error(4242);', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice2..\\..\\windows\\system32') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qdhcp('selfservice2..\\..\\windows\\system32'),
      // the reply
      qdhcp('selfservice2..\\..\\windows\\system32'), 'br-int@network1marks\u200e\u200f\u061c',
      'br-tun@network1marks\u200e\u200f\u061c', 'root@network1marks\u200e\u200f\u061c',
      'overlay@fabric', 'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id 354942a8-ec81-5152-9e06-7c9dd2f33588
  it('metadata from vm3cr\r;throw new Error(4242);', () => {
    const t = sim.trace('vm3cr\r;throw new Error(4242);', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.2.1:9697' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toReachPort(9697, { in: qrouter('router1@x*?[y]') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'neutron-metadata-agent@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'management@fabric',
      'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c',
      // the reply
      'root@controllerbidi\u202e\u2066gpj.exe\u2069\u202c', 'management@fabric',
      'root@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
    ]);
  });
});
// netspec:generated end network:selfservice2..\..\windows\system32

// netspec:generated begin network:long%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along~03f34eeeb5c5
// network long *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\n: no instances, nothing to trace
// netspec:generated end network:long%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along~03f34eeeb5c5

// netspec:generated begin router:router1@x*?[y]
describe('router router1@x*?[y]', () => {
  // @id f596039c-f676-59ad-877f-87c7080def64
  it('across router1@x*?[y]: vm1café-网络-🙂 (selfservice1../../etc/passwd) → vm3cr\r;throw new Error(4242); (selfservice2..\\..\\windows\\system32)', () => {
    const t = sim.trace('vm1café-网络-🙂', 'vm3cr\r;throw new Error(4242);');
    expect(t).toBeDeliveredTo('vm3cr\r;throw new Error(4242);');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'network1marks\u200e\u200f\u061c', to: 'compute1ls\u2028;throw new Error(4242);' });
    expect(t).toTraverseInOrder([
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      // the reply
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'root@network1marks\u200e\u200f\u061c', 'overlay@fabric',
      'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id bc2f762f-4cca-5f0a-ba4b-3929fee137bb
  it('internet from vm1café-网络-🙂 (selfservice1../../etc/passwd)', () => {
    const t = sim.trace('vm1café-网络-🙂', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toTraverseInOrder([
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-ex@network1marks\u200e\u200f\u061c',
      'provider@fabric', 'upstream@fabric', 'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric',
      'br-ex@network1marks\u200e\u200f\u061c', 'br-int@network1marks\u200e\u200f\u061c',
      qrouter('router1@x*?[y]'), 'br-int@network1marks\u200e\u200f\u061c',
      'br-tun@network1marks\u200e\u200f\u061c', 'root@network1marks\u200e\u200f\u061c',
      'overlay@fabric', 'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm1café-网络-🙂@compute1ls\u2028;throw new Error(4242);',
    ]);
  });

  // @id 4da553dc-ba0e-52b2-aa39-0a6d57dd84a7
  it('internet from vm3cr\r;throw new Error(4242); (selfservice2..\\..\\windows\\system32)', () => {
    const t = sim.trace('vm3cr\r;throw new Error(4242);', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1ls\u2028;throw new Error(4242);', to: 'network1marks\u200e\u200f\u061c' });
    expect(t).toTraverseInOrder([
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'root@compute1ls\u2028;throw new Error(4242);', 'overlay@fabric',
      'root@network1marks\u200e\u200f\u061c', 'br-tun@network1marks\u200e\u200f\u061c',
      'br-int@network1marks\u200e\u200f\u061c', qrouter('router1@x*?[y]'),
      'br-int@network1marks\u200e\u200f\u061c', 'br-ex@network1marks\u200e\u200f\u061c',
      'provider@fabric', 'upstream@fabric', 'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric',
      'br-ex@network1marks\u200e\u200f\u061c', 'br-int@network1marks\u200e\u200f\u061c',
      qrouter('router1@x*?[y]'), 'br-int@network1marks\u200e\u200f\u061c',
      'br-tun@network1marks\u200e\u200f\u061c', 'root@network1marks\u200e\u200f\u061c',
      'overlay@fabric', 'root@compute1ls\u2028;throw new Error(4242);',
      'br-tun@compute1ls\u2028;throw new Error(4242);',
      'br-int@compute1ls\u2028;throw new Error(4242);',
      'qbr*@compute1ls\u2028;throw new Error(4242);',
      'vm3cr\r;throw new Error(4242);@compute1ls\u2028;throw new Error(4242);',
    ]);
  });
});
// netspec:generated end router:router1@x*?[y]

// netspec:generated begin invariants
describe('cloud-wide invariants', () => {
  // not applicable (no flows of their kind in this cloud): unroutedNetworksIsolated, floatingIpReachesItsInstance, haRouterHasExactlyOneActive, haBackupsCanTakeOver

  // traffic between instances on the same network (and subnet) is delivered without entering a qrouter namespace
  // @id 0f4bd993-80ad-5fc1-a885-cdd6b512e848
  it('sameNetworkNeverRouted holds', () => {
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  // every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and by no other server, and the offer reaches it
  // @id b870d5ba-9c34-5379-881f-73609b8c9e28
  it('dhcpAnsweredByOwnQdhcp holds', () => {
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
  });

  // every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers
  // @id ef7b3579-b293-56ef-9d16-e1605fcb3bb5
  it('metadataReachesProxy holds', () => {
    expect(sim).toSatisfy(metadataReachesProxy);
  });

  // every tunnelled frame carries its own network's segmentation id, and lands on that network's local VLAN
  // @id 00f005ac-bafd-5d72-8f74-d05c6d2b626e
  it('tunnelIdMatchesNetwork holds', () => {
    expect(sim).toSatisfy(tunnelIdMatchesNetwork);
  });

  // local VLAN tags never leave a host: tunnels carry untagged frames and the wire only provider VLAN ids
  // @id 5decc10b-b031-5d76-9545-84bc182a6a2d
  it('localVlanStaysInsideHost holds', () => {
    expect(sim).toSatisfy(localVlanStaysInsideHost);
  });

  // traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router
  // @id 35530b87-3e1f-5b04-a1e5-8ed423b7de77
  it('routedTrafficCrossesOneQrouter holds', () => {
    expect(sim).toSatisfy(routedTrafficCrossesOneQrouter);
  });

  // each router has exactly one qg- gateway device (none without a gateway; on an HA router, one holding the gateway address), and its instances' internet traffic leaves through it
  // @id 2d13572c-aace-5672-815c-523bddfa21c8
  it('onlyOneGatewayPerRouter holds', () => {
    expect(sim).toSatisfy(onlyOneGatewayPerRouter);
  });

  // every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address (or the instance's floating IP), and the answer comes back through that qg-, un-SNATed
  // @id c8caa386-3d1d-5acf-9b1c-ced0fc2946f0
  it('everyInstanceReachesTheInternet holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesTheInternet);
  });

  // each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN
  // @id 6cbb6634-87a9-59b1-9466-470bb2db8e64
  it('routerPortsWired holds', () => {
    expect(sim).toSatisfy(routerPortsWired);
  });

  // every frame enters and leaves br-int through ports of the network its local VLAN belongs to (flood copies included)
  // @id 1a320dde-e1ff-52aa-985f-d12a8118d16c
  it('framesStayOnTheirNetwork holds', () => {
    expect(sim).toSatisfy(framesStayOnTheirNetwork);
  });

  // every frame to or from a port with port security is judged by that port's security-group pipeline (qbr FORWARD chains, or br-int tables 71/81)
  // @id b5ae6668-c9af-54fe-bca0-6ad57043331c
  it('securityGroupsOnPath holds', () => {
    expect(sim).toSatisfy(securityGroupsOnPath);
  });

  // with l2population, br-tun forwards unicast frames by l2pop flows (table 20), never learned flows or the flood table
  // @id 3ebc442f-cd59-5ba7-a14a-27116bde8499
  it('l2popDecidesUnicast holds', () => {
    expect(sim).toSatisfy(l2popDecidesUnicast);
  });

  // an instance's broadcast reaches br-int on every other host with a port of its network
  // @id 803147d8-0797-5c76-ba7c-8f7b66e1d8ad
  it('broadcastReachesEveryHostOfItsNetwork holds', () => {
    expect(sim).toSatisfy(broadcastReachesEveryHostOfItsNetwork);
  });

  // a connection from an instance straight to its gateway on the metadata proxy port never reaches haproxy
  // @id e585a6f4-4b85-55bd-b9a9-0edf1f8e7006
  it('metadataProxyNotDirectlyReachable holds', () => {
    expect(sim).toSatisfy(metadataProxyNotDirectlyReachable);
  });

  // each host's tunnels, flood lists and l2pop flows match the cloud (what the OVS agent programs)
  // @id 94eeabd8-10d3-5358-ae8e-80e16200fdd0
  it('overlayComplete holds', () => {
    expect(sim).toSatisfy(overlayComplete);
  });

  // a copy of an instance's DHCP broadcast that reaches another secured instance's qbr is dropped by that port's security group
  // @id 9bb1317e-79cb-5ab3-9f26-fb6273268654
  it('strangersDroppedAtIngress holds', () => {
    expect(sim).toSatisfy(strangersDroppedAtIngress);
  });

  // every instance on a subnet a router joins reaches that router's address on its subnet, answered by the router's qrouter namespace
  // @id 8406c696-5c7f-5c61-b36e-62826550688f
  it('everyInstanceReachesItsGateway holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesItsGateway);
  });

  // every DHCP guest NIC holds its port's address and its subnet's gateway, host routes, on-link sibling subnets and network MTU
  // @id 46743187-2110-5657-9b6c-e12420c60577
  it('dhcpGuestsGetTheirSubnetSettings holds', () => {
    expect(sim).toSatisfy(dhcpGuestsGetTheirSubnetSettings);
  });
});
// netspec:generated end invariants
