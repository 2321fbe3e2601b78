import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ALLURE_RESULTS } from './paths';

/**
 * Each run starts with empty results: allure-jest never cleans them, and stale ones pile up as
 * retries. The directory itself stays, so a second Jest run started meanwhile (an editor's, say)
 * loses results but never crashes writing into a directory that vanished.
 */
export default function globalSetup(): void {
  mkdirSync(ALLURE_RESULTS, { recursive: true });
  for (const entry of readdirSync(ALLURE_RESULTS)) rmSync(path.join(ALLURE_RESULTS, entry), { recursive: true, force: true });
}
