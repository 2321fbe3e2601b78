import { cloudBuilder, diff, fork, referenceCloudSpec, simulate } from '../../src';
import { healthy, messageOf } from './helpers';

/** The reference cloud with a third compute host, so a migrated instance lands beside no one. */
const three = simulate(cloudBuilder.from(referenceCloudSpec)
  .host({ name: 'compute3', role: 'compute', management: { ip: '10.0.0.33/24' }, overlay: { ip: '10.0.1.33/24' } }).build());

describe('.toPreserveReachability', () => {
  test('passes when flows only reroute (a live migration)', () => {
    const moved = diff(fork(three).migrate('vm1', 'compute3'));
    expect(moved.rerouted.length).toBeGreaterThan(0);
    expect(moved).toPreserveReachability();
    expect(messageOf(() => expect(moved).not.toPreserveReachability())).toMatchSnapshot();
  });

  test('fails when a flow breaks, drawing it before and after', () => {
    const detached = diff(fork(healthy).detachInterface('router1', 'selfservice2'));
    const message = messageOf(() => expect(detached).toPreserveReachability());
    expect(message).toContain('Expected every flow to work, or fail, as it did\nReceived: of 24 flows compared: 12 newly broken, 0 newly working, 0 rerouted');
    expect(message).toMatch(/✗ vm1 → vm3\n {4}before:\n {6}vm1 → vm3: icmp/);
    expect(message).toContain('… and ');
    expect(detached).not.toPreserveReachability();
  });

  test('fails when a flow starts working: reachability opened is reachability changed', () => {
    const detached = fork(healthy).detachInterface('router1', 'selfservice2');
    const reattached = diff(detached.simulate(), healthy);
    expect(reattached.working.length).toBeGreaterThan(0);
    expect(messageOf(() => expect(reattached).toPreserveReachability())).toContain('12 newly working');
  });

  test('a diff that compared no flow fails, negated or not', () => {
    const empty = cloudBuilder.from({ ...referenceCloudSpec, instances: [] }).build();
    expect(messageOf(() => expect(diff(empty, empty)).toPreserveReachability())).toContain('compared no flow');
    expect(messageOf(() => expect(diff(empty, empty)).not.toPreserveReachability())).toContain('compared no flow');
  });

  test('misuse is a matcher error', () => {
    expect(messageOf(() => expect(42).toPreserveReachability())).toContain('Matcher error: received value must be a netspec Diff');
  });
});
