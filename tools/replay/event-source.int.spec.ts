import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningEmbeddedPostgres } from './event-source';

describe('the replay finds the embedded PostgreSQL of a running npm start (real PostgreSQL stands in for it)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase('replay_source');
    port = Number(new URL(db.url).port || 5432);
    dataDir = mkdtempSync(join(tmpdir(), 'replay-source-'));
    mkdirSync(join(dataDir, 'postgres'));
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('uses it when its lock file exists and it answers on the port, and starts its own otherwise', async () => {
    expect(await runningEmbeddedPostgres(dataDir, port, db.name)).toBeUndefined(); // stopped: no postmaster.pid
    writeFileSync(join(dataDir, 'postgres', 'postmaster.pid'), '12345\n');
    expect(await runningEmbeddedPostgres(dataDir, port, db.name)).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/${db.name}`);
    // A stale lock file of a crashed server: nobody answers there.
    expect(await runningEmbeddedPostgres(dataDir, 1, db.name)).toBeUndefined();
  });
});
