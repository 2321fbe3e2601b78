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

  it('spells out the first 50 issues and counts the rest, keeping all of them in issues', () => {
    // 600,001 issues once made a 60 MB message.
    const many = Array.from({ length: 600_001 }, (_, i) => ({ file: 'big.yaml', path: `hosts[0].k${i}`, rule: 'unknown-field', message: `unknown field "k${i}"` }));
    const err = new TopologyError(many);
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(51);
    expect(lines.slice(0, 50)).toEqual(many.slice(0, 50).map(formatIssue));
    expect(lines[50]).toBe('… and 599951 more (600001 issues in all)');
    expect(err.issues).toHaveLength(600_001);
  });

  it('is an Error whose stack is only the message', () => {
    const err = new TopologyError(issues);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TopologyError');
    expect(err.stack).toBe(`TopologyError: ${err.message}`);
  });
});
