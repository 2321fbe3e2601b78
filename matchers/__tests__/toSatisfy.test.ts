import {
  builtinInvariants, defineStateInvariant, metadataReachesProxy, referenceCloud, sameNetworkNeverRouted,
  unroutedNetworksIsolated,
} from '../../src';
import { healthy, marked, messageOf, noMetadataRedirect, vm1RoutesVm2 } from './helpers';

/** An invariant whose counterexample is a state, not a traced flow. */
const neverHolds = defineStateInvariant('neverHolds', 'nothing is ever good enough', function* () {
  yield { label: 'the cloud', verdict: () => ({ reason: 'it exists' }) };
});

describe('.toSatisfy', () => {
  // The reference cloud has no network that no router joins, no floating IP, no HA or distributed router, no trunk: those invariants have nothing to judge.
  const notApplicable = ['unroutedNetworksIsolated', 'floatingIpReachesItsInstance', 'haRouterHasExactlyOneActive', 'haBackupsCanTakeOver', 'dvrEastWestStaysOffNetworkNode', 'dvrMacsStayLocal', 'trunkPortsKeepTheirVlans', 'allowedAddressPairsPass', 'statelessGroupsSkipConntrack'];
  const applicable = builtinInvariants.filter((i) => !notApplicable.includes(i.name));
  test.each(applicable.map((i) => [i.name, i] as const))('passes on the reference cloud: %s', (_, invariant) => {
    expect(healthy).toSatisfy(invariant);
  });

  test('takes a predicate too, as Vitest and jest-extended do', () => {
    expect(4).toSatisfy((n: number) => n % 2 === 0);
    expect(3).not.toSatisfy((n: number) => n % 2 === 0);
    expect(messageOf(() => expect(3).toSatisfy((n: number) => n % 2 === 0))).toContain('Expected the value to satisfy the predicate\nReceived: 3');
  });

  test('fails, negated or not, when the invariant judged no flow; passes when told that is fine', () => {
    const message = messageOf(() => expect(healthy).toSatisfy(unroutedNetworksIsolated));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Received: not applicable, judged no flow: the cloud has no flow of its kind');
    expect(messageOf(() => expect(healthy).not.toSatisfy(unroutedNetworksIsolated))).toContain('not applicable');
    expect(healthy).toSatisfy(unroutedNetworksIsolated, { evenIfNoFlow: true });
    expect(messageOf(() => expect(healthy).toSatisfy(unroutedNetworksIsolated, { evenIfNoflow: true } as never))).toContain('Matcher error');
  });

  test('passes on a plain Cloud, simulated on the way', () => {
    expect(referenceCloud()).toSatisfy(sameNetworkNeverRouted);
  });

  test('fails with the counterexample’s trace, the offending qrouter hop marked ✗', () => {
    const message = messageOf(() => expect(vm1RoutesVm2).toSatisfy(sameNetworkNeverRouted));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Expected the cloud to satisfy:\n  "sameNetworkNeverRouted": traffic between instances on the same network');
    expect(message).toMatch(/Received: a counterexample after \d+ flows? checked \(\d+ traced\):\n {2}vm1 → vm2: "routed through qrouter-\S+ \(router1\)"/);
    // The counterexample's trace is drawn, and exactly one hop — router1's qrouter — carries the ✗.
    expect(message).toContain('vm1 → vm2: icmp 192.168.1.11 → 192.168.1.12');
    expect(marked(message)).toEqual([expect.stringMatching(/^network1 +qrouter-\S+ \(router1\) qr-\S+ → qr-\S+$/)]);
    expect(message).toMatch(/^ {2}✗ network1 +qrouter-/m);
    expect(message).toContain('delivered to vm2 (vm2@compute2)');
  });

  test('fails when metadata is no longer redirected to the proxy', () => {
    const message = messageOf(() => expect(noMetadataRedirect).toSatisfy(metadataReachesProxy));
    expect(message).toContain('"metadataReachesProxy"');
    expect(message).toContain('never reached the metadata proxy on port 9697');
    expect(message).toContain('exits the cloud via uplink');
  });

  test('fails without drawing a trace when the counterexample has none', () => {
    const message = messageOf(() => expect(healthy).toSatisfy(neverHolds));
    expect(message).toBe([
      'expect(received).toSatisfy(expected)',
      '',
      'Expected the cloud to satisfy:',
      '  "neverHolds": nothing is ever good enough',
      'Received: a counterexample after 1 flow checked (1 traced):',
      '  the cloud: "it exists"',
    ].join('\n'));
  });
});

describe('.not.toSatisfy', () => {
  test('passes on a broken cloud', () => {
    expect(vm1RoutesVm2).not.toSatisfy(sameNetworkNeverRouted);
    expect(noMetadataRedirect).not.toSatisfy(metadataReachesProxy);
  });

  test('fails when the invariant holds, saying how much was checked', () => {
    const message = messageOf(() => expect(healthy).not.toSatisfy(sameNetworkNeverRouted));
    expect(message).toMatchSnapshot();
    expect(message).toContain('expect(received).not.toSatisfy(expected)');
    expect(message).toContain('Expected the cloud not to satisfy:\n  "sameNetworkNeverRouted"');
    expect(message).toMatch(/Received: it holds; \d+ flows? checked \(\d+ traced\), no counterexample$/);
    expect(marked(message)).toEqual([]);
  });
});

describe('toSatisfy matcher errors', () => {
  test.each([['a number', 42], ['an empty object', {}], ['null', null], ['a trace', healthy.trace('vm1', 'vm2')]])(
    'rejects %s as received, with or without .not', (_, value) => {
      for (const assertion of [() => expect(value).toSatisfy(sameNetworkNeverRouted), () => expect(value).not.toSatisfy(sameNetworkNeverRouted)]) {
        const message = messageOf(assertion);
        expect(message).toContain('Matcher error');
        expect(message).toContain('Simulation or Cloud');
      }
    },
  );

  test('names the received value that is neither a Simulation nor a Cloud', () => {
    expect(messageOf(() => expect(42).toSatisfy(sameNetworkNeverRouted))).toMatchSnapshot();
  });

  test.each([
    ['an empty object', {}], ['a name', 'sameNetworkNeverRouted'], ['an object without a name', { check: () => ({ holds: true }) }], ['undefined', undefined],
  ])('rejects %s as the invariant', (_, invariant) => {
    expect(messageOf(() => expect(healthy).toSatisfy(invariant as never))).toContain('Matcher error: expected value must be a netspec invariant');
    expect(messageOf(() => expect(healthy).not.toSatisfy(invariant as never))).toContain('Matcher error');
  });

  test('names the invariant that is not one', () => {
    expect(messageOf(() => expect(healthy).toSatisfy({} as never))).toMatchSnapshot();
  });
});
