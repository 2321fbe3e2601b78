import { isAllureResultFile } from './allure-files';
import { clearOutputDir } from './output-dir';
import { ALLURE_RESULTS } from './paths';

/**
 * Each run starts with empty results: allure-jest never cleans them, and stale ones pile up as
 * retries. The directory itself stays, so a second Jest run started meanwhile (an editor's, say)
 * loses results but never crashes writing into a directory that vanished. Only netspec's own
 * results are deleted: a directory holding anything else is refused (see output-dir.ts).
 */
export default function globalSetup(): void {
  clearOutputDir(ALLURE_RESULTS, { what: 'the test run\'s Allure results', legacy: isAllureResultFile });
}
