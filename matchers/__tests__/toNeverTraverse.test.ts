import { qrouter } from '../../src';
import { healthy, marked, messageOf, notTraces, vm1RoutesVm2 } from './helpers';

const switched = healthy.trace('vm1', 'vm2');
const detour = vm1RoutesVm2.trace('vm1', 'vm2');

describe('.toNeverTraverse', () => {
  test('passes when same-network traffic stays off the routers', () => {
    expect(switched).toNeverTraverse('qrouter-*');
    expect(switched).toNeverTraverse('router1');
    expect(switched).toNeverTraverse(qrouter('router1'));
    expect(switched).toNeverTraverse('*@network1');
  });

  test('fails when a guest route sends the packet through the qrouter, marking it', () => {
    const message = messageOf(() => expect(detour).toNeverTraverse('qrouter-*'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet never to traverse:\n  "qrouter-*"');
    expect(message).toContain('delivered to vm2 (vm2@compute2)');
    expect(marked(message)).toEqual([expect.stringMatching(/^network1 +qrouter-\S+ \(router1\) qr-\S+ → qr-\S+$/)]);
  });

  test('fails when the reply passes the location', () => {
    expect(() => expect(healthy.trace('vm1', 'dhcp')).toNeverTraverse({ instance: 'vm1', port: 68 })).toThrow('Expected the packet never to traverse');
  });
});

describe('.not.toNeverTraverse', () => {
  test('passes when the packet is routed', () => {
    expect(detour).not.toNeverTraverse('qrouter-*');
    expect(healthy.trace('vm1', 'vm3')).not.toNeverTraverse('router1');
  });

  test('fails when the path misses the location', () => {
    const message = messageOf(() => expect(switched).not.toNeverTraverse('qrouter-*'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toNeverTraverse(expected)');
    expect(message).toContain('Expected the packet to traverse:\n  "qrouter-*"');
    expect(marked(message)).toEqual([]);
  });
});

describe('toNeverTraverse matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toNeverTraverse('qrouter-*'), () => expect(value).not.toNeverTraverse('qrouter-*')]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect({}).toNeverTraverse('qrouter-*'))).toMatchSnapshot();
  });

  test('rejects a location that is not one, rather than passing vacuously', () => {
    // A location that matches nothing would make toNeverTraverse pass: a misuse must not.
    const message = messageOf(() => expect(switched).toNeverTraverse({ name: 'router1' } as never));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Matcher error: expected value must be a location');
  });
});
