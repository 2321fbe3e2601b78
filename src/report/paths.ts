import path from 'node:path';

/** Where reports go, absolute: allure-jest resolves relative paths against the cwd, not the project. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');
export const REPORTS = path.join(PROJECT_ROOT, 'reports');
export const ALLURE_RESULTS = path.join(REPORTS, 'allure-results');
export const HTML_REPORT = path.join(REPORTS, 'html');
