import { Client } from 'pg';

/** The server tests run against: `DATABASE_URL` (CI sets it), else the machine's local PostgreSQL. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server for one test file; `drop()` removes it. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `csp_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * How many events of a stream category the PostgreSQL event store holds, counted in its table. Tests assert
 * "stored once" / "nothing stored" with it instead of a log read: a log reader waits for every older transaction
 * that appends to the same log to end (the read horizon), so a read right after an append may not see it yet.
 */
export async function countStoredEvents(url: string, category: string, schema = 'eventstore'): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".events WHERE category = $1`, [category]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}
