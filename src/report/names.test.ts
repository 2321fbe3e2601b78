/**
 * Names are data in the report's outputs: SVG pictures stay well-formed XML with the same
 * elements as for ordinary names, Allure results hold the names as JSON values, attachment names
 * are safe file names, and result files are named by Allure's UUIDs only.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../check/run';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { normalizeCloud } from '../model/normalize';
import { referenceCloud } from '../model/reference';
import { simulate, type Simulation } from '../simulation';
import { HOSTILE_NAMES, RAW_UNSAFE, hostileCloudSpec } from '../testing/hostile-names';
import { MAX_FILE_NAME_BYTES, attachmentName, safeFileName } from '../util/file-name';
import { writeCheckResults } from './check-results';
import { generateHtmlReport } from './html';
import { renderSvg } from './svg';

/** Characters XML 1.0 does not allow in a document at all. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

const rotations = [0, 16].map((offset) => {
  const { spec, names } = hostileCloudSpec(offset);
  return { offset, names, sim: simulate(normalizeCloud(spec, `hostile-${offset}.json`)) };
});
const ordinary = simulate(referenceCloud());
const FLOWS = [['vm1', 'vm3'], ['vm2', 'metadata'], ['vm4', 'internet'], ['vm1', 'dhcp']] as const;

// The headline (title and outcome) wraps into as many lines as a long name needs: the elements after it must be the same.
const elements = (svg: string) => [...svg.slice(svg.indexOf('<rect x=')).matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((m) => m[0]);

describe('SVG pictures of traces with hostile names', () => {
  it.each(rotations.map((r) => [r.offset, r]))('rotation %s: well-formed, the same elements as for ordinary names, names shown escaped', (_, r) => {
    for (const [from, to] of FLOWS) {
      const svg = renderSvg(r.sim.trace(r.names.get(from)!, r.names.get(to) ?? to));
      expect(svg).not.toMatch(NOT_XML);
      expect(svg.replace(/\n/g, '')).not.toMatch(RAW_UNSAFE);
      expect(elements(svg)).toEqual(elements(renderSvg(ordinary.trace(from, to))));
    }
  });
});

describe('file names from names', () => {
  it.each(HOSTILE_NAMES.map((h) => [h.label, h.name]))('%s: one safe path segment of bounded length', (_, name) => {
    const f = safeFileName(name);
    expect(f).not.toMatch(/[/\\\u0000]/);
    expect(f).not.toMatch(RAW_UNSAFE);
    expect(f).not.toMatch(/^\.|[. ]$/);
    expect(Buffer.byteLength(f)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(safeFileName(name)).toBe(f);
  });

  it('ordinary names stay readable; long ones stay distinct', () => {
    expect(attachmentName('vm1 → vm3', 'path', 'svg')).toBe('vm1 → vm3 (path).svg');
    expect(safeFileName('café-网络')).toBe('café-网络');
    expect(safeFileName('x'.repeat(500))).not.toBe(safeFileName(`${'x'.repeat(499)}y`));
    expect(safeFileName('网'.repeat(500)).length).toBeLessThan(50);
  });
});

/** Every attachment of a result, steps included. */
function attachments(node: { attachments?: { name: string; source: string }[]; steps?: unknown[] }): { name: string; source: string }[] {
  return [...(node.attachments ?? []), ...(node.steps ?? []).flatMap((s) => attachments(s as typeof node))];
}

describe('Allure results of netspec check with hostile names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netspec-names-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function brokenCheck(sim: Simulation, out: string) {
    const host = sim.dataplane.hosts.find((h) => h.devices.some((d) => d.kind === 'namespace' && d.role === 'qrouter'))!;
    const qr = host.devices.find((d) => d.kind === 'namespace' && d.role === 'qrouter')!;
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'process-down', host: host.name, namespace: qr.name, process: 'haproxy' }));
    const report = runCheck(broken, builtinInvariants, { allViolations: true });
    writeCheckResults(broken.cloud, report, out);
    return report;
  }

  it.each(rotations.map((r) => [r.offset, r]))('rotation %s: safe attachment names, UUID file names, names intact as JSON', (_, r) => {
    const out = join(dir, `r${r.offset}`);
    const report = brokenCheck(r.sim, out);
    expect(report.holds).toBe(false);
    const files = readdirSync(out);
    for (const f of files) expect(f).toMatch(/^([0-9a-f-]{36}-(result|attachment|container)(\.\w+)?|environment\.properties|\.netspec-output)$/);
    const results = files.filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')));
    const names = results.flatMap((res) => attachments(res).map((a) => a.name));
    expect(names.length).toBeGreaterThan(results.length);
    for (const n of names) {
      expect(n).not.toMatch(/[/\\\u0000]/);
      expect(n).not.toMatch(RAW_UNSAFE);
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES + 20);
    }
    for (const res of results) expect(res.labels).toContainEqual({ name: 'feature', value: r.sim.cloud.name });
    const env = readFileSync(join(out, 'environment.properties'), 'utf8');
    const ordinaryOut = join(dir, `ordinary-${r.offset}`);
    brokenCheck(ordinary, ordinaryOut);
    expect(env.split('\n')).toHaveLength(readFileSync(join(ordinaryOut, 'environment.properties'), 'utf8').split('\n').length);
  });

  it('the HTML report built from them holds no markup from a name', () => {
    const scripts = (results: string) => {
      const html = readFileSync(generateHtmlReport(results, join(results, 'html')), 'utf8');
      return { payload: /alert\(4242\)|<b>x<\/b>|<x>/.test(html), scripts: (html.match(/<script\b/g) ?? []).length };
    };
    const hostile = scripts(join(dir, 'r0'));
    expect(hostile.payload).toBe(false);
    expect(hostile.scripts).toBe(scripts(join(dir, 'ordinary-0')).scripts);
  }, 60_000);
});
