import { qdhcp } from '../../src';
import { healthy, marked, messageOf, notTraces, vm1IcmpDropped, vm1RoutesVm2 } from './helpers';

const delivered = healthy.trace('vm1', 'vm2');
const dropped = vm1IcmpDropped.trace('vm1', 'vm2');

describe('.toBeDeliveredTo', () => {
  test('passes when the packet arrives at the instance', () => {
    expect(delivered).toBeDeliveredTo('vm2');
    expect(delivered).toBeDeliveredTo('vm2@compute2');
    expect(delivered).toBeDeliveredTo({ instance: 'vm2', host: 'compute2' });
  });

  test('passes when the packet arrives by a detour (the path is not its business)', () => {
    expect(vm1RoutesVm2.trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
  });

  test('fails when the packet is dropped on the way, marking where', () => {
    const message = messageOf(() => expect(dropped).toBeDeliveredTo('vm2'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to be delivered to:\n  "vm2"');
    expect(message).toContain('dropped at qbr');
    expect(marked(message)).toEqual([expect.stringMatching(/^compute1 +qbr\S+ tap\S+ +\[DROP neutron-openvswi-o/)]);
  });

  test('fails when the packet arrives elsewhere', () => {
    expect(() => expect(delivered).toBeDeliveredTo('vm3')).toThrow('delivered to vm2 (vm2@compute2)');
    expect(() => expect(delivered).toBeDeliveredTo('*@compute1')).toThrow('Expected the packet to be delivered to');
  });

  test('fails when the packet is answered rather than delivered', () => {
    expect(() => expect(healthy.trace('vm1', 'dhcp')).toBeDeliveredTo(qdhcp('selfservice1'))).toThrow('answered by dnsmasq');
  });
});

describe('.not.toBeDeliveredTo', () => {
  test('passes when the packet does not arrive', () => {
    expect(dropped).not.toBeDeliveredTo('vm2');
    expect(delivered).not.toBeDeliveredTo('vm3');
  });

  test('fails when the packet arrives, marking the delivering hop', () => {
    const message = messageOf(() => expect(delivered).not.toBeDeliveredTo('vm2'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toBeDeliveredTo(expected)');
    expect(message).toContain('Expected the packet not to be delivered to:\n  "vm2"');
    expect(marked(message)).toEqual([expect.stringMatching(/^compute2 +vm2 eth0$/)]);
  });
});

describe('toBeDeliveredTo matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toBeDeliveredTo('vm2'), () => expect(value).not.toBeDeliveredTo('vm2')]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(42).toBeDeliveredTo('vm2'))).toMatchSnapshot();
  });

  test.each([['a number', 42], ['an empty string', ''], ['an empty object', {}], ['an unknown key', { vm: 'vm2' }], ['an array', ['vm2']]])(
    'rejects %s as the endpoint', (_, endpoint) => {
      const message = messageOf(() => expect(delivered).toBeDeliveredTo(endpoint as never));
      expect(message).toContain('Matcher error: expected value must be a location');
    },
  );

  test('names the endpoint that is not a location', () => {
    expect(messageOf(() => expect(delivered).toBeDeliveredTo(42 as never))).toMatchSnapshot();
  });
});
