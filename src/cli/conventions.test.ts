import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkToJunit } from '../check/junit';
import { CHECK_JSON_SCHEMA_VERSION } from '../check/render';
import { runCheck } from '../check/run';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { cloudBuilder } from '../model/builder';
import { referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { runCli } from '../testing/cli';

/** The CLI's conventions: --version, did-you-mean, validate, JUnit XML, a versioned --json. */
const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'reference-cloud.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'netspec-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;

describe('netspec --version', () => {
  it('prints the package version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await run(flag)).toMatchObject({ code: 0, out: `netspec ${version}`, errLines: [] });
  });
});

describe('did you mean', () => {
  it('suggests the command for a typo', async () => {
    const r = await run('chek');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "chek" (did you mean "check"?)');
  });

  it("suggests one of the command's own options for an unknown one", async () => {
    expect((await run('check', '--topolgy', EXAMPLE)).err).toContain('(did you mean "--topology"?)');
    expect((await run('trace', '--form', 'vm1', '--to', 'vm2')).err).toContain('(did you mean "--from"?)');
    expect((await run('report', '--result', 'x')).err).toContain('(did you mean "--results"?)');
  });

  it('suggests nothing for a word like no option', async () => {
    const r = await run('check', '--zzzzzzzz');
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('did you mean');
  });
});

describe('netspec validate', () => {
  it('exits 0 for a valid file, naming the cloud', async () => {
    const r = await run('validate', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${EXAMPLE}: valid, reference (4 hosts, 3 networks, 1 router, 4 instances)`);
  });

  it('exits 2 naming the file, the field and the rule', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('gateway_ip: 192.168.2.1', 'gateway_ip: 10.9.0.1'));
    const r = await run('validate', bad);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${bad}: subnets[1].gateway_ip: 10.9.0.1`);
    expect(r.err).toContain('[ip-outside-subnet]');
  });

  it('exits 2 without a file', async () => {
    expect((await run('validate')).code).toBe(2);
  });
});

describe('netspec check --junit', () => {
  it('writes one test case per invariant, a violated one failing with its counterexample', () => {
    const cloud = cloudBuilder.from(referenceCloudSpec).instance({ name: 'vm<&>', host: 'compute2', network: 'selfservice1' }).build();
    const sim = simulate(cloud);
    const qrouter = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!;
    const broken = sim.withDataplane(inject(sim.dataplane, {
      kind: 'rule-missing', host: 'network1', namespace: qrouter.name, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
    }));
    const xml = checkToJunit(cloud, runCheck(broken, builtinInvariants, { allViolations: true }));
    expect(xml.match(/<testcase /g)).toHaveLength(builtinInvariants.length);
    expect(xml).toMatch(/<testcase classname="netspec check: reference" name="metadataReachesProxy" time="[\d.]+">\n\s+<failure message="vm1 → metadata: [^"]+" type="InvariantViolated">/);
    expect(xml).toContain('<testsuite name="netspec check: reference" tests="17"'.replace('17', String(builtinInvariants.length)));
    expect(xml).not.toContain('vm<&>');
    expect(xml).toContain('vm&lt;&amp;&gt;');
  });

  it('the CLI writes the file, creating its directory', async () => {
    const file = path.join(dir, 'ci', 'junit.xml');
    const r = await run('check', '--only', 'sameNetworkNeverRouted', '--junit', file, '--results', path.join(dir, 'results'));
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="netspec check" tests="1" failures="0"/);
  });
});

describe('netspec check --json', () => {
  it('carries schemaVersion, the version docs/check-json.md documents', async () => {
    const r = await run('check', '--json', '--only', 'sameNetworkNeverRouted', '--results', path.join(dir, 'json-results'));
    expect(JSON.parse(r.out).schemaVersion).toBe(CHECK_JSON_SCHEMA_VERSION);
    expect(readFileSync(path.join(ROOT, 'docs', 'check-json.md'), 'utf8')).toContain(`"schemaVersion": ${CHECK_JSON_SCHEMA_VERSION}`);
  });
});
