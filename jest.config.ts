/** @jest-config-loader esbuild-register */
// ^ Jest 30 on Node 20 cannot load .ts configs natively; the docblock avoids ts-node
//   (which would type-check this file on every run). Type-checking is `npm run typecheck`.
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/matchers', '<rootDir>/specs', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
};

export default config;
