import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { type AnalystSqlFixture, openAnalystSqlFixture } from './testing/analyst-sql.fixture';

// The official client, unchanged, pointed at the endpoint as it would be at a ClickHouse server.
describe('@clickhouse/client against the analyst SQL endpoint (chDB)', () => {
  let fixture: AnalystSqlFixture;
  let url: string;
  let token: string;
  const clients: ClickHouseClient[] = [];
  const client = (config: Parameters<typeof createClient>[0] = {}) => {
    // The client would log every refusal this spec provokes on purpose.
    const created = createClient({ url, username: 'analyst', password: token, log: { level: ClickHouseLogLevel.OFF }, ...config });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    fixture = await openAnalystSqlFixture();
    url = (await fixture.serve({ maxRowsToRead: 10_000_000 })).url;
    token = await fixture.token('analyst');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await fixture?.close();
  });

  it('pings, both through /ping and with a SELECT', async () => {
    expect(await client().ping()).toEqual({ success: true });
    expect(await client().ping({ select: true })).toMatchObject({ success: true });
  });

  it('answers a SELECT with a bound parameter', async () => {
    const result = await client().query({
      query: 'SELECT channel, count() AS n, max(score) AS best FROM demo_facts WHERE channel = {channel:String} GROUP BY channel',
      query_params: { channel: 'chat' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ channel: 'chat', n: '2', best: 10 }]);
    expect(result.query_id).toEqual(expect.any(String));
  });

  it('binds arrays and strings with quotes as the client formats them', async () => {
    const result = await client().query({
      query: 'SELECT count() AS n, {note:String} AS note FROM demo_facts WHERE channel IN {channels:Array(String)}',
      query_params: { channels: ['chat', "it's"], note: "it's a\ttab" },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ n: '2', note: "it's a\ttab" }]);
  });

  it('reads JSON with metadata and streams rows', async () => {
    const json = await client().query({ query: 'SELECT id FROM demo_facts ORDER BY id', format: 'JSON' });
    expect(await json.json()).toMatchObject({ data: [{ id: '1' }, { id: '2' }, { id: '3' }], rows: 3 });
    const rows = await client().query({ query: 'SELECT id FROM demo_facts ORDER BY id', format: 'JSONCompactEachRow' });
    const seen: unknown[] = [];
    for await (const batch of rows.stream()) for (const row of batch) seen.push(row.json());
    expect(seen).toEqual([['1'], ['2'], ['3']]);
  });

  it('works with gzip response compression and with JWT (bearer) auth', async () => {
    const gzip = client({ compression: { response: true } });
    expect(await (await gzip.query({ query: 'SELECT count() AS n FROM demo_facts', format: 'JSONEachRow' })).json()).toEqual([{ n: '3' }]);
    const bearer = createClient({ url, access_token: token, log: { level: ClickHouseLogLevel.OFF } });
    clients.push(bearer);
    expect(await (await bearer.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' })).json()).toEqual([{ one: 1 }]);
  });

  it('surfaces refusals as ClickHouseError with code and type', async () => {
    await expect(client().command({ query: 'DROP TABLE demo_facts' })).rejects.toMatchObject({ code: '164', type: 'READONLY' });
    await expect(client().insert({ table: 'demo_facts', values: [{ id: 9, channel: 'sms', score: 1 }], format: 'JSONEachRow' })).rejects.toMatchObject({
      code: '164',
      type: 'READONLY',
    });
    await expect(client({ clickhouse_settings: { max_execution_time: 100000 } }).query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '164' });
    await expect(client().query({ query: 'SELECT sum(number) FROM numbers(10000000000)' })).rejects.toMatchObject({ code: '158', type: 'TOO_MANY_ROWS' });
    const count = await client().query({ query: 'SELECT count() AS n FROM demo_facts', format: 'JSONEachRow' });
    expect(await count.json()).toEqual([{ n: '3' }]);
  });

  it('surfaces a wrong password and a missing role as authentication errors', async () => {
    await expect(client({ password: 'wrong' }).query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' });
    const agent = client({ password: await fixture.token('agent') });
    await expect(agent.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '497', type: 'ACCESS_DENIED' });
  });
});
