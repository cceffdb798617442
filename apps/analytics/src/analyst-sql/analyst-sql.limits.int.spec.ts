import { DEFAULT_ANALYST_SQL_LIMITS, limitSettings } from './analyst-sql.limits';
import { type AnalystSqlFixture, basicAuth, openAnalystSqlFixture } from './testing/analyst-sql.fixture';

// Each limit below was checked against chDB 3.4 (ClickHouse 26.7): the engine stops the query itself.
describe('analyst SQL limits, enforced by chDB', () => {
  let fixture: AnalystSqlFixture;
  let url: string;
  let auth: string;
  const run = async (query: string, extra: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await fetch(`${url}/?${new URLSearchParams({ query, ...extra })}`, { headers: { authorization: auth } });
    const body = await response.text();
    return { status: response.status, code: response.headers.get('x-clickhouse-exception-code'), body, ms: performance.now() - started };
  };

  beforeAll(async () => {
    fixture = await openAnalystSqlFixture();
    const limits = { maxExecutionSeconds: 1, maxRowsToRead: 50_000_000, maxResultRows: 1000, maxResultBytes: 100_000, maxMemoryBytes: 100 * 1024 ** 2 };
    url = (await fixture.serve(limits)).url;
    auth = basicAuth('analyst', await fixture.token('analyst'));
  });
  afterAll(async () => fixture?.close());

  it('refuses a scan beyond max_rows_to_read before it runs', async () => {
    const result = await run('SELECT sum(number) FROM numbers(10000000000)');
    expect(result).toMatchObject({ status: 500, code: '158', body: expect.stringContaining('(TOO_MANY_ROWS)') });
    expect(result.ms).toBeLessThan(2000);
  });

  it('stops a query that reads little but works long at max_execution_time, not hanging', async () => {
    const result = await run('SELECT count() FROM numbers(100000) AS a, numbers(100000) AS b WHERE a.number + b.number = 7');
    expect(result).toMatchObject({ status: 408, code: '159', body: expect.stringContaining('(TIMEOUT_EXCEEDED)') });
    expect(result.ms).toBeLessThan(5000);
  });

  it('throws at max_result_rows and max_result_bytes instead of cutting the result short', async () => {
    expect(await run('SELECT number FROM numbers(100000)')).toMatchObject({ code: '396', body: expect.stringContaining('max rows: 1.00 thousand') });
    expect(await run('SELECT repeat(toString(number % 10), 1000) FROM numbers(900)')).toMatchObject({ code: '396', body: expect.stringContaining('max bytes') });
  });

  it('caps the formatted answer where the engine misses its result limits (FROM-less arrayJoin)', async () => {
    const result = await run('SELECT arrayJoin(range(100000))');
    expect(result).toMatchObject({ status: 500, code: '396', body: expect.stringContaining('max bytes: 100000, formatted: 588890') });
  });

  it('stops a query at max_memory_usage, which protects the service chDB runs in', async () => {
    // A server of its own, so that the time limit cannot stop the query first on a busy machine.
    const roomy = (await fixture.serve({ maxMemoryBytes: 100 * 1024 ** 2, maxExecutionSeconds: 60 })).url;
    const query = 'SELECT length(groupArray(toString(number))) FROM numbers(30000000)';
    const response = await fetch(`${roomy}/?${new URLSearchParams({ query })}`, { headers: { authorization: auth } });
    const result = { code: response.headers.get('x-clickhouse-exception-code'), body: await response.text() };
    expect(result).toMatchObject({ code: '241', body: expect.stringContaining('(MEMORY_LIMIT_EXCEEDED)') });
  });

  it('answers what fits inside every limit', async () => {
    expect(await run('SELECT count() FROM numbers(1000000)')).toMatchObject({ status: 200, body: '1000000\n' });
  });

  it('refuses a query beyond the concurrency limit while another runs', async () => {
    const narrow = (await fixture.serve({ maxExecutionSeconds: 1, maxConcurrentQueries: 2 })).url;
    const slowQuery = 'SELECT count() FROM numbers(100000) AS a, numbers(100000) AS b WHERE a.number + b.number = 7';
    const ask = (query: string) => fetch(`${narrow}/?${new URLSearchParams({ query })}`, { headers: { authorization: auth } });
    const slow = Array.from({ length: 2 }, () => ask(slowQuery));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await ask('SELECT 1');
    expect(refused.headers.get('x-clickhouse-exception-code')).toBe('202');
    expect(await refused.text()).toContain('(TOO_MANY_SIMULTANEOUS_QUERIES)');
    for (const response of await Promise.all(slow)) expect(response.headers.get('x-clickhouse-exception-code')).toBe('159');
  });
});

describe("the engine's own read-only guard, without the statement classifier", () => {
  let fixture: AnalystSqlFixture;
  const settings = limitSettings(DEFAULT_ANALYST_SQL_LIMITS);

  beforeAll(async () => {
    fixture = await openAnalystSqlFixture();
  });
  afterAll(async () => fixture?.close());

  it.each([
    "INSERT INTO demo_facts SELECT 9, 'sms', 1",
    'ALTER TABLE demo_facts DELETE WHERE 1',
    'DROP TABLE demo_facts',
    'CREATE TABLE evil (x UInt8) ENGINE = Memory',
    "SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')",
  ])('refuses %j with READONLY', async (sql) => {
    await expect(fixture.store.queryRaw(sql, { settings })).rejects.toMatchObject({ code: 'ANALYTICS_STORE.READONLY', clickhouseCode: 164 });
    expect(await fixture.store.query(`SELECT count() AS n FROM demo_facts`)).toEqual([{ n: '3' }]);
  });
});
