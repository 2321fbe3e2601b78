import { cloudBuilder, diff, fork, referenceCloudSpec } from '../../src';
import { healthy, messageOf } from './helpers';

const noDhcp = diff(fork(healthy).stopAgent('dhcp', 'network1'));
const dhcpFlows = ['vm1 → dhcp', 'vm2 → dhcp', 'vm3 → dhcp', 'vm4 → dhcp'];
const nothing = diff(healthy, healthy.cloud);

describe('.toChangeOnly', () => {
  test('passes when exactly the listed flows change, in any notation', () => {
    expect(noDhcp).toChangeOnly(dhcpFlows);
    expect(noDhcp).toChangeOnly(['vm1 -> dhcp', { from: 'vm2', to: 'dhcp' }, 'vm3→dhcp', 'vm4 → dhcp'], { as: 'broken' });
    expect(nothing).toChangeOnly([]);
  });

  test('names are data: { from, to } takes any instance name, spaces and arrows included', () => {
    const odd = cloudBuilder.from({ ...referenceCloudSpec, instances: [] })
      .instance({ name: 'web → 1', host: 'compute1', network: 'selfservice1' }).instance({ name: 'db 2', host: 'compute2', network: 'selfservice1' }).build();
    const d = diff(fork(odd).stopAgent('dhcp', 'network1'));
    expect(d).toChangeOnly([{ from: 'web → 1', to: 'dhcp' }, { from: 'db 2', to: 'dhcp' }], { as: 'broken' });
  });

  test('takes a fork and diffs it against its base', () => {
    expect(fork(healthy).stopAgent('dhcp', 'network1')).toChangeOnly(dhcpFlows, { as: 'broken' });
  });

  test('fails on an unlisted change, drawing its walk before and after', () => {
    const message = messageOf(() => expect(noDhcp).toChangeOnly(dhcpFlows.slice(0, 3)));
    expect(message).toMatchSnapshot();
    expect(message).toContain('1 unlisted flow changed: ["vm4 → dhcp"]');
    expect(message).toContain('✗ vm4 → dhcp\n    before:\n      vm4 → dhcp: udp 0.0.0.0:68 → 255.255.255.255:67 DHCPDISCOVER');
    expect(message).toMatch(/ {4}after:\n {6}vm4 → dhcp:[^\n]*\n[\s\S]*dropped at/);
  });

  test('fails when a listed flow did not change, or changed another way', () => {
    const message = messageOf(() => expect(noDhcp).toChangeOnly([...dhcpFlows, 'vm1 → vm2']));
    expect(message).toContain('these did not change:\n  ["vm1 → vm2"]');
    const otherWay = messageOf(() => expect(noDhcp).toChangeOnly(dhcpFlows, { as: 'rerouted' }));
    expect(otherWay).toContain('4 listed flows changed otherwise than rerouted');
    expect(messageOf(() => expect(nothing).toChangeOnly(['vm1 → vm2']))).toContain('these did not change');
  });

  test('.not passes when the changes differ from the list, and fails when they are exactly it', () => {
    expect(noDhcp).not.toChangeOnly(['vm1 → dhcp']);
    const message = messageOf(() => expect(noDhcp).not.toChangeOnly(dhcpFlows));
    expect(message).toMatchSnapshot();
    expect(message).toContain('Received: exactly those changed, of 24 flows compared');
  });

  test('a diff that compared no flow fails, negated or not', () => {
    const empty = cloudBuilder.from({ ...referenceCloudSpec, instances: [] }).build();
    const idle = diff(empty, empty);
    expect(messageOf(() => expect(idle).toChangeOnly([]))).toContain('Received: the diff compared no flow');
    expect(messageOf(() => expect(idle).not.toChangeOnly([]))).toContain('Received: the diff compared no flow');
  });

  test('misuse is a matcher error: not a diff, a bad flow, a name in neither cloud, bad options', () => {
    expect(messageOf(() => expect(healthy).toChangeOnly([]))).toContain('Matcher error: received value must be a netspec Diff');
    expect(messageOf(() => expect(noDhcp).toChangeOnly(['vm1 to dhcp']))).toContain("Matcher error: each flow must be 'from → to'");
    expect(messageOf(() => expect(noDhcp).toChangeOnly(['vm1 → dhpc']))).toContain('names "dhpc", which is in neither cloud (did you mean "dhcp"?)');
    expect(messageOf(() => expect(noDhcp).toChangeOnly(dhcpFlows, { as: 'gone' } as never))).toContain('Matcher error: expected options');
    expect(messageOf(() => expect(noDhcp).toChangeOnly('vm1 → dhcp' as never))).toContain('Matcher error: expected value must be an array');
  });
});
