#!/usr/bin/env node
// Builds one app for production: the app and the libraries its production code imports (from the Nx
// project graph), transpiled with SWC (decorator metadata for Nest; no type checking, `npm run typecheck`
// does that) into dist/apps/<app>/ with the workspace layout kept, so `@csp/*` imports become plain
// relative requires and the output runs with `node` and production node_modules only.
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./build-app-lib');

const root = path.join(__dirname, '..');
const USAGE = `Usage: node tools/build-app.js <app>

Builds apps/<app> and the libraries it imports into dist/apps/<app>/ (workspace layout kept):
  - projects: the app plus its transitive library dependencies from the Nx project graph, following
    imports of production files only (*.spec.ts and testing/ folders are skipped)
  - .ts files transpiled with @swc/core (swc.config.js + tsconfig.base.json paths), with .js.map files
  - other files under a project's src (e.g. *.sql migrations) copied as they are
  - dist/apps/<app>/build-manifest.json: projects, entry and the npm packages the code requires
Entry: dist/apps/<app>/apps/<app>/src/main.js
Fails (exit 1) on transpile errors, a missing entry, requires that would not resolve at run time, or npm
packages that package.json does not list under "dependencies".`;

async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const started = Date.now();
  const result = await build(argv[0]);
  report(result, Date.now() - started);
  return 0;
}

async function build(app) {
  const { graph, projectFiles, fileDeps } = await readWorkspace();
  const isApp = (n) => n?.type === 'app' && n.data.root === `apps/${n.name}`;
  if (!isApp(graph.nodes[app])) {
    const apps = Object.values(graph.nodes).filter(isApp).map((n) => n.name);
    throw new Error(`"${app}" is not an app under apps/ (apps: ${apps.sort().join(', ')})`);
  }
  const projects = lib.collectProjects(app, dependenciesResolver(graph, projectFiles, fileDeps));
  const outDir = `dist/apps/${app}`;
  fs.rmSync(path.join(root, outDir), { recursive: true, force: true });

  const emitted = new Map();
  const outputs = new Set();
  let assetCount = 0;
  for (const name of projects) {
    const files = (projectFiles[name] ?? []).map((f) => f.file);
    const { sources, assets } = lib.selectProjectFiles(files, sourceRootOf(graph.nodes[name]));
    for (const [out, code] of await transpile(sources, outDir)) {
      emitted.set(out, code);
      outputs.add(out);
    }
    for (const file of assets) outputs.add(copyAsset(file, outDir));
    assetCount += assets.length;
  }
  const entry = lib.outputPathFor(`apps/${app}/src/main.ts`, outDir);
  if (!emitted.has(entry)) throw new Error(`entry apps/${app}/src/main.ts is missing`);
  const packages = verify(emitted, outputs);
  const manifest = { app, entry, projects, packages };
  fs.writeFileSync(path.join(root, outDir, 'build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, files: emitted.size, assets: assetCount };
}

async function readWorkspace() {
  // Set before Nx loads: no daemon (one-shot CLI, also inside `docker build`) and no Nx Cloud.
  process.env.NX_DAEMON = 'false';
  process.env.NX_NO_CLOUD = 'true';
  const { createProjectGraphAsync, createProjectFileMapUsingProjectGraph } = require('@nx/devkit');
  const previousCwd = process.cwd();
  process.chdir(root);
  try {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    const projectFiles = await createProjectFileMapUsingProjectGraph(graph);
    return { graph, projectFiles, fileDeps: readFileDeps() };
  } finally {
    process.chdir(previousCwd);
  }
}

// Per-file dependencies live only in Nx's file-map cache (written by createProjectGraphAsync above); the
// public project map has no `deps`. Without them we fall back to project-level edges (see below).
function readFileDeps() {
  try {
    const { readFileMapCache } = require('nx/src/project-graph/nx-deps-cache');
    return readFileMapCache()?.fileMap?.projectFileMap ?? null;
  } catch {
    return null;
  }
}

function dependenciesResolver(graph, projectFiles, fileDeps) {
  const names = new Set(Object.keys(graph.nodes));
  const implicit = (name) =>
    (graph.dependencies[name] ?? []).filter((d) => d.type === 'implicit').map((d) => d.target);
  if (fileDeps) {
    return (name) => [
      ...lib.productionDependencies(fileDeps[name] ?? [], sourceRootOf(graph.nodes[name]), names),
      ...implicit(name),
    ];
  }
  console.warn('build-app: WARNING: Nx per-file dependencies unavailable; using project-level edges ' +
    '(test-only imports may add projects; type:testing projects are left out).');
  const isTesting = (name) => graph.nodes[name]?.data.tags?.includes('type:testing');
  return (name) =>
    (graph.dependencies[name] ?? []).map((d) => d.target).filter((t) => names.has(t) && !isTesting(t));
}

function sourceRootOf(node) {
  return node.data.sourceRoot ?? `${node.data.root}/src`;
}

async function transpile(sources, outDir) {
  const { transformFile } = require('@swc/core');
  const swcConfig = require('../swc.config.js');
  const { paths } = require('../tsconfig.base.json').compilerOptions;
  return Promise.all(
    sources.map(async (file) => {
      const out = lib.outputPathFor(file, outDir);
      const absOut = path.join(root, out);
      const options = lib.swcOptionsFor(path.join(root, file), absOut, { root, swcConfig, paths });
      const result = await transformFile(path.join(root, file), options).catch((error) => {
        // SWC appends a native stack backtrace that says nothing about the source: keep the diagnostic only.
        const diagnostic = String(error.message ?? error).split(/\n\s*Stack backtrace:/)[0].trimEnd();
        throw new Error(`transpiling ${file} failed:\n${diagnostic}`);
      });
      const mapName = `${path.basename(absOut)}.map`;
      fs.mkdirSync(path.dirname(absOut), { recursive: true });
      fs.writeFileSync(absOut, `${result.code}\n//# sourceMappingURL=${mapName}\n`);
      fs.writeFileSync(`${absOut}.map`, result.map);
      return [out, result.code];
    }),
  );
}

function copyAsset(file, outDir) {
  const out = path.posix.join(outDir, file);
  fs.mkdirSync(path.dirname(path.join(root, out)), { recursive: true });
  fs.copyFileSync(path.join(root, file), path.join(root, out));
  return out;
}

/** Fails the build on requires that would break at run time; returns the npm packages the code needs. */
function verify(emitted, outputs) {
  const aliases = Object.keys(require('../tsconfig.base.json').compilerOptions.paths);
  const problems = lib.findUnresolvedRequires(emitted, outputs, aliases);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.file}: require('${p.specifier}'): ${p.reason}`);
    throw new Error(`unresolvable requires:\n${lines.join('\n')}`);
  }
  const packages = new Set();
  for (const code of emitted.values()) {
    for (const specifier of lib.requiredSpecifiers(code)) {
      const name = lib.packageNameOf(specifier);
      if (name) packages.add(name);
    }
  }
  const sorted = [...packages].sort();
  const undeclared = lib.undeclaredPackages(sorted, require('../package.json'));
  if (undeclared.length > 0) {
    throw new Error(`production code requires packages missing from package.json "dependencies" ` +
      `(the image installs those only): ${undeclared.join(', ')}`);
  }
  return sorted;
}

function report(result, elapsedMs) {
  console.log(`build-app: built ${result.app} in ${elapsedMs} ms`);
  console.log(`  projects: ${result.projects.join(', ')}`);
  console.log(`  files:    ${result.files} transpiled, ${result.assets} assets copied`);
  console.log(`  packages: ${result.packages.join(', ') || '(none)'}`);
  console.log(`  entry:    ${result.entry}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`build-app: error: ${error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { main };
