import { rmSync } from 'node:fs';
import { ALLURE_RESULTS } from './paths';

/** Each run starts with empty results: allure-jest never cleans them, and stale ones pile up as retries. */
export default function globalSetup(): void {
  rmSync(ALLURE_RESULTS, { recursive: true, force: true });
}
