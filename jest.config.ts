/** @jest-config-loader esbuild-register */
// ^ Jest 30 on Node 20 cannot load .ts configs natively; the docblock avoids ts-node
//   (which would type-check this file on every run). Type-checking is `npm run typecheck`.
import type { Config } from 'jest';
import { ALLURE_RESULTS } from './src/report/paths';
import { environmentInfo } from './src/report/environment-info';

const config: Config = {
  // allure-jest's environment (results for the HTML report), with stable history ids for
  // @fast-check/jest property tests.
  testEnvironment: '<rootDir>/src/report/jest-environment.ts',
  testEnvironmentOptions: { resultsDir: ALLURE_RESULTS, environmentInfo: environmentInfo() },
  globalSetup: '<rootDir>/src/report/global-setup.ts',
  roots: ['<rootDir>/src', '<rootDir>/matchers', '<rootDir>/specs', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  // Specs import netspec as users do: the package name maps to the sources.
  moduleNameMapper: {
    '^netspec$': '<rootDir>/src/index.ts',
    '^netspec/matchers$': '<rootDir>/matchers/index.ts',
    '^netspec/arbitraries$': '<rootDir>/src/arbitraries/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/matchers/index.ts', '<rootDir>/src/report/labels-setup.ts', '<rootDir>/src/testing/fast-check-setup.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
};

export default config;
