// tools/build-app.js end to end, on a small fixture workspace (its own Nx projects and path aliases, the
// real swc.config.js and node_modules): what it builds, what it leaves out, and that the output runs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceRoot } from './deploy-files';

jest.setTimeout(60_000);

const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'fixture',
    private: true,
    dependencies: { 'reflect-metadata': '*' },
    // @nx/js listed: Nx analyses TypeScript imports only in workspaces that have it (as ours does).
    devDependencies: { 'fast-check': '*', '@nx/js': '*' },
  }),
  'nx.json': '{}',
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: {
      baseUrl: '.',
      paths: {
        '@fx/shared': ['libs/shared/src/index.ts'],
        '@fx/helpers': ['libs/helpers/src/index.ts'],
        '@fx/test-kit': ['libs/test-kit/src/index.ts'],
      },
    },
  }),
  'apps/demo/project.json': project('demo', 'apps/demo', 'application', ['type:app']),
  'apps/demo/src/main.ts': [
    "import 'reflect-metadata';",
    "import { GreetingService } from './greeting.service';",
    'const types = Reflect.getMetadata("design:paramtypes", GreetingService) as { name: string }[];',
    'console.log(JSON.stringify({ greeting: new GreetingService().greet(), injected: types.map((t) => t.name) }));',
  ].join('\n'),
  'apps/demo/src/greeting.service.ts': [
    "import { Repo, migrationsDir } from '@fx/shared';",
    "import { existsSync } from 'node:fs';",
    'const Injectable = (): ClassDecorator => () => undefined;',
    '@Injectable()',
    'export class GreetingService {',
    '  constructor(readonly repo: Repo = new Repo()) {}',
    "  greet(): string { return `${this.repo.word()} ${existsSync(migrationsDir) ? 'with' : 'without'} sql`; }",
    '}',
  ].join('\n'),
  'apps/demo/src/greeting.service.spec.ts': "import { fake } from '@fx/test-kit';\ntest('x', () => fake);\n",
  'apps/demo/src/testing/fake-repo.ts': "export { fake } from '@fx/test-kit';\n",
  'libs/shared/project.json': project('shared', 'libs/shared', 'library', ['type:platform']),
  'libs/shared/src/index.ts': [
    "import { join } from 'node:path';",
    "import { hello } from '@fx/helpers';",
    'export class Repo { word(): string { return hello; } }',
    "export const migrationsDir = join(__dirname, 'migrations');",
  ].join('\n'),
  'libs/shared/src/migrations/001-init.sql': 'CREATE TABLE greeting (word text);\n',
  'libs/helpers/project.json': project('helpers', 'libs/helpers', 'library', ['type:platform']),
  'libs/helpers/src/index.ts': "export const hello = 'hello';\n",
  'libs/test-kit/project.json': project('test-kit', 'libs/test-kit', 'library', ['type:testing']),
  'libs/test-kit/src/index.ts': "export const fake = 'fake';\n",
  'apps/empty/project.json': project('empty', 'apps/empty', 'application', ['type:app']),
  'apps/empty/src/app.ts': 'export const nothing = 0;\n',
};

function project(name: string, root: string, projectType: string, tags: string[]): string {
  return JSON.stringify({ name, root, sourceRoot: `${root}/src`, projectType, tags });
}

let fixture: string;

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'csp-build-app-'));
  for (const [file, content] of Object.entries(FIXTURE)) write(file, content);
  for (const file of ['tools/build-app.js', 'tools/build-app-lib.js', 'swc.config.js']) {
    cpSync(join(workspaceRoot, file), join(fixture, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(fixture, 'node_modules'), 'dir');
});

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

function write(file: string, content: string): void {
  mkdirSync(dirname(join(fixture, file)), { recursive: true });
  writeFileSync(join(fixture, file), content);
}

/** Runs a command in the fixture, without the NX_* variables of an `nx test` parent (its workspace root). */
function run(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_')));
  const result = spawnSync(process.execPath, args, { cwd: fixture, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('node tools/build-app.js', () => {
  it('--help explains the build and exits 0', () => {
    const { status, stdout } = run(['tools/build-app.js', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: node tools/build-app.js <app>');
    expect(stdout).toContain('dist/apps/<app>/apps/<app>/src/main.js');
  });

  it('without an app prints the usage and exits 2', () => {
    const { status, stderr } = run(['tools/build-app.js']);
    expect(status).toBe(2);
    expect(stderr).toContain('Usage:');
  });

  it('builds the app and the libraries its production code imports, and the output runs', () => {
    const { status, stdout, stderr } = run(['tools/build-app.js', 'demo']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toContain('entry:    dist/apps/demo/apps/demo/src/main.js');

    const manifest = JSON.parse(readFileSync(join(fixture, 'dist/apps/demo/build-manifest.json'), 'utf8'));
    expect(manifest).toEqual({
      app: 'demo',
      entry: 'dist/apps/demo/apps/demo/src/main.js',
      projects: ['demo', 'helpers', 'shared'], // not test-kit: only specs and testing/ import it
      packages: ['reflect-metadata'],
    });
    const out = (file: string) => existsSync(join(fixture, 'dist/apps/demo', file));
    expect(out('libs/shared/src/migrations/001-init.sql')).toBe(true);
    expect(out('apps/demo/src/greeting.service.js.map')).toBe(true);
    expect(out('apps/demo/src/greeting.service.spec.js')).toBe(false);
    expect(out('apps/demo/src/testing/fake-repo.js')).toBe(false);
    expect(out('libs/test-kit')).toBe(false);

    const started = run(['dist/apps/demo/apps/demo/src/main.js']);
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toEqual({ greeting: 'hello with sql', injected: ['Repo'] });
  });

  it('fails when production code requires a package the image would not install', () => {
    write('apps/demo/src/property.ts', "import fc from 'fast-check';\nexport const arbitrary = fc.nat();\n");
    try {
      const { status, stderr } = run(['tools/build-app.js', 'demo']);
      expect(status).toBe(1);
      expect(stderr).toContain('missing from package.json "dependencies"');
      expect(stderr).toContain('fast-check');
    } finally {
      rmSync(join(fixture, 'apps/demo/src/property.ts'));
    }
  });

  it('fails on an app without src/main.ts and on a name that is not an app', () => {
    expect(run(['tools/build-app.js', 'empty']).stderr).toContain('entry apps/empty/src/main.ts is missing');
    const notAnApp = run(['tools/build-app.js', 'shared']);
    expect(notAnApp.status).toBe(1);
    expect(notAnApp.stderr).toContain('"shared" is not an app under apps/ (apps: demo, empty)');
  });
});
