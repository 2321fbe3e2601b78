import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadTopology, parseTopology } from './load';
import { TopologyError, type TopologyIssue } from './errors';
import { referenceCloud, referenceCloudSpec } from './reference';

const issuesOf = (f: () => unknown): TopologyIssue[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof TopologyError) return e.issues;
    throw e;
  }
  throw new Error('expected a TopologyError');
};

describe('parseTopology', () => {
  it('accepts JSON, which is YAML', () => {
    expect(parseTopology(JSON.stringify(referenceCloudSpec), 'ref.json')).toEqual(referenceCloud());
  });

  it('ignores a top-level $schema key but reports other unknown keys', () => {
    const text = JSON.stringify({ $schema: './x.json', ...referenceCloudSpec, hostz: [] });
    expect(issuesOf(() => parseTopology(text, 'a.yaml'))).toEqual([
      expect.objectContaining({ file: 'a.yaml', path: 'hostz', rule: 'unknown-field' }),
    ]);
  });

  it('turns a YAML syntax error into a syntax issue with its line', () => {
    const text = 'name: x\nhosts:\n  - name: a\n   role: compute\n';
    expect(issuesOf(() => parseTopology(text, 'bad.yaml'))).toEqual([
      expect.objectContaining({ file: 'bad.yaml', path: 'line 4', rule: 'syntax' }),
    ]);
  });

  it('rejects repeated keys and unresolved aliases as syntax errors', () => {
    expect(issuesOf(() => parseTopology('name: a\nname: b\n', 'dup.yaml'))).toEqual([
      expect.objectContaining({ path: 'line 2', rule: 'syntax', message: expect.stringContaining('unique') }),
    ]);
    expect(issuesOf(() => parseTopology('hosts: *nope\n', 'alias.yaml'))[0]).toMatchObject({ rule: 'syntax' });
  });

  it('finds a repeated key among many in one pass, and names it by line', () => {
    // 40,000 keys once took 17-40 s: yaml's own check compares every key with every other.
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join('\n');
    const issues = issuesOf(() => parseTopology(`name: a\nx:\n${keys}\n  k7: again\n`, 'many.yaml'));
    expect(issues).toEqual([expect.objectContaining({ path: 'line 40003', rule: 'syntax', message: 'Map keys must be unique' })]);
  });

  it('takes keys named after Object.prototype members as unknown fields, not as the members', () => {
    const text = 'constructor: 1\n__proto__: { a: 1 }\ntoString: x\noptions: { nova_metadata_host: 10.0.0.11 }\nhosts: []\nnetworks: []\nsubnets: []\n';
    expect(issuesOf(() => parseTopology(text, 'proto.yaml')).map((i) => `${i.path} [${i.rule}]`)).toEqual([
      'constructor [unknown-field]', '__proto__ [unknown-field]', 'toString [unknown-field]',
    ]);
  });

  it('reports validation issues against the file', () => {
    const text = 'hosts: []\nnetworks: []\nsubnets: []\nrouters: [{ name: r1 }]\n';
    expect(issuesOf(() => parseTopology(text, 'lab.yaml'))).toEqual([
      expect.objectContaining({ file: 'lab.yaml', path: 'options.nova_metadata_host', rule: 'host-role' }),
      expect.objectContaining({ file: 'lab.yaml', path: 'routers[0].host', rule: 'host-role' }),
    ]);
  });

  it('rejects an empty document', () => {
    expect(issuesOf(() => parseTopology('', 'empty.yaml'))).toEqual([
      { file: 'empty.yaml', path: '(root)', rule: 'type', message: 'must be a mapping, not null' },
    ]);
  });
});

describe('loadTopology', () => {
  it('reads a file', () => {
    expect(loadTopology(join(__dirname, '../../examples/reference-cloud.yaml')).name).toBe('reference');
  });

  it('reports a missing file as a file issue', () => {
    expect(issuesOf(() => loadTopology('/nonexistent/cloud.yaml'))).toEqual([
      { file: '/nonexistent/cloud.yaml', path: '(file)', rule: 'file', message: 'cannot read topology file: no such file' },
    ]);
    expect(issuesOf(() => loadTopology(__dirname))[0]).toMatchObject({ rule: 'file', message: expect.stringContaining('directory') });
  });
});
