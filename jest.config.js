// The whole suite: every project's jest.config.js (found by Nx), run in one Jest invocation, with one
// PostgreSQL for all of it (see jest.global-setup.js).
const { getJestProjectsAsync } = require('@nx/jest');

module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  globalSetup: '<rootDir>/jest.global-setup.js',
  // Integration specs start services, workers and consumers; on a shared 2-core machine running the whole suite
  // in parallel they need more than Jest's 5 s default (a global option: projects cannot set it).
  testTimeout: 30_000,
  globalTeardown: '<rootDir>/jest.global-teardown.js',
});
