// Runs TypeScript sources directly (npm start, benchmarks, CLIs): SWC transpiles with decorator metadata,
// and the tsconfig path aliases (@csp/*) resolve to the library sources.
const path = require('node:path');
const Module = require('node:module');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');
const swcrc = require('../swc.config.js');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const aliases = new Map(Object.entries(compilerOptions.paths).map(([k, [v]]) => [k, path.join(root, v)]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};
addHook((code, filename) => transformSync(code, { ...swcrc, filename }).code, {
  exts: ['.ts'],
  ignoreNodeModules: true,
});
require('reflect-metadata');
