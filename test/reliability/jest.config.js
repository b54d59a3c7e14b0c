// `npm run test:reliability`: the suites of test/reliability/*.reliability.ts (not part of `npm test`:
// they run minutes at full size). RELIABILITY_SCALE=ci runs them small enough for CI.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS config, like the root one
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.reliability.ts'],
  testTimeout: 30 * 60 * 1000,
};
