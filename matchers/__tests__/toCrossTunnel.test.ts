import { healthy, marked, messageOf, notTraces, withVm5 } from './helpers';

const switched = healthy.trace('vm1', 'vm2');
const routed = healthy.trace('vm1', 'vm3');
const local = withVm5.trace('vm1', 'vm5');

describe('.toCrossTunnel', () => {
  test('passes when the packet is encapsulated with the network’s VNI between its hosts', () => {
    expect(switched).toCrossTunnel();
    expect(switched).toCrossTunnel({ vni: 101, from: 'compute1', to: 'compute2' });
    expect(switched).toCrossTunnel({ type: 'vxlan' });
    expect(switched).toCrossTunnel({ from: 'compute*', to: 'compute*' });
  });

  test('passes for each leg of a routed path', () => {
    expect(routed).toCrossTunnel({ vni: 101, from: 'compute1', to: 'network1' });
    expect(routed).toCrossTunnel({ vni: 102, from: 'network1', to: 'compute1' });
  });

  test('fails when no tunnel carries that VNI, marking nothing', () => {
    const message = messageOf(() => expect(switched).toCrossTunnel({ vni: 102 }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to cross a tunnel:\n  {"vni": 102}');
    expect(message).toContain('[vxlan 101 → 10.0.1.32]');
    expect(marked(message)).toEqual([]);
  });

  test('fails when the tunnel runs between other hosts, or is of another type', () => {
    expect(() => expect(switched).toCrossTunnel({ vni: 101, to: 'network1' })).toThrow('Expected the packet to cross a tunnel');
    expect(() => expect(routed).toCrossTunnel({ vni: 101, to: 'compute2' })).toThrow('Expected the packet to cross a tunnel');
    expect(() => expect(switched).toCrossTunnel({ type: 'gre' })).toThrow('Expected the packet to cross a tunnel');
  });

  test('fails when the packet never leaves its host', () => {
    expect(() => expect(local).toCrossTunnel()).toThrow('delivered to vm5 (vm5@compute1)');
  });
});

describe('.not.toCrossTunnel', () => {
  test('passes when the packet is switched on one host', () => {
    expect(local).not.toCrossTunnel();
    expect(switched).not.toCrossTunnel({ vni: 102 });
  });

  test('looks at the reply too: a routed echo reply comes back from network1 on VNI 101', () => {
    expect(routed).toCrossTunnel({ vni: 101, from: 'network1', to: 'compute1' });
  });

  test('fails when the packet is tunnelled, marking the encapsulating hops of request and reply', () => {
    const message = messageOf(() => expect(switched).not.toCrossTunnel({ vni: 101 }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toCrossTunnel(expected)');
    expect(message).toContain('Expected the packet not to cross a tunnel:\n  {"vni": 101}');
    expect(marked(message)).toEqual([
      expect.stringMatching(/^compute1 +br-tun patch-int → vxlan-\S+ +\[vxlan 101 → 10\.0\.1\.32\]$/),
      expect.stringMatching(/^compute2 +br-tun patch-int → vxlan-\S+ +\[vxlan 101 → 10\.0\.1\.31\]$/),
    ]);
  });
});

describe('toCrossTunnel matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toCrossTunnel(), () => expect(value).not.toCrossTunnel()]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect({}).toCrossTunnel({ vni: 101 }))).toMatchSnapshot();
  });

  test('rejects an expectation that is not an object', () => {
    const message = messageOf(() => expect(switched).toCrossTunnel(101 as never));
    expect(message).toMatchSnapshot();
    expect(message).toContain("Matcher error: expected value must be an object like { vni?: number, type?: 'vxlan' | 'gre', from?: host, to?: host, evenIfNeverLeft?: boolean }");
    expect(messageOf(() => expect(switched).toCrossTunnel(null as never))).toContain('Matcher error');
  });
});
