// Pure helpers of tools/build-app.js: which files and projects an app build takes, where they go, and the
// checks on the emitted code. No I/O here, so tools/deploy/build-app-lib.spec.ts can test every rule.
const path = require('node:path');
const { builtinModules } = require('node:module');

const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;
// Folders that hold test support code only (nx.json's production inputs exclude src/testing too).
const TEST_DIRS = new Set(['testing', '__tests__', '__mocks__', '__fixtures__']);
const BUILTINS = new Set(builtinModules);

const toPosix = (p) => p.split(path.sep).join('/');

/** Path of `file` below `dir` (both workspace-relative, posix), or null when it is not inside. */
function relativeInside(dir, file) {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : null;
}

/** 'source' (a .ts to transpile), 'asset' (copied as is) or null (not part of the production build). */
function classifyFile(file, sourceRoot) {
  const inside = relativeInside(sourceRoot, file);
  if (inside === null) return null;
  const segments = inside.split('/');
  if (segments.slice(0, -1).some((s) => TEST_DIRS.has(s))) return null;
  const name = segments[segments.length - 1];
  if (TEST_FILE.test(name) || name.endsWith('.snap') || name.startsWith('jest.config.')) return null;
  if (name.endsWith('.d.ts')) return null;
  return name.endsWith('.ts') ? 'source' : 'asset';
}

/** Splits a project's files (workspace-relative) into sources to transpile and assets to copy. */
function selectProjectFiles(files, sourceRoot) {
  const sources = [];
  const assets = [];
  for (const file of files) {
    const kind = classifyFile(file, sourceRoot);
    if (kind === 'source') sources.push(file);
    if (kind === 'asset') assets.push(file);
  }
  return { sources: sources.sort(), assets: assets.sort() };
}

/** Where a workspace file lands in the app's output folder (same layout, `.ts` -> `.js`). */
function outputPathFor(file, outDir) {
  return path.posix.join(outDir, file.replace(/\.ts$/, '.js'));
}

/** Target project of an Nx file dependency entry (`'name'`, `[target, type]` or `[source, target, type]`). */
function depTarget(dep) {
  if (typeof dep === 'string') return dep;
  return dep.length === 3 ? dep[1] : dep[0];
}

/**
 * Projects that the production files of one project import, from Nx's per-file dependencies. Test files
 * may import more (e.g. @csp/testing); those must not end up in the image.
 */
function productionDependencies(fileData, sourceRoot, projectNames) {
  const targets = new Set();
  for (const { file, deps } of fileData) {
    if (!deps || classifyFile(file, sourceRoot) !== 'source') continue;
    for (const dep of deps) {
      const target = depTarget(dep);
      if (projectNames.has(target)) targets.add(target);
    }
  }
  return targets;
}

/** The app and every project reachable from it through `depsOf`, the app first, then sorted by name. */
function collectProjects(app, depsOf) {
  const seen = new Set([app]);
  const queue = [app];
  while (queue.length > 0) {
    for (const dep of depsOf(queue.shift())) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [app, ...[...seen].filter((p) => p !== app).sort()];
}

/**
 * SWC options for one file: the shared swc.config.js plus the tsconfig path aliases, so `@csp/*` imports
 * become relative paths that stay valid because the output keeps the workspace layout. Source maps are
 * written beside the code and point back at the workspace-relative source.
 */
function swcOptionsFor(absFile, absOutFile, { root, swcConfig, paths }) {
  return {
    ...swcConfig,
    filename: absFile,
    swcrc: false,
    configFile: false,
    jsc: { ...swcConfig.jsc, baseUrl: root, paths },
    sourceMaps: true,
    sourceFileName: toPosix(path.relative(path.dirname(absOutFile), absFile)),
  };
}

/** Every string literal passed to `require(...)` in emitted CommonJS code. */
function requiredSpecifiers(code) {
  const found = new Set();
  for (const match of code.matchAll(/\brequire\(\s*(["'])([^"'\n]+)\1\s*\)/g)) found.add(match[2]);
  return [...found];
}

/** The npm package a bare specifier loads (`@scope/name/sub` -> `@scope/name`); null for relative/builtin. */
function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? null : name;
}

/**
 * Requires in the emitted files that would fail at run time: relative ones with no emitted target, and
 * tsconfig aliases SWC left alone (plain `require('@csp/x')` in TypeScript is not rewritten).
 * `emitted` maps output path -> code; `outputs` is the set of every output path (code and assets).
 */
function findUnresolvedRequires(emitted, outputs, aliases) {
  const problems = [];
  for (const [file, code] of emitted) {
    for (const specifier of requiredSpecifiers(code)) {
      if (aliases.some((alias) => specifier === alias || specifier.startsWith(`${alias}/`))) {
        problems.push({ file, specifier, reason: 'path alias not rewritten (use import, not require)' });
      } else if (specifier.startsWith('.')) {
        const base = path.posix.join(path.posix.dirname(file), specifier);
        const candidates = [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
        if (!candidates.some((c) => outputs.has(c))) {
          problems.push({ file, specifier, reason: 'target is not part of the build' });
        }
      }
    }
  }
  return problems;
}

/** Packages the emitted code requires that package.json does not list under `dependencies`. */
function undeclaredPackages(packages, packageJson) {
  const declared = packageJson.dependencies ?? {};
  return packages.filter((name) => !(name in declared));
}

module.exports = {
  classifyFile,
  selectProjectFiles,
  outputPathFor,
  depTarget,
  productionDependencies,
  collectProjects,
  swcOptionsFor,
  requiredSpecifiers,
  packageNameOf,
  findUnresolvedRequires,
  undeclaredPackages,
};
