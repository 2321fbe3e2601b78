import { IntentError, parseIntents } from './load';

function issuesOf(text: string) {
  try { parseIntents(text, 'intents.yaml'); } catch (e) { if (e instanceof IntentError) return e.issues.map((i) => `${i.path} [${i.rule}]`); throw e; }
  throw new Error('expected the intents to be rejected');
}

describe('intent files', () => {
  test('selectors, protocols, ports and waypoints are read as written', () => {
    const [a, b] = parseIntents(`intents:
  - { from: vm1, to: { network: net2 }, proto: tcp, port: 22, expect: unreachable, avoid: [qrouter-*] }
  - { name: dhcp, from: { cidr: 10.0.0.0/8 }, to: dhcp, expect: reachable, via: { namespace: qdhcp-* } }
`, 'intents.yaml');
    expect(a).toMatchObject({ name: 'vm1 → network net2 unreachable', from: { instance: 'vm1' }, to: { network: 'net2' }, proto: 'tcp', port: 22, avoid: ['qrouter-*'] });
    expect(b).toMatchObject({ name: 'dhcp', from: { cidr: '10.0.0.0/8' }, to: { special: 'dhcp' }, proto: 'icmp', via: [{ namespace: 'qdhcp-*' }], origin: { file: 'intents.yaml', path: 'intents[1]' } });
  });

  test('every mistake names its path and rule, all at once', () => {
    expect(issuesOf(`intents:
  - { from: internet, to: vm1, expect: reachable }
  - { from: vm1, to: { network: a, cidr: 10.0.0.0/8 }, expect: maybe }
  - { from: vm1, to: vm2, proto: icmp, port: 22, expect: reachable, colour: red }
  - { from: vm1, to: vm2, proto: sctp, port: 70000, expect: unreachable, via: router1 }
  - { name: x, from: vm1, to: vm2, expect: reachable }
  - { name: x, from: { cidr: 10.0.0.0/33 }, to: vm2, expect: reachable, via: [""] }
`)).toEqual([
      'intents[0].from [source]',
      'intents[1].to [selector]', 'intents[1].expect [enum]',
      'intents[2].colour [unknown-field]', 'intents[2].port [port-without-protocol]',
      'intents[3].proto [enum]', 'intents[3].port [range]', 'intents[3].via [via-unreachable]',
      'intents[5].from.cidr [cidr]', 'intents[5].via[0] [location]', 'intents[5].name [duplicate]',
    ]);
  });

  test('an empty file, a file without intents and a syntax error are rejected with their place', () => {
    expect(issuesOf('')).toEqual(['intents [required]']);
    expect(issuesOf('intents: []\n')).toEqual(['intents [required]']);
    expect(issuesOf('intents: [ { from: vm1\n').every((i) => /^line \d+ \[syntax\]$/.test(i))).toBe(true);
  });

  test('keys named after Object.prototype members are unknown fields, not inherited ones', () => {
    expect(issuesOf('intents:\n  - { from: vm1, to: vm2, expect: reachable, constructor: 1 }\n')).toEqual(['intents[0].constructor [unknown-field]']);
    expect(issuesOf('constructor: 1\n')).toEqual(['intents [required]']);
  });
});
