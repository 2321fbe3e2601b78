import { qdhcp, qrouter } from '../../src';
import { healthy, marked, messageOf, noMetadataRedirect, notTraces } from './helpers';

const metadata = healthy.trace('vm1', 'metadata');
const leaked = noMetadataRedirect.trace('vm1', 'metadata');

describe('.toReachPort', () => {
  test('passes when haproxy in the qrouter receives the metadata request', () => {
    expect(metadata).toReachPort(9697);
    expect(metadata).toReachPort(9697, { in: 'qrouter-*' });
    expect(metadata).toReachPort(9697, { in: qrouter('router1') });
    expect(metadata).toReachPort(8775, { in: 'root@controller' });
  });

  test('passes when dnsmasq in the qdhcp receives DHCP, and dhclient the offer', () => {
    const dhcp = healthy.trace('vm1', 'dhcp');
    expect(dhcp).toReachPort(67, { in: qdhcp('selfservice1') });
    expect(dhcp).toReachPort(68, { in: 'vm1' });
  });

  test('fails without the REDIRECT rule, when the request leaves the cloud instead', () => {
    const message = messageOf(() => expect(leaked).toReachPort(9697, { in: 'qrouter-*' }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to reach:\n  {"in": "qrouter-*", "port": 9697}');
    expect(message).toContain('exits the cloud via uplink');
    expect(marked(message)).toEqual([]);
  });

  test('fails when the port is received somewhere else', () => {
    expect(() => expect(metadata).toReachPort(9697, { in: 'qdhcp-*' })).toThrow('Expected the packet to reach');
    expect(() => expect(metadata).toReachPort(8775, { in: '*@network1' })).toThrow('Expected the packet to reach');
  });
});

describe('.not.toReachPort', () => {
  test('passes when nothing listening on the port receives the packet', () => {
    expect(leaked).not.toReachPort(9697);
    expect(leaked).not.toReachPort(8775);
    expect(metadata).not.toReachPort(9697, { in: 'qdhcp-*' });
  });

  test('fails when the port is reached, marking the listener’s hop', () => {
    const message = messageOf(() => expect(metadata).not.toReachPort(9697));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toReachPort(expected)');
    expect(message).toContain('Expected the packet not to reach:\n  {"port": 9697}');
    expect(marked(message)).toEqual([expect.stringMatching(/^network1 +qrouter-\S+ \(router1\) qr-\S+ +\[REDIRECT .*→ haproxy tcp\/9697\]$/)]);
  });
});

describe('toReachPort matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toReachPort(9697), () => expect(value).not.toReachPort(9697)]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(42).toReachPort(9697))).toMatchSnapshot();
  });

  test.each([['70000', 70000], ['0', 0], ['-1', -1], ['1.5', 1.5], ['"9697"', '9697'], ['NaN', NaN]])('rejects port %s', (_, port) => {
    expect(messageOf(() => expect(metadata).toReachPort(port as never))).toContain('Matcher error: expected port must be an integer 1-65535');
    expect(messageOf(() => expect(metadata).not.toReachPort(port as never))).toContain('Matcher error');
  });

  test('names the port out of range', () => {
    expect(messageOf(() => expect(metadata).toReachPort(70000))).toMatchSnapshot();
  });

  test('rejects an `in` that is not a location', () => {
    expect(messageOf(() => expect(metadata).toReachPort(9697, { in: 42 as never }))).toContain('Matcher error: expected value must be a location');
  });
});
