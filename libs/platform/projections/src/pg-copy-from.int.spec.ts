import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Client } from 'pg';
import { copyFrom, copyTextRow } from './pg-copy-from';

describe('copyFrom against PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('bench_copy');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE t (id int, note text, doc jsonb)');
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('stores the exact values, JSON with escapes and control characters included', async () => {
    const doc = { text: 'line 1\nline 2\ttab "quoted" back\\slash', n: 1 };
    const rows = [copyTextRow([1, 'plain', JSON.stringify(doc)]), copyTextRow([2, null, '{}'])].join('');
    await expect(copyFrom(client, 'COPY t (id, note, doc) FROM STDIN', rows)).resolves.toBe(2);
    const { rows: stored } = await client.query('SELECT id, note, doc FROM t ORDER BY id');
    expect(stored).toEqual([
      { id: 1, note: 'plain', doc },
      { id: 2, note: null, doc: {} },
    ]);
  });

  it('rejects on a bad row and leaves the connection usable', async () => {
    await expect(copyFrom(client, 'COPY t (id) FROM STDIN', 'not-a-number\n')).rejects.toThrow(/invalid input syntax/);
    await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
