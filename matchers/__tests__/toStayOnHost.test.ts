import { healthy, marked, messageOf, notTraces, vm1IcmpDropped, withVm5 } from './helpers';

const local = withVm5.trace('vm1', 'vm5');
// vm1 and vm3 share compute1, but the legacy router on network1 sits between their networks.
const hairpin = healthy.trace('vm1', 'vm3');

describe('.toStayOnHost', () => {
  test('passes when two instances on one host and network talk over br-int', () => {
    expect(local).toStayOnHost();
  });

  test('passes when the packet is dropped before it leaves', () => {
    expect(vm1IcmpDropped.trace('vm1', 'vm2')).toStayOnHost();
  });

  test('fails when the packet leaves the host, marking the first hop away', () => {
    const message = messageOf(() => expect(hairpin).toStayOnHost());
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to stay on host:\n  "compute1"');
    expect(message).toContain('delivered to vm3 (vm3@compute1)');
    expect(marked(message)).toEqual([expect.stringMatching(/^fabric +overlay compute1 → network1$/)]);
  });

  test('fails when only the reply leaves the host', () => {
    expect(() => expect(healthy.trace('vm1', 'dhcp')).toStayOnHost()).toThrow('Expected the packet to stay on host');
  });
});

describe('.not.toStayOnHost', () => {
  test('passes when the packet leaves the host', () => {
    expect(hairpin).not.toStayOnHost();
    expect(healthy.trace('vm1', 'vm2')).not.toStayOnHost();
  });

  test('fails when the packet stays, naming the host', () => {
    const message = messageOf(() => expect(local).not.toStayOnHost());
    expect(message).toMatchSnapshot();
    expect(message).toContain('.not.toStayOnHost(');
    expect(message).toContain('Expected the packet to leave host:\n  "compute1"');
    expect(marked(message)).toEqual([]);
  });
});

describe('toStayOnHost matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toStayOnHost(), () => expect(value).not.toStayOnHost()]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect('vm1').toStayOnHost())).toMatchSnapshot();
  });
});
