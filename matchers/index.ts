/**
 * `netspec/matchers`: add to Jest's `setupFilesAfterEnv` to register every matcher and the
 * trace snapshot serializer.
 */
import { expect } from '@jest/globals';
import * as matchers from './all';
import { traceSerializer } from './serializer';
import type {} from './types';

expect.extend(matchers as unknown as Parameters<typeof expect.extend>[0]);
expect.addSnapshotSerializer(traceSerializer);

export type { NetspecMatchers } from './types';
export { traceSerializer };
