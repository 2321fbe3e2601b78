/**
 * `netspec/matchers` extends Jest's expect without depending on @jest/globals (the user's own
 * optional peer): the global `expect` when Jest injects one, @jest/globals only without it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

interface FakeExpect { extend: jest.Mock; addSnapshotSerializer: jest.Mock }
const fakeExpect = (): FakeExpect => ({ extend: jest.fn(), addSnapshotSerializer: jest.fn() });

function loadWithGlobal(global: unknown, globals: () => unknown): void {
  const g = globalThis as { expect?: unknown };
  const saved = Object.getOwnPropertyDescriptor(g, 'expect')!;
  try {
    Object.defineProperty(g, 'expect', { value: global, configurable: true, writable: true });
    jest.isolateModules(() => {
      jest.doMock('@jest/globals', globals);
      require('../index');
    });
  } finally {
    Object.defineProperty(g, 'expect', saved);
    jest.dontMock('@jest/globals');
  }
}

describe('registering the matchers', () => {
  test('uses the global expect and never loads @jest/globals', () => {
    const global = fakeExpect();
    loadWithGlobal(global, () => { throw new Error('@jest/globals must not be loaded'); });
    expect(global.extend).toHaveBeenCalledWith(expect.objectContaining({ toBeDeliveredTo: expect.any(Function), toSatisfy: expect.any(Function) }));
    expect(global.addSnapshotSerializer).toHaveBeenCalledWith({ test: expect.any(Function), serialize: expect.any(Function) });
  });

  test('falls back to @jest/globals when Jest injects no global expect', () => {
    // Jest serves @jest/globals itself (it cannot be mocked): its expect is the one to spy on.
    const { expect: jestExpect } = require('@jest/globals') as typeof import('@jest/globals');
    const extend = jest.spyOn(jestExpect, 'extend');
    try {
      loadWithGlobal(undefined, () => jest.requireActual('@jest/globals'));
      expect(extend).toHaveBeenCalledWith(expect.objectContaining({ toTraverse: expect.any(Function) }));
    } finally {
      extend.mockRestore();
    }
  });

  test('outside any test runner, says how to register them with Jest or Vitest', () => {
    const run = spawnSync(process.execPath, ['-r', 'esbuild-register', '-e', "require('./matchers/index.ts')"], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/found no Jest expect[\s\S]*setupFilesAfterEnv[\s\S]*netspec\/matchers\/all/);
  });
});
