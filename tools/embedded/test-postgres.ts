import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * A PostgreSQL for the test suite on a machine without one (used by jest.global-setup.js when DATABASE_URL is
 * unset and nothing answers on 127.0.0.1:5432): prints `ready <url>`, stops when its stdin closes or on SIGTERM.
 */
async function main(): Promise<void> {
  const dir = join(__dirname, '..', '..', '.data', 'test');
  mkdirSync(dir, { recursive: true });
  const pg = await startEmbeddedPostgres(dir, Number(process.env.TEST_PG_PORT ?? 54329), (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`ready ${pg.url}\n`);
  const stop = () => void pg.stop().finally(() => process.exit(0));
  process.stdin.on('end', stop).resume();
  process.on('SIGTERM', stop);
}

void main();
