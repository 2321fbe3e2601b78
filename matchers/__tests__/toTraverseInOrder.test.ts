import { qrouter } from '../../src';
import { healthy, marked, messageOf, notTraces } from './helpers';

const routed = healthy.trace('vm1', 'vm3');
const switched = healthy.trace('vm1', 'vm2');
// The request alone: the echo reply walks the way back, so any order holds over the round trip.
const routedOneWay = healthy.trace('vm1', 'vm3', { replies: false });
const switchedOneWay = healthy.trace('vm1', 'vm2', { replies: false });

describe('.toTraverseInOrder', () => {
  test('passes when the path passes every location in order, with other hops between', () => {
    expect(routed).toTraverseInOrder(['br-tun@compute1', 'router1', 'br-tun@network1']);
    expect(routed).toTraverseInOrder(['vm1', qrouter('router1'), 'vm3']);
    expect(routed).toTraverseInOrder(['selfservice1', 'selfservice2']);
    expect(switched).toTraverseInOrder(['*@compute1', '*@compute2']);
  });

  test('passes through the echo reply, walked back from the destination', () => {
    expect(routed).toTraverseInOrder(['vm3', 'router1', 'vm1']);
    expect(switched).toTraverseInOrder(['*@compute2', '*@compute1']);
  });

  test('passes through the reply, after the request', () => {
    expect(healthy.trace('vm1', 'dhcp')).toTraverseInOrder([{ namespace: 'qdhcp', port: 67 }, { instance: 'vm1', port: 68 }]);
  });

  test('fails when a location is missing, saying how far the path got', () => {
    const message = messageOf(() => expect(switched).toTraverseInOrder(['br-tun@compute1', 'router1', 'vm2']));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to traverse, in order:\n  ["br-tun@compute1", "router1", "vm2"]');
    expect(message).toContain('Found 1 of 3 in order; then no "router1" after "br-tun@compute1".');
    expect(marked(message)).toEqual([]); // a failing positive assertion has no offending hop
  });

  test('fails when the locations come in the other order', () => {
    expect(() => expect(routedOneWay).toTraverseInOrder(['vm3', 'vm1'])).toThrow('Found 1 of 2 in order; then no "vm1" after "vm3".');
    expect(() => expect(switchedOneWay).toTraverseInOrder(['*@compute2', '*@compute1'])).toThrow('Found 1 of 2 in order');
  });

  test('says "after the start" when not even the first location is passed', () => {
    expect(() => expect(switched).toTraverseInOrder(['router1'])).toThrow('Found 0 of 1 in order; then no "router1" after the start.');
  });
});

describe('.not.toTraverseInOrder', () => {
  test('passes when the order is not followed', () => {
    expect(routedOneWay).not.toTraverseInOrder(['vm3', 'router1']);
    expect(routed).not.toTraverseInOrder(['vm3', 'vm2']);
    expect(switched).not.toTraverseInOrder(['vm1', 'router1', 'vm2']);
  });

  test('fails when the order is followed, marking the hops that followed it', () => {
    const message = messageOf(() => expect(routed).not.toTraverseInOrder(['br-tun@compute1', 'router1', 'br-tun@network1']));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toTraverseInOrder(expected)');
    expect(message).toContain('Expected the packet not to traverse, in order:');
    expect(message).not.toContain('Found ');
    expect(marked(message)).toEqual([
      expect.stringMatching(/^compute1 +br-tun /),
      expect.stringMatching(/^network1 +qrouter-\S+ \(router1\)/),
      expect.stringMatching(/^network1 +br-tun /),
    ]);
  });
});

describe('toTraverseInOrder matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toTraverseInOrder(['router1']), () => expect(value).not.toTraverseInOrder(['router1'])]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(42).toTraverseInOrder(['router1']))).toMatchSnapshot();
  });

  test('rejects an empty list, which every path would follow', () => {
    const message = messageOf(() => expect(routed).toTraverseInOrder([]));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Matcher error: expected value must be a non-empty array of locations');
    expect(messageOf(() => expect(routed).not.toTraverseInOrder([]))).toContain('Matcher error');
  });

  test('rejects a single location not in a list', () => {
    expect(messageOf(() => expect(routed).toTraverseInOrder('router1' as never))).toContain('Matcher error: expected value must be a non-empty array');
  });

  test('rejects a list with something that is not a location', () => {
    expect(messageOf(() => expect(routed).toTraverseInOrder(['router1', 42] as never))).toContain('Matcher error: expected value must be a location');
  });
});
