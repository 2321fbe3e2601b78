/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

const config: Config = {
  testMatch: ['<rootDir>/spec/**/*.spec.ts'],
  setupFilesAfterEnv: ['netspec/matchers'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

export default config;
