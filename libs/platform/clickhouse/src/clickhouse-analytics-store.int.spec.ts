import { createTestChdbDir, type TestChdbDir } from '@csp/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createAnalyticsStore, type ClickHouseAnalyticsStore } from './clickhouse-analytics-store.adapter';
import { describeAnalyticsStoreBehaviour } from './testing/analytics-store.behaviour';

describeAnalyticsStoreBehaviour('chDB (embedded)', async () => {
  const data = createTestChdbDir();
  const store = await createAnalyticsStore({ dataDir: data.dir });
  return { store, cleanup: async () => (await store.close(), data.cleanup()) };
});

// The server path is the same adapter with `url` set; it runs wherever a ClickHouse server is reachable.
const serverUrl = process.env.CLICKHOUSE_URL;
if (serverUrl) {
  describeAnalyticsStoreBehaviour(`ClickHouse server ${serverUrl}`, async () => {
    const database = `csp_test_${randomBytes(4).toString('hex')}`;
    const admin = await createAnalyticsStore({ url: serverUrl });
    await admin.command(`CREATE DATABASE ${database}`);
    const store = await createAnalyticsStore({ url: serverUrl, database });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await admin.command(`DROP DATABASE IF EXISTS ${database}`);
        await admin.close();
      },
    };
  });
} else {
  console.warn(
    '\n*** SKIPPED: AnalyticsStore behaviour against a ClickHouse server (CLICKHOUSE_URL is not set; no server can run on this machine). ***\n',
  );
}

describe('ClickHouseAnalyticsStore with a server url', () => {
  it('reports a server it cannot reach as unavailable', async () => {
    const store = await createAnalyticsStore({ url: 'http://127.0.0.1:1' });
    try {
      expect(await store.ping()).toBe(false);
      await expect(store.query('SELECT 1')).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CONNECTION' });
    } finally {
      await store.close();
    }
  });
});

describe('a chDB directory owned by another process', () => {
  it('is refused with a connection error naming the directory', async () => {
    const data = createTestChdbDir();
    // Another process holds the directory until its stdin closes.
    const holder = spawn(
      process.execPath,
      ['-e', `require('chdb/connection').createChdbConnection({ path: process.argv[1] }); console.log('ready'); process.stdin.resume();`, data.dir],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const [ready] = await once(holder.stdout, 'data');
      expect(String(ready)).toContain('ready');
      const error = await createAnalyticsStore({ dataDir: data.dir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ANALYTICS_STORE.CONNECTION', message: expect.stringContaining(`cannot open chDB at ${data.dir}`) });
    } finally {
      holder.stdin.end();
      await once(holder, 'exit');
      data.cleanup();
    }
  });
});

describe('ClickHouseAnalyticsStore on chDB', () => {
  let data: TestChdbDir;
  let store: ClickHouseAnalyticsStore;

  beforeAll(async () => {
    data = createTestChdbDir();
    store = await createAnalyticsStore({ dataDir: data.dir });
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('refuses a second data directory while one is open in this process', async () => {
    const other = createTestChdbDir();
    try {
      await expect(createAnalyticsStore({ dataDir: other.dir })).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CONNECTION' });
    } finally {
      other.cleanup();
    }
  });

  it('keeps the data in its directory across close and reopen', async () => {
    await store.command(`CREATE TABLE kept (id UInt64) ENGINE = MergeTree ORDER BY id`);
    await store.insert('kept', [{ id: 1 }, { id: 2 }], { deduplicationToken: 'kept-1' });
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.query('SELECT 1')).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CLOSED' });

    store = await createAnalyticsStore({ dataDir: data.dir });
    expect(await store.query(`SELECT count() AS n FROM kept`)).toEqual([{ n: '2' }]);
  });

  it('lets the process move to another data directory once the store is closed', async () => {
    await store.close();
    const other = createTestChdbDir();
    const next = await createAnalyticsStore({ dataDir: other.dir });
    expect(await next.query(`SELECT count() AS n FROM system.tables WHERE name = 'kept'`)).toEqual([{ n: '0' }]);
    await next.close();
    other.cleanup();
    store = await createAnalyticsStore({ dataDir: data.dir });
    expect(await store.ping()).toBe(true);
  });
});
