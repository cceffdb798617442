import { createTestChdbDir } from '@csp/testing';
import { createAnalyticsStore } from './clickhouse-analytics-store.adapter';

// chDB hands out what a failed statement had already written at the start of the session's next answer; the
// store must take it away before anyone else's statement runs (clickhouse-analytics-store.adapter.ts).
describe('a statement that fails half-way on chDB', () => {
  it("leaves nothing behind for the next caller's query, even one already waiting", async () => {
    const data = createTestChdbDir();
    const store = await createAnalyticsStore({ dataDir: data.dir });
    try {
      const failing = store.query('SELECT throwIf(number = 5) AS t FROM numbers(10) SETTINGS max_block_size = 1');
      const waiting = store.query<{ z: number }>('SELECT 5 AS z');
      await expect(failing).rejects.toMatchObject({ name: 'AnalyticsStoreError' });
      expect(await waiting).toEqual([{ z: 5 }]);
      expect(await store.query<{ z: number }>('SELECT 6 AS z')).toEqual([{ z: 6 }]);
    } finally {
      await store.close();
      data.cleanup();
    }
  });
});
