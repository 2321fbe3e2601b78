/**
 * The files an Allure writer (allure-jest, or `netspec check`) puts in a results directory, and
 * those the Allure 3 CLI puts in a single-file report. netspec's default directories written
 * before the ownership marker existed hold only these, so they still count as netspec's.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const RESULT_FILE = new RegExp(`^(${UUID}-(result|container|globals)\\.json|${UUID}-attachment(\\.[\\w-]+)?|environment\\.properties|categories\\.json|executor\\.json|\\.allure-write-${UUID}\\.tmp)$`);
const REPORT_FILES = new Set(['index.html', 'summary.json', 'test-results.json']);

export function isAllureResultFile(entry: string): boolean {
  return RESULT_FILE.test(entry);
}

export function isAllureReportFile(entry: string): boolean {
  return REPORT_FILES.has(entry);
}
