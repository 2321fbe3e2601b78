import { dnsmasqDown, healthy, marked, messageOf, notTraces, vm1IcmpDropped } from './helpers';

const dropped = vm1IcmpDropped.trace('vm1', 'vm2');
const delivered = healthy.trace('vm1', 'vm2');

describe('.toBeDropped', () => {
  test('passes when the packet is dropped, anywhere and for any reason', () => {
    expect(dropped).toBeDropped();
    expect(dnsmasqDown.trace('vm1', 'dhcp')).toBeDropped();
  });

  test('passes when where and why match', () => {
    expect(dropped).toBeDropped({ by: 'qbr*@compute1' });
    expect(dropped).toBeDropped({ reason: 'security group' });
    expect(dropped).toBeDropped({ reason: /injected: security group/ });
    expect(dropped).toBeDropped({ by: { host: 'compute1' }, reason: 'neutron-openvswi-o' });
    expect(dnsmasqDown.trace('vm1', 'dhcp')).toBeDropped({ by: 'qdhcp-*', reason: 'dnsmasq is not running' });
  });

  test('fails when the packet is delivered, marking where it arrived', () => {
    const message = messageOf(() => expect(delivered).toBeDropped({ by: 'qbr*' }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to be dropped:\n  {"by": "qbr*"}');
    expect(message).toContain('delivered to vm2 (vm2@compute2)');
    expect(marked(message)).toEqual([expect.stringMatching(/^compute2 +vm2 eth0$/)]);
  });

  test('fails when the packet is dropped elsewhere or for another reason', () => {
    expect(() => expect(dropped).toBeDropped({ by: 'br-int' })).toThrow('Expected the packet to be dropped');
    expect(() => expect(dropped).toBeDropped({ by: '*@compute2' })).toThrow('Expected the packet to be dropped');
    expect(() => expect(dropped).toBeDropped({ reason: 'dnsmasq' })).toThrow('Expected the packet to be dropped');
    expect(() => expect(dropped).toBeDropped({ reason: /^dnsmasq/ })).toThrow('Expected the packet to be dropped');
  });
});

describe('.not.toBeDropped', () => {
  test('passes when the packet arrives, or is dropped elsewhere or for another reason', () => {
    expect(delivered).not.toBeDropped();
    expect(healthy.trace('vm1', 'metadata')).not.toBeDropped();
    expect(dropped).not.toBeDropped({ by: 'br-int' });
    expect(dropped).not.toBeDropped({ reason: 'dnsmasq' });
  });

  test('fails when the packet is dropped, marking the hop that dropped it', () => {
    const message = messageOf(() => expect(dropped).not.toBeDropped({ reason: 'security group' }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toBeDropped(expected)');
    expect(message).toContain('Expected the packet not to be dropped:\n  {"reason": "security group"}');
    expect(marked(message)).toEqual([expect.stringMatching(/^compute1 +qbr\S+ tap\S+ +\[DROP neutron-openvswi-o/)]);
  });
});

describe('toBeDropped matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toBeDropped(), () => expect(value).not.toBeDropped()]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(null).toBeDropped())).toMatchSnapshot();
  });

  test.each([['a string', 'qbr*'], ['null', null], ['a number', 42]])('rejects %s as the expectation', (_, expected) => {
    expect(messageOf(() => expect(dropped).toBeDropped(expected as never))).toContain('Matcher error: expected value must be an object like { by?: location, reason?: string | RegExp }');
  });

  test('names the expectation that is not an object', () => {
    expect(messageOf(() => expect(dropped).toBeDropped('security group' as never))).toMatchSnapshot();
  });

  test('rejects a `by` that is not a location', () => {
    expect(messageOf(() => expect(dropped).toBeDropped({ by: 42 as never }))).toContain('Matcher error: expected value must be a location');
  });
});
