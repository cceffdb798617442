import { type ClickHouseAnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import { issueToken, type Role, TEST_JWT_SECRET, verifyToken } from '@csp/platform-nest';
import { createTestChdbDir } from '@csp/testing';
import type { AnalystSqlLimits } from '../analyst-sql.limits';
import { type AnalystSqlServer, startAnalystSqlServer } from '../analyst-sql.server';

const ISSUER = 'csp';

export interface AnalystSqlFixture {
  store: ClickHouseAnalyticsStore;
  /** Starts one more endpoint on the same store (any number may share it), closed with the fixture. */
  serve(limits?: Partial<AnalystSqlLimits>): Promise<AnalystSqlServer>;
  token(...roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

/** A chDB store in a fresh directory holding a small `demo_facts` table, and endpoints over it. */
export async function openAnalystSqlFixture(): Promise<AnalystSqlFixture> {
  const data = createTestChdbDir();
  const store = await createAnalyticsStore({ dataDir: data.dir });
  await store.command(`CREATE TABLE demo_facts (id UInt64, channel String, score UInt8) ENGINE = MergeTree ORDER BY id`);
  const rows = [
    { id: 1, channel: 'email', score: 9 },
    { id: 2, channel: 'chat', score: 7 },
    { id: 3, channel: 'chat', score: 10 },
  ];
  await store.insert('demo_facts', rows, { deduplicationToken: 'demo-1' });
  const servers: AnalystSqlServer[] = [];
  return {
    store,
    serve: async (limits) => {
      const server = await startAnalystSqlServer({
        store,
        port: 0,
        limits,
        verifyToken: (token) => verifyToken(TEST_JWT_SECRET, ISSUER, token),
      });
      servers.push(server);
      return server;
    },
    token: (...roles) => issueToken(TEST_JWT_SECRET, { subject: `test-${roles.join('-') || 'nobody'}`, roles, issuer: ISSUER, expiresIn: 600 }),
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
      await store.close();
      data.cleanup();
    },
  };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
