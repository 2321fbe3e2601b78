import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAllureReportFile } from './allure-files';
import { assertOutputDirWritable, replaceOutputDir, type OutputDirOptions } from './output-dir';
import { defaultHtmlDir, defaultResultsDir, PACKAGE_ROOT } from './paths';
import type {} from './allurerc.json';

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

export interface HtmlReportOptions {
  /** The report's title (Allure's report name); default: the project's name. */
  name?: string;
  /** The user's folder: relative paths, their allurerc and their allure install are looked up here. */
  cwd?: string;
}

/** The file names Allure 3 looks for; a user's own config wins over netspec's. */
const ALLURE_CONFIGS = ['allurerc.js', 'allurerc.mjs', 'allurerc.cjs', 'allurerc.ts', 'allurerc.mts', 'allurerc.cts', 'allurerc.json', 'allurerc.yaml', 'allurerc.yml'];

export function userAllureConfig(cwd: string): string | undefined {
  return ALLURE_CONFIGS.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
}

/** The project's name for the report's title: its package.json name, else its folder's. */
export function projectName(cwd: string): string {
  try {
    const name = (JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  } catch { /* no package.json: the folder names the project */ }
  return path.basename(path.resolve(cwd));
}

/**
 * Builds the single-file HTML report (reports/html/index.html) from one or more Allure results
 * directories (shards merge into one report) with the Allure 3 CLI, offline, then strips the
 * analytics tag its templates always include, so the report makes no request when opened.
 * Everything is relative to the user's folder; netspec's own folder is never written.
 */
export function generateHtmlReport(results: string | readonly string[] = [], out?: string, options: HtmlReportOptions = {}): string {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const dirs = (typeof results === 'string' ? [results] : results.length ? results : [defaultResultsDir(cwd)]).map((d) => path.resolve(cwd, d));
  for (const d of dirs) {
    if (!existsSync(d)) throw new ReportError(`no Allure results in ${d}: run the tests (npm test) or netspec check first`);
  }
  const output = path.resolve(cwd, out ?? defaultHtmlDir(cwd));
  const within = (d: string, dir: string) => d === dir || d.startsWith(dir + path.sep);
  const taken = dirs.find((d) => within(d, output));
  if (taken) throw new ReportError(`the report's directory ${output} holds the results it is built from (${taken}): give --out another directory`);
  const own = userAllureConfig(cwd);
  const cli = allureCli(cwd);
  // Built in a new directory renamed into place when complete: a failed build keeps the previous
  // report, and no file netspec did not write is ever deleted (see output-dir.ts).
  replaceOutputDir(output, reportDirOptions(output), (tmp) => {
    const args = [cli, 'generate', ...dirs, '--output', tmp, '--config', own ?? path.join(__dirname, 'allurerc.json')];
    // The user's allurerc names their report; without one, the title is the project (or --name).
    if (options.name || !own) args.push('--report-name', options.name ?? projectName(cwd));
    const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    const index = path.join(tmp, 'index.html');
    if (run.status !== 0 || !existsSync(index)) {
      throw new ReportError(`allure generate failed (exit ${run.status}): ${(run.stderr || run.stdout || '').trim().split('\n').slice(-5).join('\n')}`);
    }
    writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  });
  return path.join(output, 'index.html');
}

/** Before a long run that ends in a report: would its directory be refused? */
export function assertReportDirWritable(out?: string, cwd = process.cwd()): void {
  const output = path.resolve(cwd, out ?? defaultHtmlDir(cwd));
  assertOutputDirWritable(output, reportDirOptions(output));
}

function reportDirOptions(output: string): OutputDirOptions {
  return { what: 'the HTML report', legacy: output === defaultHtmlDir(PACKAGE_ROOT) ? isAllureReportFile : undefined };
}

/** The user's own Allure 3 CLI when they have one, else the one installed beside netspec. */
function allureCli(cwd: string): string {
  try {
    return path.join(path.dirname(require.resolve('allure', { paths: [cwd, PACKAGE_ROOT] })), '..', 'cli.js');
  } catch {
    throw new ReportError('the Allure 3 CLI (npm package "allure") is not installed: npm install --save-dev allure');
  }
}

export function stripAnalytics(html: string): string {
  return html.replace(/<script async src="https:\/\/www\.googletagmanager\.com[^"]*"><\/script>\s*<script>[\s\S]*?gtag\('config'[\s\S]*?<\/script>/g, '');
}
