import type { ClickHouseClient } from '@clickhouse/client';
import { AnalyticsStoreError, toAnalyticsStoreError } from './analytics-store.errors';
import { ClickHouseAnalyticsStore, createAnalyticsStore } from './clickhouse-analytics-store.adapter';
import { assertTableName, encodeQueryParams, stringifyRow } from './clickhouse-encoding';

describe('encodeQueryParams', () => {
  it('sends dates as Unix seconds with milliseconds, as @clickhouse/client does for a server', () => {
    expect(
      encodeQueryParams({
        at: new Date('2024-03-01T10:20:30.456Z'),
        whole: new Date('2024-03-01T10:20:30.000Z'),
        early: new Date('2024-03-01T10:20:30.007Z'),
        list: [new Date('1970-01-01T00:00:01.500Z')],
      }),
    ).toEqual({ at: '1709288430.456', whole: '1709288430', early: '1709288430.007', list: ['1.500'] });
  });

  it('passes other values through untouched', () => {
    const params = { s: "it's", n: 1.5, b: 18446744073709551615n, t: true, nil: null, m: { a: 1 } };
    expect(encodeQueryParams(params)).toEqual(params);
    expect(encodeQueryParams(undefined)).toBeUndefined();
  });

  it('refuses an invalid date instead of binding NaN', () => {
    expect(() => encodeQueryParams({ at: new Date('nope') })).toThrow(AnalyticsStoreError);
  });
});

describe('stringifyRow', () => {
  it('writes bigint exactly, as a decimal string', () => {
    expect(stringifyRow({ id: 18446744073709551615n, n: 1, at: new Date('2024-03-01T10:20:30.456Z') })).toBe(
      '{"id":"18446744073709551615","n":1,"at":"2024-03-01T10:20:30.456Z"}',
    );
  });
});

describe('assertTableName', () => {
  it.each(['facts', 'analytics.facts', '_t1'])('accepts %s', (name) => expect(() => assertTableName(name)).not.toThrow());
  it.each(['', 'facts; DROP TABLE x', 'a.b.c', '1facts', 'fa cts', '`facts`'])('refuses %j', (name) => {
    expect(() => assertTableName(name)).toThrow(expect.objectContaining({ code: 'ANALYTICS_STORE.INVALID_TABLE_NAME' }));
  });
});

describe('toAnalyticsStoreError', () => {
  it('keeps the engine code and names the kind after its type', () => {
    const vendor = Object.assign(new Error('Unknown table expression identifier'), { code: '60', type: 'UNKNOWN_TABLE' });
    const error = toAnalyticsStoreError(vendor, 'query');
    expect(error).toMatchObject({ code: 'ANALYTICS_STORE.UNKNOWN_TABLE', clickhouseCode: 60, cause: vendor });
    expect(error.message).toBe('query: Unknown table expression identifier');
  });

  it('calls an unreachable server a connection error and anything else a client error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    expect(toAnalyticsStoreError(refused, 'ping')).toMatchObject({ code: 'ANALYTICS_STORE.CONNECTION', clickhouseCode: undefined });
    expect(toAnalyticsStoreError(new Error('ChdbConnection is closed'), 'query')).toMatchObject({ code: 'ANALYTICS_STORE.CLIENT' });
    expect(toAnalyticsStoreError('boom', 'query').message).toBe('query: boom');
  });
});

describe('ClickHouseAnalyticsStore (over a fake client)', () => {
  const fakeClient = () => {
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    const record = (method: string) => async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return { json: async () => [{ n: '1' }] };
    };
    const client = { insert: record('insert'), command: record('command'), query: record('query'), close: async () => undefined };
    return { calls, store: new ClickHouseAnalyticsStore(client as unknown as ClickHouseClient) };
  };

  it('inserts JSONEachRow with the token as the deduplication setting', async () => {
    const { calls, store } = fakeClient();
    await store.insert('facts', [{ id: 1 }], { deduplicationToken: 'tok' });
    expect(calls).toEqual([
      { method: 'insert', params: { table: 'facts', values: [{ id: 1 }], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok', deduplicate_blocks_in_dependent_materialized_views: 1 } } },
    ]);
  });

  it('skips an empty insert and refuses one without a token', async () => {
    const { calls, store } = fakeClient();
    await store.insert('facts', [], { deduplicationToken: 'tok' });
    await expect(store.insert('facts', [{ id: 1 }], { deduplicationToken: '' })).rejects.toMatchObject({ code: 'ANALYTICS_STORE.MISSING_TOKEN' });
    expect(calls).toEqual([]);
  });

  it('clears any insert token on commands and encodes their parameters', async () => {
    const { calls, store } = fakeClient();
    await store.command('INSERT INTO t SELECT {at:DateTime64(3)}', { at: new Date(1500) });
    expect(calls[0].params).toMatchObject({ query_params: { at: '1.500' }, clickhouse_settings: { insert_deduplication_token: '' } });
  });

  it('refuses to work after close', async () => {
    const { store } = fakeClient();
    await store.close();
    await expect(store.command('SELECT 1')).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CLOSED' });
  });
});

describe('createAnalyticsStore', () => {
  it('needs either a server url or a chDB data directory', async () => {
    await expect(createAnalyticsStore({})).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CONFIG' });
  });
});
