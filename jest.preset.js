// Shared Jest preset: SWC for speed (with decorator metadata for Nest), tsconfig paths mapped to sources.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');
const swcrc = require('./swc.config.js');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcrc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/?(*.)+(spec).ts'],
  setupFiles: [path.join(__dirname, 'libs/testing/src/jest-setup.js')],
};
