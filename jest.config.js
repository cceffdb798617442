// The whole suite: every project's jest.config.js (found by Nx), run in one Jest invocation.
const { getJestProjectsAsync } = require('@nx/jest');

module.exports = async () => ({
  projects: await getJestProjectsAsync(),
});
