/**
 * No false green: a spec that cannot fail proves nothing. A location that names nothing in the
 * cloud is a misuse (it would make every negative assertion pass), whichever matcher gets it.
 */
import { stripVTControlCharacters } from 'node:util';
import { cloudBuilder, inject, qdhcp, referenceCloudSpec, simulate } from 'netspec';

/** The reference cloud with its router called `edge`. */
const spec = structuredClone(referenceCloudSpec);
spec.routers![0].name = 'edge';
const cloud = simulate(cloudBuilder.from(spec).build());

/** What an assertion throws, without colours; a test that expects a throw fails if it passes. */
function thrown(assertion: () => void): string {
  try {
    assertion();
  } catch (err) {
    return stripVTControlCharacters((err as Error).message);
  }
  throw new Error('the assertion passed');
}

describe('a location that names nothing in the cloud is a Matcher error', () => {
  const switched = cloud.trace('vm1', 'vm2');

  // @id 3563d96f-2ce7-531c-b735-b277eb6443f1
  it('the router misspelt: toNeverTraverse("egde") for router edge', () => {
    const message = thrown(() => expect(switched).toNeverTraverse('egde'));
    expect(message).toContain('Matcher error: expected location names nothing in this cloud');
    expect(message).toContain('did you mean "edge"?');
    expect(message).toMatchSnapshot();
    expect(switched).toNeverTraverse('edge');
  });

  // @id debc1b83-4958-5b63-8547-bd0a9e1c3ec9
  it('a host that does not exist: toNeverTraverse("br-int@net-1")', () => {
    const message = thrown(() => expect(switched).toNeverTraverse('br-int@net-1'));
    expect(message).toContain('no host is named "net-1"');
    expect(message).toMatchSnapshot();
    expect(switched).toNeverTraverse('br-int@network1');
  });

  // @id 3e43beb5-20c5-5156-8d31-04bbf79a904a
  it('a glob with the wrong separator: not.toTraverse("qrouter_*")', () => {
    const message = thrown(() => expect(switched).not.toTraverse('qrouter_*'));
    expect(message).toContain('expect(received).not.toTraverse(expected)');
    expect(message).toContain('did you mean "qrouter-*"?');
    expect(message).toMatchSnapshot();
    expect(switched).not.toTraverse('qrouter-*');
  });

  // @id 1cb171f6-9e12-5ec4-865a-49192cc1aa99
  it('a network that does not exist: toNeverTraverse(qdhcp("nope"))', () => {
    const message = thrown(() => expect(switched).toNeverTraverse(qdhcp('nope')));
    expect(message).toContain('no network is named "nope"');
    expect(message).toMatchSnapshot();
    expect(switched).toNeverTraverse(qdhcp('selfservice2'));
  });

  // @id da6faa3e-8f1c-5dd0-be40-2e7fac5e42cf
  it('a misspelt host in a drop location: not.toBeDropped({ by: "br-int@cmpb" })', () => {
    const message = thrown(() => expect(switched).not.toBeDropped({ by: 'br-int@cmpb' }));
    expect(message).toContain('no host is named "cmpb"');
    expect(message).toContain('hosts: controller, fabric, network1, compute1, compute2');
    expect(message).toMatchSnapshot();
    expect(switched).not.toBeDropped({ by: 'br-int@compute1' });
  });

  // @id 47129baa-02c8-574d-964d-66c4bc2a0101
  it('every matcher that takes a location resolves it, positive or negative', () => {
    const metadata = cloud.trace('vm1', 'metadata');
    const messages = {
      toReachPortIn: thrown(() => expect(metadata).toReachPort(9697, { in: 'qroutr-*' })),
      toTraverseInOrder: thrown(() => expect(switched).not.toTraverseInOrder(['br-tun@compute1', 'edgee'])),
      toBeAnsweredBy: thrown(() => expect(metadata).not.toBeAnsweredBy('nova-metdata')),
      toBeDeliveredTo: thrown(() => expect(switched).not.toBeDeliveredTo('vm9')),
      toCrossTunnel: thrown(() => expect(switched).not.toCrossTunnel({ to: 'compute3' })),
      objectForm: thrown(() => expect(switched).toNeverTraverse({ namespace: 'qrouter', host: 'compute1' })),
      bareHost: thrown(() => expect(switched).toNeverTraverse('network1')),
    };
    for (const m of Object.values(messages)) expect(m).toContain('names nothing in this cloud');
    expect(messages).toMatchSnapshot();
    expect(metadata).toReachPort(9697, { in: 'qrouter-*' });
    expect(metadata).toBeAnsweredBy('nova-metadata');
  });
});

describe('a negative path assertion about a packet that never left its sender fails as vacuous', () => {
  // vm1's NIC is down: nothing it sends gets past its own namespace.
  const nicDown = cloud.withDataplane(inject(cloud.dataplane, { kind: 'interface-down', host: 'compute1', namespace: 'vm1', iface: 'eth0' }));
  const stuck = nicDown.trace('vm1', 'vm3');

  // @id d8b1a17a-bf08-5085-982b-114888f41e06
  it('toNeverTraverse and toStayOnHost on a packet dropped inside vm1', () => {
    expect(stuck).toBeDropped({ by: 'vm1', reason: 'no route to 192.168.2.13' });
    const never = thrown(() => expect(stuck).toNeverTraverse('qrouter-*'));
    expect(never).toContain('Vacuous: the packet never left vm1');
    expect(never).toMatchSnapshot();
    const stays = thrown(() => expect(stuck).toStayOnHost());
    expect(stays).toContain('Vacuous: the packet never left vm1');
    expect(stays).toMatchSnapshot();
  });

  // @id ef8566c9-beb8-542c-a192-9597f8c2f255
  it('the negated positive path matchers too', () => {
    const metadata = nicDown.trace('vm1', 'metadata');
    const messages = {
      notToTraverse: thrown(() => expect(stuck).not.toTraverse('edge')),
      notToTraverseInOrder: thrown(() => expect(stuck).not.toTraverseInOrder(['br-int@compute1', 'edge'])),
      notToCrossTunnel: thrown(() => expect(stuck).not.toCrossTunnel({ vni: 102 })),
      notToReachPort: thrown(() => expect(metadata).not.toReachPort(9697)),
      notToBeNatted: thrown(() => expect(nicDown.trace('vm1', 'internet')).not.toBeNatted({ kind: 'SNAT' })),
    };
    for (const m of Object.values(messages)) expect(m).toContain('Vacuous: the packet never left vm1');
    expect(messages).toMatchSnapshot();
  });

  // @id f343b178-150c-587d-b1da-be240b8ca9a5
  it('passes when the spec says it means it: { evenIfNeverLeft: true }', () => {
    expect(stuck).toNeverTraverse('qrouter-*', { evenIfNeverLeft: true });
    expect(stuck).toStayOnHost({ evenIfNeverLeft: true });
    expect(stuck).not.toTraverse('edge', { evenIfNeverLeft: true });
    expect(stuck).not.toTraverseInOrder(['br-int@compute1', 'edge'], { evenIfNeverLeft: true });
    expect(stuck).not.toCrossTunnel({ vni: 102, evenIfNeverLeft: true });
    expect(nicDown.trace('vm1', 'metadata')).not.toReachPort(9697, { evenIfNeverLeft: true });
    expect(() => expect(stuck).toNeverTraverse('qrouter-*', { evenIfNeverleft: true } as never)).toThrow('Matcher error');
  });

  // @id 188fda04-3c90-57c4-9786-61967df926b0
  it('is not vacuous once the packet left: a security-group drop on the host still proves the path', () => {
    const sgDrop = cloud.withDataplane(inject(cloud.dataplane, {
      // Nova names the tap after the port id's first 11 characters.
      kind: 'sg-drop', host: 'compute1', tap: `tap${cloud.cloud.instances.find((i) => i.name === 'vm1')!.ports[0].slice(0, 11)}`, proto: 'icmp',
    }));
    const t = sgDrop.trace('vm1', 'vm3');
    expect(t).toBeDropped({ by: 'qbr*@compute1' });
    expect(t).toNeverTraverse('qrouter-*');
    expect(t).toStayOnHost();
  });
});
