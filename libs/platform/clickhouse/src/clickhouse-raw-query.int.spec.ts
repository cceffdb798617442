import { createTestChdbDir, type TestChdbDir } from '@csp/testing';
import { createAnalyticsStore, type ClickHouseAnalyticsStore } from './clickhouse-analytics-store.adapter';

describe('ClickHouseAnalyticsStore.queryRaw on chDB', () => {
  let data: TestChdbDir;
  let store: ClickHouseAnalyticsStore;
  const text = async (sql: string, options?: Parameters<ClickHouseAnalyticsStore['queryRaw']>[1]) =>
    (await store.queryRaw(sql, options)).body.toString('utf8');

  beforeAll(async () => {
    data = createTestChdbDir();
    store = await createAnalyticsStore({ dataDir: data.dir });
    await store.command(`CREATE TABLE raw_facts (id UInt64, channel String) ENGINE = MergeTree ORDER BY id`);
    await store.insert('raw_facts', [{ id: 1, channel: 'email' }, { id: 2, channel: 'chat' }], { deduplicationToken: 'raw-1' });
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('answers in TabSeparated by default, like a ClickHouse server over HTTP', async () => {
    expect(await text('SELECT id, channel FROM raw_facts ORDER BY id')).toBe('1\temail\n2\tchat\n');
  });

  it('uses the requested format unless the statement names its own', async () => {
    expect(await text('SELECT id FROM raw_facts ORDER BY id', { format: 'JSONEachRow' })).toBe('{"id":"1"}\n{"id":"2"}\n');
    expect(await text('SELECT id FROM raw_facts ORDER BY id FORMAT CSV', { format: 'JSONEachRow' })).toBe('1\n2\n');
  });

  it('binds parameters and reports what it read', async () => {
    const result = await store.queryRaw('SELECT count() FROM raw_facts WHERE channel = {channel:String}', { params: { channel: 'chat' } });
    expect(result.body.toString()).toBe('1\n');
    expect(Number(result.summary?.read_rows)).toBeGreaterThan(0);
  });

  it('applies the settings to the statement, after a trailing comment or semicolon', async () => {
    const settings = { max_result_rows: 1, result_overflow_mode: 'throw' };
    await expect(store.queryRaw('SELECT id FROM raw_facts -- all of them', { settings })).rejects.toMatchObject({
      code: 'ANALYTICS_STORE.TOO_MANY_ROWS_OR_BYTES',
      clickhouseCode: 396,
    });
    await expect(store.queryRaw('SELECT id FROM raw_facts;;', { settings })).rejects.toMatchObject({ clickhouseCode: 396 });
    expect(await text("SELECT getSetting('date_time_output_format')", { settings: { date_time_output_format: 'iso' } })).toBe('iso\n');
  });

  it('keeps a read-only setting to its statement: the store still writes afterwards', async () => {
    await expect(store.queryRaw('INSERT INTO raw_facts SELECT 3, \'sms\'', { settings: { readonly: 1 } })).rejects.toMatchObject({
      code: 'ANALYTICS_STORE.READONLY',
    });
    expect(await text("SELECT getSetting('readonly')", { settings: {} })).toBe('0\n');
    await store.insert('raw_facts', [{ id: 3, channel: 'sms' }], { deduplicationToken: 'raw-2' });
    expect(await text('SELECT count() FROM raw_facts')).toBe('3\n');
  });

  it('quotes string values so they cannot end the clause', async () => {
    const hostile = "x\\', readonly = 0 --";
    const settings = { log_comment: hostile, readonly: 1 };
    const row = await text("SELECT getSetting('log_comment'), getSetting('readonly') FORMAT JSONCompactEachRow", { settings });
    expect(JSON.parse(row)).toEqual([hostile, 1]);
    await expect(store.queryRaw('SELECT 1', { settings: { 'readonly = 0, x': 1 } })).rejects.toMatchObject({
      code: 'ANALYTICS_STORE.INVALID_SETTING',
    });
  });
});

describe('ClickHouseAnalyticsStore.queryRaw beside the store’s own statements', () => {
  it('runs on a chDB session of its own, so a long statement does not hold up query()', async () => {
    const data = createTestChdbDir();
    const store = await createAnalyticsStore({ dataDir: data.dir });
    try {
      const slow = store
        .queryRaw('SELECT count() FROM numbers(100000) AS a, numbers(100000) AS b WHERE a.number + b.number = 7', {
          settings: { max_execution_time: 2 },
        })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await slow).toMatchObject({ code: 'ANALYTICS_STORE.TIMEOUT_EXCEEDED' });
    } finally {
      await store.close();
      data.cleanup();
    }
  });
});

describe('ClickHouseAnalyticsStore.queryRaw after a statement that failed half-way', () => {
  it('answers the next statement with its own output only', async () => {
    const data = createTestChdbDir();
    const store = await createAnalyticsStore({ dataDir: data.dir });
    try {
      const failing = 'SELECT throwIf(number = 5) AS t FROM numbers(10)';
      await expect(store.queryRaw(failing, { format: 'JSONEachRow', settings: { max_block_size: 1 } })).rejects.toMatchObject({
        clickhouseCode: 395,
      });
      expect((await store.queryRaw('SELECT 5 AS z', { format: 'JSONEachRow' })).body.toString()).toBe('{"z":5}\n');
    } finally {
      await store.close();
      data.cleanup();
    }
  });
});
