import { qdhcp, qrouter } from '../../src';
import { dnsmasqDown, healthy, marked, messageOf, noMetadataRedirect, notTraces } from './helpers';

const dhcp = healthy.trace('vm1', 'dhcp');
const metadata = healthy.trace('vm1', 'metadata');
const unanswered = dnsmasqDown.trace('vm1', 'dhcp');

describe('.toBeAnsweredBy', () => {
  test('passes when the network’s own qdhcp answers DHCP', () => {
    expect(dhcp).toBeAnsweredBy(qdhcp('selfservice1'));
    expect(dhcp).toBeAnsweredBy('dnsmasq');
    expect(dhcp).toBeAnsweredBy('dhcp');
    expect(dhcp).toBeAnsweredBy('qdhcp-*@network1');
  });

  test('passes when Nova answers metadata, by alias or by process name', () => {
    expect(metadata).toBeAnsweredBy('nova-metadata');
    expect(metadata).toBeAnsweredBy('nova-api-*');
    expect(metadata).toBeAnsweredBy({ host: 'controller' });
  });

  test('fails when nothing answers, marking where the request died', () => {
    const message = messageOf(() => expect(unanswered).toBeAnsweredBy('dnsmasq'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to be answered by:\n  "dnsmasq"');
    expect(message).toContain('dnsmasq is not running');
    expect(marked(message)).toEqual([expect.stringMatching(/^network1 +qdhcp-\S+ \(selfservice1\) tap/)]);
  });

  test('fails when another network’s qdhcp, or another process, is named', () => {
    expect(() => expect(dhcp).toBeAnsweredBy(qdhcp('selfservice2'))).toThrow('answered by dnsmasq');
    expect(() => expect(metadata).toBeAnsweredBy('dnsmasq')).toThrow('answered by nova-api-metadata');
    expect(() => expect(metadata).toBeAnsweredBy(qrouter('router1'))).toThrow('Expected the packet to be answered by');
  });

  test('fails when the request leaves the cloud instead of being answered', () => {
    expect(() => expect(noMetadataRedirect.trace('vm1', 'metadata')).toBeAnsweredBy('nova-metadata')).toThrow('exits the cloud');
  });

  test('fails on a plain delivery: delivered is not answered', () => {
    expect(() => expect(healthy.trace('vm1', 'vm2')).toBeAnsweredBy('vm2')).toThrow('delivered to vm2');
  });
});

describe('.not.toBeAnsweredBy', () => {
  test('passes when nothing answers', () => {
    expect(unanswered).not.toBeAnsweredBy('dnsmasq');
    expect(unanswered).not.toBeAnsweredBy(qdhcp('selfservice1'));
  });

  test('fails when the named process answers, marking it', () => {
    const message = messageOf(() => expect(metadata).not.toBeAnsweredBy('nova-metadata'));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toBeAnsweredBy(expected)');
    expect(message).toContain('Expected the packet not to be answered by:\n  "nova-metadata"');
    expect(message).toContain('answered by nova-api-metadata at root@controller: HTTP 200');
    expect(marked(message)).toEqual([expect.stringMatching(/^controller +root eth0 +\[→ nova-api-metadata tcp\/8775\]$/)]);
  });
});

describe('toBeAnsweredBy matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toBeAnsweredBy('dnsmasq'), () => expect(value).not.toBeAnsweredBy('dnsmasq')]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect({}).toBeAnsweredBy('dnsmasq'))).toMatchSnapshot();
  });

  test('rejects an endpoint that is not a location', () => {
    const message = messageOf(() => expect(dhcp).toBeAnsweredBy({ process: 'dnsmasq' } as never));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Matcher error: expected value must be a location');
  });
});
