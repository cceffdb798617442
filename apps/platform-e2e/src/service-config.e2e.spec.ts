import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('a service with invalid configuration', () => {
  it('refuses to start and names every wrong variable', () => {
    const result = spawnSync(process.execPath, ['-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'apps', 'ticketing', 'src', 'main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'abc', DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ticketing: invalid configuration');
    for (const variable of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'AUTH_JWT_SECRET']) expect(result.stderr).toContain(variable);
  }, 60_000);
});
