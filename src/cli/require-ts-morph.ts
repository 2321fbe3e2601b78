import { UsageError } from './usage-error';

/**
 * Loads a tooling module that needs ts-morph, only when its command runs (`netspec trace` and
 * `netspec check` never pay for it), turning a missing ts-morph into one clear line.
 */
export function requireWithTsMorph<T>(command: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes("'ts-morph'")) {
      throw new UsageError(`${command} needs ts-morph: npm install --save-dev ts-morph`);
    }
    throw e;
  }
}
