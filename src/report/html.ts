import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALLURE_RESULTS, HTML_REPORT, PROJECT_ROOT } from './paths';

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/**
 * Builds the single-file HTML report (reports/html/index.html) from Allure results with the
 * Allure 3 CLI, offline, then strips the analytics tag its templates always include, so the
 * report makes no request when opened.
 */
export function generateHtmlReport(results = ALLURE_RESULTS, out = HTML_REPORT): string {
  if (!existsSync(results)) throw new ReportError(`no Allure results in ${results}: run the tests (npm test) or netspec check first`);
  let cli: string;
  try {
    cli = path.join(path.dirname(require.resolve('allure', { paths: [PROJECT_ROOT] })), '..', 'cli.js');
  } catch {
    throw new ReportError('the Allure 3 CLI (npm package "allure") is not installed: npm install --save-dev allure');
  }
  const run = spawnSync(process.execPath, [cli, 'generate', results, '--output', out], {
    cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' },
  });
  const index = path.join(out, 'index.html');
  if (run.status !== 0 || !existsSync(index)) {
    throw new ReportError(`allure generate failed (exit ${run.status}): ${(run.stderr || run.stdout || '').trim().split('\n').slice(-5).join('\n')}`);
  }
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return index;
}

export function stripAnalytics(html: string): string {
  return html.replace(/<script async src="https:\/\/www\.googletagmanager\.com[^"]*"><\/script>\s*<script>[\s\S]*?gtag\('config'[\s\S]*?<\/script>/g, '');
}
