// The whole suite: every project's jest.config.js (found by Nx), run in one Jest invocation, with one
// PostgreSQL for all of it (see jest.global-setup.js).
const { getJestProjectsAsync } = require('@nx/jest');

module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  globalSetup: '<rootDir>/jest.global-setup.js',
  globalTeardown: '<rootDir>/jest.global-teardown.js',
});
