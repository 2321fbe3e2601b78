import path from 'node:path';

/** netspec's own package folder (the repository, or node_modules/netspec once installed). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

/** Where a command run in `cwd` writes by default: the user's project, never netspec's folder. */
export function defaultResultsDir(cwd = process.cwd()): string {
  return path.resolve(cwd, 'reports', 'allure-results');
}
export function defaultHtmlDir(cwd = process.cwd()): string {
  return path.resolve(cwd, 'reports', 'html');
}

/**
 * This repository's own test run (jest.config.ts): absolute, since allure-jest resolves relative
 * paths against the cwd, not the project.
 */
export const ALLURE_RESULTS = defaultResultsDir(PACKAGE_ROOT);
