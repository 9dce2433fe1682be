/**
 * Two Jest projects: LWC components (sfdx-lwc-jest, jsdom) and Node code (scripts, local org, sync).
 * Both compile TypeScript with the LWC transformer, so a test runs the same source that deploys.
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const lightningMocks = {
  '^lightning/graphql$': '<rootDir>/jest-mocks/lightning/graphql'
};

/** Coverage of the package's components and the Node code; tests and fixtures do not count. */
const collectCoverageFrom = [
  '<rootDir>/force-app/main/default/lwc/**/*.ts',
  '<rootDir>/scripts/**/*.ts',
  '!**/__tests__/**',
  '!**/*.d.ts'
];

module.exports = {
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      collectCoverageFrom,
      roots: ['<rootDir>/force-app'],
      moduleNameMapper: lightningMocks,
      // @sa11y/jest's toBeAccessible() for the accessibility assertion of every component state.
      setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/jest-mocks/sa11ySetup.ts'],
      testMatch: ['**/__tests__/**/*.test.ts']
    },
    {
      ...jestConfig,
      displayName: 'node',
      collectCoverageFrom,
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts', '<rootDir>/test'],
      testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
      setupFilesAfterEnv: []
    },
    {
      // Browser tests share one preview build, one local org and one Chromium per run.
      ...jestConfig,
      displayName: 'browser',
      collectCoverageFrom,
      testEnvironment: 'node',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/globalSetup.ts',
      globalTeardown: '<rootDir>/test/browser/globalTeardown.ts',
      // Functions the harness hands to page.evaluate run in Chromium, where coverage counters
      // added by instrumentation do not exist: never instrument the harness.
      coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/test/'],
      setupFilesAfterEnv: []
    }
  ],
  coverageDirectory: 'coverage',
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    // The scoring library: every file of the bundle, each on its own (tests do not count).
    './force-app/main/default/lwc/scoring/*.ts': { lines: 95, branches: 95 },
    // The screen layer and the screens: every file on its own.
    './force-app/main/default/lwc/{uiApi,scoringInputs,errors,assessmentSave,statePanel,profileChart,repRating,teamHeatmap,dealCoaching,calibrationView}/*.ts':
      {
        lines: 95,
        branches: 65
      }
  }
};
