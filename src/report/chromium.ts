import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's chromium, if installed (no browser is ever downloaded at run time). */
export function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Renders a page headless with a fresh profile: its DOM after scripts ran, or a screenshot. */
export function renderPage(url: string, mode: { dumpDom: true } | { screenshot: string; size?: string }): string {
  const browser = findChromium();
  if (!browser) throw new Error('chromium is not installed (apt-get install chromium)');
  const profile = mkdtempSync(path.join(tmpdir(), 'netspec-chromium-'));
  try {
    const args = [...FLAGS, `--user-data-dir=${profile}`, '--virtual-time-budget=15000'];
    if ('dumpDom' in mode) args.push('--dump-dom');
    else args.push(`--window-size=${mode.size ?? '1400,1400'}`, `--screenshot=${mode.screenshot}`);
    const run = spawnSync(browser, [...args, url], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`chromium exited ${run.status}: ${run.stderr?.slice(-500)}`);
    return run.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
