/**
 * Two Jest projects: LWC components (sfdx-lwc-jest, jsdom) and Node code (scripts, local org, sync).
 * Both compile TypeScript with the LWC transformer, so a test runs the same source that deploys.
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const lightningMocks = {
  '^lightning/graphql$': '<rootDir>/jest-mocks/lightning/graphql'
};

module.exports = {
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      moduleNameMapper: lightningMocks,
      testMatch: ['**/__tests__/**/*.test.ts']
    },
    {
      ...jestConfig,
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts', '<rootDir>/test'],
      testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      setupFilesAfterEnv: []
    }
  ],
  coverageDirectory: 'coverage',
  coverageThreshold: {
    // The scoring library: every file of the bundle, each on its own (tests do not count).
    './force-app/main/default/lwc/scoring/*.ts': { lines: 95, branches: 95 }
  }
};
