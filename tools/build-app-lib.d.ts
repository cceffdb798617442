// Types of tools/build-app-lib.js (plain CommonJS so `node tools/build-app.js` needs no TypeScript runner).

/** An Nx per-file dependency: `'name'`, `[target, type]` or `[source, target, type]`. */
export type FileDependency = string | [string, string] | [string, string, string];

export interface SwcProjectOptions {
  root: string;
  swcConfig: { jsc?: Record<string, unknown>; [key: string]: unknown };
  paths: Record<string, string[]>;
}

export interface UnresolvedRequire {
  file: string;
  specifier: string;
  reason: string;
}

export function classifyFile(file: string, sourceRoot: string): 'source' | 'asset' | null;
export function selectProjectFiles(files: readonly string[], sourceRoot: string): { sources: string[]; assets: string[] };
export function outputPathFor(file: string, outDir: string): string;
export function depTarget(dep: FileDependency): string;
export function productionDependencies(
  fileData: readonly { file: string; deps?: FileDependency[] }[],
  sourceRoot: string,
  projectNames: ReadonlySet<string>,
): Set<string>;
export function collectProjects(app: string, depsOf: (project: string) => Iterable<string>): string[];
export function swcOptionsFor(absFile: string, absOutFile: string, options: SwcProjectOptions): Record<string, unknown> & {
  filename: string;
  jsc: Record<string, unknown> & { baseUrl: string; paths: Record<string, string[]> };
  sourceMaps: true;
  sourceFileName: string;
};
export function requiredSpecifiers(code: string): string[];
export function packageNameOf(specifier: string): string | null;
export function findUnresolvedRequires(
  emitted: ReadonlyMap<string, string>,
  outputs: ReadonlySet<string>,
  aliases: readonly string[],
): UnresolvedRequire[];
export function undeclaredPackages(packages: readonly string[], packageJson: { dependencies?: Record<string, string> }): string[];
