import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheck } from '../check/run';
import { inject } from '../dataplane/faults';
import { builtinInvariants } from '../invariants';
import { cloudBuilder } from '../model/builder';
import { referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { writeCheckResults } from './check-results';
import { findChromium, renderPage } from './chromium';
import { generateHtmlReport } from './html';

/**
 * The HTML report as a reviewer sees it: rendered by headless Chromium (Debian's, installed by
 * .ci/run), from a check run with a violated invariant and an instance whose name is markup.
 */
const XSS = '<img src=x onerror=alert(1)>';
const run = findChromium() || process.env.CI ? describe : describe.skip;

run('the HTML report in Chromium', () => {
  let dir: string;
  let html: string;
  let failedId: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'netspec-report-'));
    const cloud = cloudBuilder.from(referenceCloudSpec).instance({ name: XSS, host: 'compute2', network: 'selfservice1' }).build();
    const sim = simulate(cloud);
    const qrouter = sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qrouter-'))!;
    const broken = sim.withDataplane(inject(sim.dataplane, {
      kind: 'rule-missing', host: 'network1', namespace: qrouter.name, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'REDIRECT',
    }));
    writeCheckResults(cloud, runCheck(broken, builtinInvariants, { allViolations: true }), path.join(dir, 'results'));
    html = generateHtmlReport(path.join(dir, 'results'), path.join(dir, 'html'));
    const index = JSON.parse(readFileSync(path.join(dir, 'html', 'test-results.json'), 'utf8')) as { byId: Record<string, { id: string; status: string }> };
    failedId = Object.values(index.byId).find((t) => t.status === 'failed')!.id;
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the overview shows the test tree with every invariant', () => {
    const dom = renderPage(pathToFileURL(html).href, { dumpDom: true });
    expect(dom).toContain('netspec check: reference');
    for (const inv of builtinInvariants) expect(dom).toContain(inv.name);
  }, 120_000);

  test('the failed invariant shows its failure message, category and the SVG of the violating path', () => {
    const dom = renderPage(`${pathToFileURL(html).href}#/${failedId}`, { dumpDom: true });
    expect(dom).toContain('Expected the cloud to satisfy metadataReachesProxy');
    expect(dom).toContain('never reached the metadata proxy on port 9697');
    expect(dom).toContain('Invariant violated');
    expect(dom).toMatch(/→ metadata \(path\)\.svg/);
  }, 120_000);

  test('a topology name that is markup shows as text, never as an element', () => {
    const dom = renderPage(`${pathToFileURL(html).href}#/${failedId}`, { dumpDom: true });
    expect(dom).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(dom).not.toMatch(/<img[^>]*onerror/i);
  }, 120_000);

  test('a screenshot of the failure page can be taken', () => {
    const shot = path.join(dir, 'failure.png');
    renderPage(`${pathToFileURL(html).href}#/${failedId}`, { screenshot: shot });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);
});
