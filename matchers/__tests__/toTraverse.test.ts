import { qrouter } from '../../src';
import { healthy, marked, messageOf, notTraces } from './helpers';

const routed = healthy.trace('vm1', 'vm3');
const switched = healthy.trace('vm1', 'vm2');

describe('.toTraverse', () => {
  test('passes when the path passes the location, however it is named', () => {
    expect(routed).toTraverse('qrouter-*');
    expect(routed).toTraverse('router1');
    expect(routed).toTraverse(qrouter('router1'));
    expect(routed).toTraverse('br-tun@network1');
    expect(routed).toTraverse({ device: 'br-int', host: 'network*' });
    expect(routed).toTraverse('selfservice2');
    expect(switched).toTraverse({ host: 'compute2' });
  });

  test('passes when only the reply passes the location', () => {
    const dhcp = healthy.trace('vm1', 'dhcp');
    // dhclient on vm1 receives the DHCPOFFER: the reply's last hop, never the request's.
    expect(dhcp).toTraverse({ instance: 'vm1', port: 68 });
    expect(() => expect({ ...dhcp, reply: undefined }).toTraverse({ instance: 'vm1', port: 68 })).toThrow('Expected the packet to traverse');
  });

  test('fails when the path misses the location, marking nothing', () => {
    const message = messageOf(() => expect(switched).toTraverse('qrouter-*'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to traverse:\n  "qrouter-*"');
    expect(message).toContain('vm1 → vm2: icmp 192.168.1.11 → 192.168.1.12');
    expect(marked(message)).toEqual([]);
  });

  test('fails for a device on the wrong host', () => {
    expect(() => expect(switched).toTraverse('br-tun@network1')).toThrow('Expected the packet to traverse');
  });
});

describe('.not.toTraverse', () => {
  test('passes when the path misses the location', () => {
    expect(switched).not.toTraverse('qrouter-*');
    expect(switched).not.toTraverse('router1');
    expect(switched).not.toTraverse('*@network1');
  });

  test('fails when the path passes the location, marking every hop there', () => {
    const message = messageOf(() => expect(routed).not.toTraverse('*@network1'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toTraverse(expected)');
    expect(message).toContain('Expected the packet never to traverse:\n  "*@network1"');
    const hops = marked(message);
    expect(hops.length).toBeGreaterThan(1);
    expect(hops.every((l) => l.startsWith('network1 '))).toBe(true);
    expect(hops).toContainEqual(expect.stringMatching(/qrouter-\S+ \(router1\)/));
  });
});

describe('toTraverse matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toTraverse('qrouter-*'), () => expect(value).not.toTraverse('qrouter-*')]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(42).toTraverse('qrouter-*'))).toMatchSnapshot();
  });

  test.each([['a number', 42], ['undefined', undefined], ['an empty string', ''], ['an object with an unknown key', { bridge: 'br-int' }]])(
    'rejects %s as the location', (_, location) => {
      expect(messageOf(() => expect(routed).toTraverse(location as never))).toContain('Matcher error: expected value must be a location');
      expect(messageOf(() => expect(routed).not.toTraverse(location as never))).toContain('Matcher error: expected value must be a location');
    },
  );

  test('names the location that is not one', () => {
    expect(messageOf(() => expect(routed).toTraverse(42 as never))).toMatchSnapshot();
  });
});
