import { qdhcp, qrouter } from './location';
import { unresolvedLocation } from './resolve-location';
import { realize } from '../realize';
import { referenceCloud } from '../model/reference';

const dp = realize(referenceCloud());

describe('unresolvedLocation', () => {
  test.each([
    'qrouter-*', 'br-tun@compute1', '*@network1', 'router1', 'selfservice2', 'vm3', 'nova-api-metadata@controller', 'provider@fabric',
  ])('accepts %s, which names something in the reference cloud', (loc) => {
    expect(unresolvedLocation(loc, dp)).toBeUndefined();
  });

  test.each([
    qdhcp('selfservice1'), qrouter('router1'), { namespace: 'qrouter', port: 9697 }, { device: 'br-int', host: 'compute*' },
    { instance: 'vm1', port: 68 }, { network: 'selfservice1', host: 'compute1' },
  ])('accepts the object %j', (loc) => {
    expect(unresolvedLocation(loc, dp)).toBeUndefined();
  });

  test.each([
    ['ruoter1', 'did you mean "router1"?'],
    ['qruoter-*', 'did you mean "qrouter-*"?'],
    ['br-tnu@compute1', 'did you mean "br-tun@compute1"?'],
    ['br-int@compute9', 'no host is named "compute9"'],
    ['compute1', '"compute1" is a host'],
  ])('rejects %s: %s', (loc, problem) => {
    expect(unresolvedLocation(loc, dp)).toContain(problem);
  });

  test.each([
    [qrouter('router2'), 'no router is named "router2"'],
    [{ namespace: 'qdhcp', host: 'compute1' }, 'nothing in this cloud is all of'],
    [{ namespace: 'qrouter', port: 8775 }, 'nothing in this cloud is all of'],
    [{ port: 9 }, 'no process listens on port 9'],
    [{ instance: 'vm1', network: 'selfservice2' }, 'nothing in this cloud is all of'],
  ])('rejects the object %j', (loc, problem) => {
    expect(unresolvedLocation(loc, dp)).toContain(problem);
  });

  test('resolves an alias to the process it stands for, and suggests aliases', () => {
    expect(unresolvedLocation('nova-metadata', dp, { 'nova-metadata': 'nova-api-metadata' })).toBeUndefined();
    expect(unresolvedLocation('nova-metdata', dp, { 'nova-metadata': 'nova-api-metadata' })).toContain('did you mean "nova-metadata"?');
  });
});
