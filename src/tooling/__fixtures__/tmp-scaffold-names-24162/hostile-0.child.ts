/**
 * Behaviour spec for the cloud "referencenl\n;throw new Error(4242);" (the topology /work/main/src/tooling/__fixtures__/tmp-scaffold-names-24162/hostile-0.json), scaffolded by `netspec scaffold`:
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

const sim = simulate(loadTopology(join(__dirname, 'hostile-0.json')));
// netspec:generated end setup

// netspec:generated begin network:selfservice1${(()%0020=>%0020{%0020throw%0020new%0020Error(4242);%0020})()}
describe('network selfservice1${(() => { throw new Error(4242); })()}', () => {
  // same network, same host: no two instances of selfservice1${(() => { throw new Error(4242); })()} share a host

  // @id dbb6d62a-6fac-5865-ba41-ac9b2908a346
  it('same network, across hosts: vm1</script><script>alert(4242)</script> (compute1*/;throw new Error(4242);/*) → vm2<!-- --><b>x</b> (compute2/*;throw new Error(4242);)', () => {
    const t = sim.trace('vm1</script><script>alert(4242)</script>', 'vm2<!-- --><b>x</b>');
    expect(t).toBeDeliveredTo('vm2<!-- --><b>x</b>');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'compute2/*;throw new Error(4242);' });
    expect(t).toTraverseInOrder([
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@compute2/*;throw new Error(4242);',
      'br-tun@compute2/*;throw new Error(4242);', 'br-int@compute2/*;throw new Error(4242);',
      'qbr*@compute2/*;throw new Error(4242);',
      'vm2<!-- --><b>x</b>@compute2/*;throw new Error(4242);',
      // the reply
      'vm2<!-- --><b>x</b>@compute2/*;throw new Error(4242);',
      'qbr*@compute2/*;throw new Error(4242);', 'br-int@compute2/*;throw new Error(4242);',
      'br-tun@compute2/*;throw new Error(4242);', 'root@compute2/*;throw new Error(4242);',
      'overlay@fabric', 'root@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*',
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id 814b6b2e-714b-58e7-9b11-1d80e34f208c
  it('DHCP from vm1</script><script>alert(4242)</script>', () => {
    const t = sim.trace('vm1</script><script>alert(4242)</script>', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice1${(() => { throw new Error(4242); })()}') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      qdhcp('selfservice1${(() => { throw new Error(4242); })()}'),
      // the reply
      qdhcp('selfservice1${(() => { throw new Error(4242); })()}'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id e7661118-c9e4-51e2-b719-5e78f00348a9
  it('metadata from vm1</script><script>alert(4242)</script>', () => {
    const t = sim.trace('vm1</script><script>alert(4242)</script>', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toReachPort(9697, { in: qrouter('router1tail\\') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controllercr\r;throw new Error(4242);' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'neutron-metadata-agent@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'management@fabric',
      'root@controllercr\r;throw new Error(4242);',
      // the reply
      'root@controllercr\r;throw new Error(4242);', 'management@fabric',
      'root@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
    ]);
  });
});
// netspec:generated end network:selfservice1${(()%0020=>%0020{%0020throw%0020new%0020Error(4242);%0020})()}

// netspec:generated begin network:selfservice2`+(()%0020=>%0020{%0020throw%0020new%0020Error(4242);%0020})()+`
describe('network selfservice2`+(() => { throw new Error(4242); })()+`', () => {
  // same network, same host: no two instances of selfservice2`+(() => { throw new Error(4242); })()+` share a host

  // @id 441faf60-4075-5636-b26f-3d756737c433
  it('same network, across hosts: vm3]]><x>&amp; (compute1*/;throw new Error(4242);/*) → vm4bel\u0007bs\u0008vt\u000bff\u000cdel\u007f (compute2/*;throw new Error(4242);)', () => {
    const t = sim.trace('vm3]]><x>&amp;', 'vm4bel\u0007bs\u0008vt\u000bff\u000cdel\u007f');
    expect(t).toBeDeliveredTo('vm4bel\u0007bs\u0008vt\u000bff\u000cdel\u007f');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'compute2/*;throw new Error(4242);' });
    expect(t).toTraverseInOrder([
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@compute2/*;throw new Error(4242);',
      'br-tun@compute2/*;throw new Error(4242);', 'br-int@compute2/*;throw new Error(4242);',
      'qbr*@compute2/*;throw new Error(4242);',
      'vm4bel\u0007bs\u0008vt\u000bff\u000cdel\u007f@compute2/*;throw new Error(4242);',
      // the reply
      'vm4bel\u0007bs\u0008vt\u000bff\u000cdel\u007f@compute2/*;throw new Error(4242);',
      'qbr*@compute2/*;throw new Error(4242);', 'br-int@compute2/*;throw new Error(4242);',
      'br-tun@compute2/*;throw new Error(4242);', 'root@compute2/*;throw new Error(4242);',
      'overlay@fabric', 'root@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*',
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id b2916904-061b-56cd-9185-c664c4ee9ceb
  it('DHCP from vm3]]><x>&amp;', () => {
    const t = sim.trace('vm3]]><x>&amp;', 'dhcp');
    expect(t).toBeAnsweredBy('dnsmasq');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toReachPort(67, { in: qdhcp('selfservice2`+(() => { throw new Error(4242); })()+`') }); // dnsmasq
    expect(t).toTraverseInOrder([
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      qdhcp('selfservice2`+(() => { throw new Error(4242); })()+`'),
      // the reply
      qdhcp('selfservice2`+(() => { throw new Error(4242); })()+`'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id 041e737d-2e81-5979-9117-4ba2c62a479c
  it('metadata from vm3]]><x>&amp;', () => {
    const t = sim.trace('vm3]]><x>&amp;', 'metadata');
    expect(t).toBeAnsweredBy('nova-api-metadata');
    expect(t).toBeNatted({ kind: 'REDIRECT', to: '192.168.2.1:9697' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toReachPort(9697, { in: qrouter('router1tail\\') }); // haproxy
    expect(t).toReachPort(8775, { in: 'root@controllercr\r;throw new Error(4242);' }); // nova-api-metadata
    expect(t).toTraverseInOrder([
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'neutron-metadata-agent@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'management@fabric',
      'root@controllercr\r;throw new Error(4242);',
      // the reply
      'root@controllercr\r;throw new Error(4242);', 'management@fabric',
      'root@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
    ]);
  });
});
// netspec:generated end network:selfservice2`+(()%0020=>%0020{%0020throw%0020new%0020Error(4242);%0020})()+`

// netspec:generated begin network:long%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along~03f34eeeb5c5
// network long *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\nlong *\/\n: no instances, nothing to trace
// netspec:generated end network:long%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along%0020*/%000Along~03f34eeeb5c5

// netspec:generated begin router:router1tail\
describe('router router1tail\\', () => {
  // @id f3da07c4-a21d-5529-8d74-f044f62c5f01
  it('across router1tail\\: vm1</script><script>alert(4242)</script> (selfservice1${(() => { throw new Error(4242); })()}) → vm3]]><x>&amp; (selfservice2`+(() => { throw new Error(4242); })()+`)', () => {
    const t = sim.trace('vm1</script><script>alert(4242)</script>', 'vm3]]><x>&amp;');
    expect(t).toBeDeliveredTo('vm3]]><x>&amp;');
    expect(t).not.toBeNatted();
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'network1crlf\r\n;throw new Error(4242);//', to: 'compute1*/;throw new Error(4242);/*' });
    expect(t).toTraverseInOrder([
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      // the reply
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id 51edfa30-a0ec-5129-ac52-4dcb54fb0d0e
  it('internet from vm1</script><script>alert(4242)</script> (selfservice1${(() => { throw new Error(4242); })()})', () => {
    const t = sim.trace('vm1</script><script>alert(4242)</script>', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 101, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toTraverseInOrder([
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-ex@network1crlf\r\n;throw new Error(4242);//', 'provider@fabric', 'upstream@fabric',
      'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric',
      'br-ex@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm1</script><script>alert(4242)</script>@compute1*/;throw new Error(4242);/*',
    ]);
  });

  // @id d58dcc29-eb11-5f32-bf71-d37d276d6b47
  it('internet from vm3]]><x>&amp; (selfservice2`+(() => { throw new Error(4242); })()+`)', () => {
    const t = sim.trace('vm3]]><x>&amp;', 'internet');
    expect(t).toBeDeliveredTo('internet');
    expect(t).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
    expect(t).toCrossTunnel({ vni: 102, type: 'vxlan', from: 'compute1*/;throw new Error(4242);/*', to: 'network1crlf\r\n;throw new Error(4242);//' });
    expect(t).toTraverseInOrder([
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
      'qbr*@compute1*/;throw new Error(4242);/*', 'br-int@compute1*/;throw new Error(4242);/*',
      'br-tun@compute1*/;throw new Error(4242);/*', 'root@compute1*/;throw new Error(4242);/*',
      'overlay@fabric', 'root@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-ex@network1crlf\r\n;throw new Error(4242);//', 'provider@fabric', 'upstream@fabric',
      'internet@fabric',
      // the reply
      'internet@fabric', 'upstream@fabric', 'provider@fabric',
      'br-ex@network1crlf\r\n;throw new Error(4242);//',
      'br-int@network1crlf\r\n;throw new Error(4242);//', qrouter('router1tail\\'),
      'br-int@network1crlf\r\n;throw new Error(4242);//',
      'br-tun@network1crlf\r\n;throw new Error(4242);//',
      'root@network1crlf\r\n;throw new Error(4242);//', 'overlay@fabric',
      'root@compute1*/;throw new Error(4242);/*', 'br-tun@compute1*/;throw new Error(4242);/*',
      'br-int@compute1*/;throw new Error(4242);/*', 'qbr*@compute1*/;throw new Error(4242);/*',
      'vm3]]><x>&amp;@compute1*/;throw new Error(4242);/*',
    ]);
  });
});
// netspec:generated end router:router1tail\

// netspec:generated begin invariants
describe('cloud-wide invariants', () => {
  // not applicable (no flows of their kind in this cloud): unroutedNetworksIsolated, floatingIpReachesItsInstance, haRouterHasExactlyOneActive, haBackupsCanTakeOver

  // traffic between instances on the same network (and subnet) is delivered without entering a qrouter namespace
  // @id c87d9b3d-d84a-5f94-adf1-ad3cbe9437fe
  it('sameNetworkNeverRouted holds', () => {
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  // every instance's DHCP DISCOVER is answered by its own network's qdhcp namespace, and by no other server, and the offer reaches it
  // @id 120be9be-d4b6-5d6e-a813-303d0d8ec995
  it('dhcpAnsweredByOwnQdhcp holds', () => {
    expect(sim).toSatisfy(dhcpAnsweredByOwnQdhcp);
  });

  // every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers
  // @id 266da417-58f8-5a76-bddc-3691921d0107
  it('metadataReachesProxy holds', () => {
    expect(sim).toSatisfy(metadataReachesProxy);
  });

  // every tunnelled frame carries its own network's segmentation id, and lands on that network's local VLAN
  // @id 11ad79ce-dc6e-50a2-a936-760134256841
  it('tunnelIdMatchesNetwork holds', () => {
    expect(sim).toSatisfy(tunnelIdMatchesNetwork);
  });

  // local VLAN tags never leave a host: tunnels carry untagged frames and the wire only provider VLAN ids
  // @id 1368ad5c-7c9d-5a3a-890b-5fecd573e136
  it('localVlanStaysInsideHost holds', () => {
    expect(sim).toSatisfy(localVlanStaysInsideHost);
  });

  // traffic between instances on networks joined by a router is delivered through exactly one qrouter: that router
  // @id 57c205ca-a3d9-59a7-bad2-e0c047e065d2
  it('routedTrafficCrossesOneQrouter holds', () => {
    expect(sim).toSatisfy(routedTrafficCrossesOneQrouter);
  });

  // each router has exactly one qg- gateway device (none without a gateway; on an HA router, one holding the gateway address), and its instances' internet traffic leaves through it
  // @id 3c618cec-8a99-5fb5-bb98-968d45320a0b
  it('onlyOneGatewayPerRouter holds', () => {
    expect(sim).toSatisfy(onlyOneGatewayPerRouter);
  });

  // every instance behind a router with a gateway reaches the internet through that router's qg-, SNATed to its gateway address (or the instance's floating IP), and the answer comes back through that qg-, un-SNATed
  // @id 90ee13ea-7f0a-5637-8b18-b81b01919fdd
  it('everyInstanceReachesTheInternet holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesTheInternet);
  });

  // each router's qrouter holds a qr- per interface (with the gateway address) and its qg-, each on br-int on its network's local VLAN
  // @id deade299-80ee-55dc-a86f-33d6cb38bea5
  it('routerPortsWired holds', () => {
    expect(sim).toSatisfy(routerPortsWired);
  });

  // every frame enters and leaves br-int through ports of the network its local VLAN belongs to (flood copies included)
  // @id 93a36f26-f1eb-50bc-bc6b-e64879403aa2
  it('framesStayOnTheirNetwork holds', () => {
    expect(sim).toSatisfy(framesStayOnTheirNetwork);
  });

  // every frame to or from a port with port security is judged by that port's security-group pipeline (qbr FORWARD chains, or br-int tables 71/81)
  // @id 444450f7-6972-5afd-95a7-ee0c3b54c28c
  it('securityGroupsOnPath holds', () => {
    expect(sim).toSatisfy(securityGroupsOnPath);
  });

  // with l2population, br-tun forwards unicast frames by l2pop flows (table 20), never learned flows or the flood table
  // @id ce9768e4-3c7c-5f4b-bd27-a56fe77d77a1
  it('l2popDecidesUnicast holds', () => {
    expect(sim).toSatisfy(l2popDecidesUnicast);
  });

  // an instance's broadcast reaches br-int on every other host with a port of its network
  // @id 177c07b4-95fc-505f-bee0-ac16c0b01cd2
  it('broadcastReachesEveryHostOfItsNetwork holds', () => {
    expect(sim).toSatisfy(broadcastReachesEveryHostOfItsNetwork);
  });

  // a connection from an instance straight to its gateway on the metadata proxy port never reaches haproxy
  // @id fbf3963d-a863-594a-9563-2cf1ebb4a408
  it('metadataProxyNotDirectlyReachable holds', () => {
    expect(sim).toSatisfy(metadataProxyNotDirectlyReachable);
  });

  // each host's tunnels, flood lists and l2pop flows match the cloud (what the OVS agent programs)
  // @id d374899a-da69-5457-bef5-170a5390c315
  it('overlayComplete holds', () => {
    expect(sim).toSatisfy(overlayComplete);
  });

  // a copy of an instance's DHCP broadcast that reaches another secured instance's qbr is dropped by that port's security group
  // @id 0c92080e-5b6f-555c-b17f-3efd35e54d79
  it('strangersDroppedAtIngress holds', () => {
    expect(sim).toSatisfy(strangersDroppedAtIngress);
  });

  // every instance on a subnet a router joins reaches that router's address on its subnet, answered by the router's qrouter namespace
  // @id cf63e81b-0b07-5767-becd-1ccd6c795eaf
  it('everyInstanceReachesItsGateway holds', () => {
    expect(sim).toSatisfy(everyInstanceReachesItsGateway);
  });

  // every DHCP guest NIC holds its port's address and its subnet's gateway, host routes, on-link sibling subnets and network MTU
  // @id e2428586-bc7d-5938-914a-7792c0ea970b
  it('dhcpGuestsGetTheirSubnetSettings holds', () => {
    expect(sim).toSatisfy(dhcpGuestsGetTheirSubnetSettings);
  });
});
// netspec:generated end invariants
