/**
 * `{ arp: true }` on toTraverse / toNeverTraverse: the frames of the trace's ARP exchanges count
 * too. Without it they never do (a who-has reaches every port of its network, the qrouter's too).
 */
import { healthy, messageOf } from './helpers';

const switched = healthy.trace('vm1', 'vm2');
const unrecorded = healthy.trace('vm1', 'vm2', { arpExchanges: false });

describe('{ arp: true }', () => {
  test("vm1's who-has for vm2 reaches the qrouter on selfservice1; the packet itself never does", () => {
    expect(switched).toNeverTraverse('qrouter-*');
    expect(switched).toTraverse('qrouter-*', { arp: true });
    expect(switched).not.toTraverse('qrouter-*');
  });

  test('toNeverTraverse fails listing the ARP frames at the location, marked', () => {
    const message = messageOf(() => expect(switched).toNeverTraverse('qrouter-*', { arp: true }));
    expect(message).toMatchSnapshot();
    expect(message).toMatch(/ARP frames at the location:\n  ✗ who-has 192\.168\.1\.12 from vm1@compute1: network1 +qrouter-\S+ \(router1\) qr-\S+/);
  });

  test('.not.toTraverse fails the same way', () => {
    const message = messageOf(() => expect(switched).not.toTraverse('qrouter-*', { arp: true }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet never to traverse');
    expect(message).toContain('ARP frames at the location:');
  });

  test('toTraverse fails when no ARP frame reaches the location either', () => {
    const message = messageOf(() => expect(switched).toTraverse('vm3', { arp: true, evenIfNeverLeft: false }));
    expect(message).toContain('Expected the packet to traverse');
    expect(message).not.toContain('ARP frames at the location');
  });

  test('a who-has that left the sender makes a negative assertion judge something, even when the packet never left', () => {
    // Nobody owns 192.168.1.99: the packet stays in vm1, but its who-has was flooded over selfservice1.
    const t = healthy.trace('vm1', '192.168.1.99');
    expect(() => expect(t).toNeverTraverse('vm3')).toThrow(/Vacuous/);
    expect(t).toNeverTraverse('vm3', { arp: true });
    expect(t).toTraverse('vm2', { arp: true });
  });

  test('a trace walked without its exchanges is a matcher error, never a pass', () => {
    const message = messageOf(() => expect(unrecorded).toNeverTraverse('qrouter-*', { arp: true }));
    expect(message).toContain('Matcher error: the trace holds no ARP exchanges to judge { arp: true } against');
    expect(messageOf(() => expect(unrecorded).not.toTraverse('qrouter-*', { arp: true }))).toContain('Matcher error');
  });

  test('an unknown option is a matcher error', () => {
    const message = messageOf(() => expect(switched).toNeverTraverse('qrouter-*', { arps: true } as never));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expected options must be an object like { evenIfNeverLeft?: boolean, arp?: boolean }');
  });
});
