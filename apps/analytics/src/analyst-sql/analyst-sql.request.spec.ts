import { DEFAULT_ANALYST_SQL_LIMITS } from './analyst-sql.limits';
import { parseAnalystSqlRequest, unescapeParam } from './analyst-sql.request';

const parse = (params: Record<string, string>, body?: string, headers: Record<string, string> = {}) =>
  parseAnalystSqlRequest({ url: new URLSearchParams(params), headers, body }, DEFAULT_ANALYST_SQL_LIMITS, 'default');

describe('parseAnalystSqlRequest', () => {
  it('joins the query parameter and the body with a newline, as ClickHouse does', () => {
    expect(parse({ query: 'SELECT 1 -- one' }, 'UNION ALL SELECT 2').sql).toBe('SELECT 1 -- one\nUNION ALL SELECT 2');
    expect(parse({}, 'SELECT 1').sql).toBe('SELECT 1');
  });

  it('reads params, format, query id and compression, ignoring transport-only parameters', () => {
    const request = parse({
      query: 'SELECT {a:UInt8}',
      param_a: '7',
      default_format: 'JSONEachRow',
      query_id: 'q-1',
      enable_http_compression: '1',
      wait_end_of_query: '1',
      session_id: 's',
    });
    expect(request).toEqual({
      sql: 'SELECT {a:UInt8}',
      defaultFormat: 'JSONEachRow',
      params: { a: '7' },
      settings: {},
      queryId: 'q-1',
      compressionRequested: true,
    });
    expect(parse({ query: 'SELECT 1' }, undefined, { 'x-clickhouse-format': 'CSV' }).defaultFormat).toBe('CSV');
  });

  it('takes stricter limits and output settings, and refuses everything else', () => {
    expect(parse({ max_execution_time: '5', max_result_rows: '10', result_overflow_mode: 'throw', readonly: '1' }).settings).toEqual({
      max_execution_time: 5,
      max_result_rows: 10,
      result_overflow_mode: 'throw',
      readonly: 1,
    });
    expect(parse({ output_format_json_quote_64bit_integers: '0', date_time_output_format: 'iso' }).settings).toEqual({
      output_format_json_quote_64bit_integers: '0',
      date_time_output_format: 'iso',
    });
    for (const [name, value] of [['max_rows_to_read', '1e30'], ['max_memory_usage', 'abc'], ['max_threads', '1'], ['output_format_schema', '/tmp/x']]) {
      expect(() => parse({ [name]: value })).toThrow(expect.objectContaining({ code: 164, type: 'READONLY' }));
    }
  });

  it('refuses another database and a malformed format name', () => {
    expect(() => parse({ database: 'system' })).toThrow(expect.objectContaining({ code: 497 }));
    expect(() => parse({}, undefined, { 'x-clickhouse-database': 'other' })).toThrow(expect.objectContaining({ code: 497 }));
    expect(() => parse({ default_format: 'JSON SETTINGS readonly=0' })).toThrow(expect.objectContaining({ code: 36 }));
  });
});

describe('unescapeParam', () => {
  it.each([
    ['plain', 'plain'],
    ["it\\'s a\\ttab\\\\", "it's a\ttab\\"],
    ['\\N', null],
    ["['chat','it\\'s']", "['chat','it''s']"],
    ["['back\\\\']", "['back\\\\']"],
    ['{1:2}', '{1:2}'],
  ])('reads %j as %j', (raw, value) => expect(unescapeParam(raw)).toEqual(value));
});
