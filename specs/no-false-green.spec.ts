/**
 * No false green: a spec that cannot fail proves nothing. A location that names nothing in the
 * cloud is a misuse (it would make every negative assertion pass), whichever matcher gets it.
 */
import { stripVTControlCharacters } from 'node:util';
import { cloudBuilder, qdhcp, referenceCloudSpec, simulate } from 'netspec';

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
