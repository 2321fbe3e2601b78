import { healthy, marked, messageOf, noMetadataRedirect, notTraces } from './helpers';

const internet = healthy.trace('vm1', 'internet');
const metadata = healthy.trace('vm1', 'metadata');
const switched = healthy.trace('vm1', 'vm2');

describe('.toBeNatted', () => {
  test('passes when the router SNATs internet traffic to its gateway address', () => {
    expect(internet).toBeNatted();
    expect(internet).toBeNatted({ kind: 'SNAT' });
    expect(internet).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
  });

  test('passes when the metadata request is REDIRECTed to haproxy, with or without the port', () => {
    expect(metadata).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:9697' });
    expect(metadata).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1' });
  });

  test('passes when a lost REDIRECT leaves the metadata request SNATed out', () => {
    expect(noMetadataRedirect.trace('vm1', 'metadata')).toBeNatted({ kind: 'SNAT', to: '203.0.113.101' });
  });

  test('fails when nothing translates the packet', () => {
    const message = messageOf(() => expect(switched).toBeNatted({ kind: 'SNAT' }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the packet to be translated:\n  {"kind": "SNAT"}');
    expect(marked(message)).toEqual([]);
  });

  test('fails on another kind or another address', () => {
    expect(() => expect(internet).toBeNatted({ kind: 'DNAT' })).toThrow('Expected the packet to be translated');
    expect(() => expect(internet).toBeNatted({ to: '203.0.113.102' })).toThrow('Expected the packet to be translated');
    // 203.0.113.10 is a prefix of 203.0.113.101, not the same address.
    expect(() => expect(internet).toBeNatted({ to: '203.0.113.10' })).toThrow('Expected the packet to be translated');
    expect(() => expect(metadata).toBeNatted({ kind: 'REDIRECT', to: '192.168.1.1:80' })).toThrow('Expected the packet to be translated');
    expect(() => expect(noMetadataRedirect.trace('vm1', 'metadata')).toBeNatted({ kind: 'REDIRECT' })).toThrow('Expected the packet to be translated');
  });

  test('does not count the reply’s un-DNAT as a translation of the packet', () => {
    expect(() => expect(metadata).toBeNatted({ to: '169.254.169.254' })).toThrow('Expected the packet to be translated');
  });
});

describe('.not.toBeNatted', () => {
  test('passes when nothing translates the packet', () => {
    expect(switched).not.toBeNatted();
    expect(healthy.trace('vm1', 'vm3')).not.toBeNatted();
    expect(internet).not.toBeNatted({ kind: 'DNAT' });
  });

  test('fails when the packet is SNATed, marking the router', () => {
    const message = messageOf(() => expect(internet).not.toBeNatted({ kind: 'SNAT', to: '203.0.113.101' }));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toBeNatted(expected)');
    expect(message).toContain('Expected the packet not to be translated:\n  {"kind": "SNAT", "to": "203.0.113.101"}');
    expect(marked(message)).toEqual([expect.stringMatching(/^network1 +qrouter-\S+ \(router1\) qr-\S+ → qg-\S+ +\[SNAT 192\.168\.1\.11 → 203\.0\.113\.101\]$/)]);
  });
});

describe('toBeNatted matcher errors', () => {
  test.each(notTraces)('rejects %s as received, with or without .not', (_, value) => {
    for (const assertion of [() => expect(value).toBeNatted(), () => expect(value).not.toBeNatted()]) {
      const message = messageOf(assertion);
      expect(message).toContain('Matcher error');
      expect(message).toContain('netspec Trace');
    }
  });

  test('names the received value that is not a trace', () => {
    expect(messageOf(() => expect(undefined).toBeNatted())).toMatchSnapshot();
  });

  test('rejects an expectation that is not an object', () => {
    const message = messageOf(() => expect(internet).toBeNatted('SNAT' as never));
    expect(message).toMatchSnapshot();
    expect(message).toContain("Matcher error: expected value must be an object like { kind?: 'SNAT' | 'DNAT' | 'REDIRECT', to?: address, evenIfNeverLeft?: boolean }");
    expect(messageOf(() => expect(internet).not.toBeNatted(null as never))).toContain('Matcher error');
  });
});
