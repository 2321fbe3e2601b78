// The same specs compiled by @swc/jest instead of ts-jest.
module.exports = {
  testMatch: ['<rootDir>/spec/**/*.spec.ts'],
  setupFilesAfterEnv: ['netspec/matchers'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
};
