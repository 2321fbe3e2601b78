/**
 * `netspec/matchers`: add to Jest's `setupFilesAfterEnv` to register every matcher and the
 * trace snapshot serializer. (With Vitest, extend its `expect` with `netspec/matchers/all`.)
 */
import * as matchers from './all';
import { traceSerializer } from './serializer';
import type {} from './types';

interface JestExpect {
  extend(matchers: object): void;
  addSnapshotSerializer(serializer: typeof traceSerializer): void;
}

/**
 * Jest's `expect`: the global one, or (with `injectGlobals: false`) the one from @jest/globals,
 * loaded only then, since it is the user's own optional peer dependency, never netspec's.
 */
function jestExpect(): JestExpect {
  const global = (globalThis as { expect?: Partial<JestExpect> }).expect;
  if (typeof global?.extend === 'function' && typeof global.addSnapshotSerializer === 'function') return global as JestExpect;
  try {
    return (require('@jest/globals') as { expect: JestExpect }).expect;
  } catch {
    throw new Error("netspec/matchers found no Jest expect to extend: list it in Jest's setupFilesAfterEnv. "
      + "With Vitest, call expect.extend(matchers) with `import * as matchers from 'netspec/matchers/all'`.");
  }
}

const expect = jestExpect();
expect.extend(matchers);
expect.addSnapshotSerializer(traceSerializer);

export type { NetspecMatchers } from './types';
export { traceSerializer };
