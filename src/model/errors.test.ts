import { describe, expect, it } from '@jest/globals';
import { TopologyError, formatIssue } from './errors';

describe('TopologyError', () => {
  const issues = [
    { file: 'lab.yaml', path: 'subnets[2].gateway_ip', rule: 'ip-outside-subnet', message: '10.0.0.1 is not a usable address of subnet s (192.168.0.0/24)' },
    { file: 'lab.yaml', path: 'instances[0].host', rule: 'unknown-reference', message: 'no host with name or id "c9"' },
  ];

  it('lists every issue on its own line', () => {
    const err = new TopologyError(issues);
    expect(err.message).toBe([
      'lab.yaml: subnets[2].gateway_ip: 10.0.0.1 is not a usable address of subnet s (192.168.0.0/24) [ip-outside-subnet]',
      'lab.yaml: instances[0].host: no host with name or id "c9" [unknown-reference]',
    ].join('\n'));
    expect(err.issues).toBe(issues);
    expect(err.message.split('\n')).toEqual(issues.map(formatIssue));
  });

  it('is an Error whose stack is only the message', () => {
    const err = new TopologyError(issues);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TopologyError');
    expect(err.stack).toBe(`TopologyError: ${err.message}`);
  });
});
