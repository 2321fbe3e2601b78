import { isTrace } from '../src/assert/received';
import { renderMinimal } from '../src/trace/views/minimal';

/** A pretty-format plugin, as Jest's and Vitest's `expect.addSnapshotSerializer` take it. */
export interface SnapshotSerializer {
  test(val: unknown): boolean;
  serialize(val: unknown, config?: unknown, indentation?: string): string;
}

/** Snapshots of traces store the minimal view (what a reviewer reads), not a JSON dump. */
export const traceSerializer: SnapshotSerializer = {
  test: (val: unknown) => isTrace(val),
  // Continuation lines follow pretty-format's indentation, so a trace nested in an object stays aligned.
  serialize: (val: unknown, _config?: unknown, indentation = '') =>
    renderMinimal(val as Parameters<typeof renderMinimal>[0]).split('\n').join(`\n${indentation}`),
};
