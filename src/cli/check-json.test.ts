import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkToJson } from '../check/render';
import { runCheck } from '../check/run';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import { main } from './main';

/** `netspec check --json` is for CI to diff: the same cloud gives the same bytes. */
const root = mkdtempSync(path.join(tmpdir(), 'netspec-check-json-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function checkJson(...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', '--json', '--results', path.join(root, `r${runs++}`), ...extra], (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err };
}

/** The reference cloud with the metadata REDIRECT gone: metadataReachesProxy fails with traces. */
function brokenSimulation() {
  const sim = simulate(referenceCloud());
  const qrouter = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!;
  return sim.withDataplane(inject(sim.dataplane, {
    kind: 'rule-missing', host: 'network1', namespace: qrouter.name, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
  }));
}

describe('netspec check --json', () => {
  it('two runs print byte-identical JSON, with no time in it', async () => {
    const a = await checkJson();
    const b = await checkJson();
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    expect(a.out).not.toMatch(/durationMs|timings|"\w*[mM]s"/);
    expect(JSON.parse(a.out).invariants).toHaveLength(builtinInvariants.length);
  });

  it('counterexample traces are deterministic too', () => {
    const json = () => JSON.stringify(checkToJson(referenceCloud(), runCheck(brokenSimulation(), builtinInvariants, { allViolations: true })), null, 2);
    const a = json();
    expect(JSON.parse(a).holds).toBe(false);
    expect(a).toContain('"trace"');
    expect(json()).toBe(a);
  });

  it('--timings adds the times in a separate object; the verdicts are the same', async () => {
    const plain = JSON.parse((await checkJson()).out);
    const timed = JSON.parse((await checkJson('--timings')).out);
    const { timings, ...verdicts } = timed;
    expect(verdicts).toEqual(plain);
    expect(Object.keys(timings.invariants)).toEqual(builtinInvariants.map((i) => i.name));
    expect(typeof timings.totalMs).toBe('number');
    for (const ms of Object.values(timings.invariants)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('--timings without --json is a usage error', async () => {
    const err: string[] = [];
    expect(await main(['check', '--timings'], () => undefined, (s) => err.push(s))).toBe(2);
    expect(err).toEqual(['netspec check: --timings goes with --json (the table always shows the times)']);
  });
});
