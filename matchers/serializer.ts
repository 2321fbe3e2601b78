import type { expect } from '@jest/globals';
import { isTrace } from '../src/assert/received';
import { renderMinimal } from '../src/trace/views/minimal';

type SnapshotSerializer = Parameters<typeof expect.addSnapshotSerializer>[0];

/** Snapshots of traces store the minimal view (what a reviewer reads), not a JSON dump. */
export const traceSerializer: SnapshotSerializer = {
  test: (val: unknown) => isTrace(val),
  serialize: (val: unknown) => renderMinimal(val as Parameters<typeof renderMinimal>[0]),
};
