import { gzipSync } from 'node:zlib';
import { type AnalystSqlFixture, basicAuth, openAnalystSqlFixture } from './testing/analyst-sql.fixture';

describe('analyst SQL endpoint over HTTP (chDB)', () => {
  let fixture: AnalystSqlFixture;
  let url: string;
  let auth: string;

  const get = (query: string, extra: Record<string, string> = {}, headers: Record<string, string> = { authorization: auth }) =>
    fetch(`${url}/?${new URLSearchParams({ query, ...extra })}`, { headers });
  const post = (body: string, extra: Record<string, string> = {}) =>
    fetch(`${url}/?${new URLSearchParams(extra)}`, { method: 'POST', body, headers: { authorization: auth } });
  const expectClickHouseError = async (response: Response, status: number, code: number, type: string) => {
    const body = await response.text();
    expect({ status: response.status, header: response.headers.get('x-clickhouse-exception-code') }).toEqual({ status, header: String(code) });
    expect(body).toMatch(new RegExp(`^Code: ${code}\\. DB::Exception: .+\\. \\(${type}\\)\\n$`, 's'));
    return body;
  };
  const count = async () => (await (await get('SELECT count() FROM demo_facts')).text()).trim();

  beforeAll(async () => {
    fixture = await openAnalystSqlFixture();
    url = (await fixture.serve()).url;
    auth = basicAuth('analyst', await fixture.token('analyst'));
  });
  afterAll(async () => fixture?.close());

  it('answers GET /ping with Ok., without credentials, as ClickHouse does', async () => {
    const response = await fetch(`${url}/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Ok.\n');
  });

  it('answers a curl-style GET ?query= in TabSeparated', async () => {
    const response = await get('SELECT id, channel FROM demo_facts ORDER BY id');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(response.headers.get('x-clickhouse-format')).toBe('TabSeparated');
    expect(await response.text()).toBe('1\temail\n2\tchat\n3\tchat\n');
  });

  it('reads a curl --data-binary body, sent as form-urlencoded, as SQL', async () => {
    const response = await fetch(`${url}/`, {
      method: 'POST',
      body: "SELECT count() FROM demo_facts WHERE channel = 'chat' AND score > 5",
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'curl/7.88.1' },
    });
    expect(await response.text()).toBe('2\n');
  });

  it('joins the query parameter and the POST body, binds param_ values and honours default_format', async () => {
    const response = await post('WHERE channel = {channel:String} ORDER BY id', {
      query: 'SELECT id, score FROM demo_facts',
      param_channel: 'chat',
      default_format: 'JSONEachRow',
    });
    expect(await response.text()).toBe('{"id":"2","score":7}\n{"id":"3","score":10}\n');
    const injected = await post('SELECT count() FROM demo_facts WHERE channel = {channel:String}', { param_channel: "chat' OR '1'='1" });
    expect(await injected.text()).toBe('0\n');
  });

  it.each([
    ['JSONEachRow', 'application/x-ndjson; charset=UTF-8', '{"id":"1","channel":"email"}\n'],
    ['JSONCompactEachRow', 'application/x-ndjson; charset=UTF-8', '["1", "email"]\n'],
    ['TabSeparated', 'text/tab-separated-values; charset=UTF-8', '1\temail\n'],
    ['TabSeparatedWithNames', 'text/tab-separated-values; charset=UTF-8', 'id\tchannel\n1\temail\n'],
    ['CSV', 'text/csv; charset=UTF-8; header=absent', '1,"email"\n'],
    ['CSVWithNames', 'text/csv; charset=UTF-8; header=present', '"id","channel"\n1,"email"\n'],
  ])('honours FORMAT %s', async (format, contentType, expected) => {
    const response = await post(`SELECT id, channel FROM demo_facts WHERE id = 1 FORMAT ${format}`, { default_format: 'JSON' });
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(await response.text()).toBe(expected);
  });

  it('honours FORMAT JSON with its metadata', async () => {
    const response = await post('SELECT id, channel FROM demo_facts WHERE id = 1 FORMAT JSON');
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await response.json()).toMatchObject({ meta: [{ name: 'id', type: 'UInt64' }, { name: 'channel' }], data: [{ id: '1', channel: 'email' }], rows: 1 });
  });

  it.each([
    'INSERT INTO demo_facts VALUES (9, \'sms\', 1)',
    'ALTER TABLE demo_facts DELETE WHERE 1',
    'DROP TABLE demo_facts',
    'CREATE TABLE evil (x UInt8) ENGINE = Memory',
    'SET readonly = 0',
    'SELECT count() FROM demo_facts SETTINGS readonly = 0',
    'SELECT count() FROM demo_facts SETTINGS max_execution_time = 1000',
    'SELECT 1; DROP TABLE demo_facts',
    "SELECT * FROM file('/etc/hostname', 'LineAsString')",
    "SELECT 1 INTO OUTFILE '/tmp/analyst-sql-outfile.tsv'",
  ])('refuses %j with READONLY, and the data stays', async (sql) => {
    const body = await expectClickHouseError(await post(sql), 403, 164, 'READONLY');
    expect(body).toContain('test-analyst: Cannot execute query in readonly mode');
    expect(await count()).toBe('3');
  });

  it.each([
    ['readonly', '0'],
    ['readonly', '2'],
    ['max_execution_time', '1000'],
    ['max_execution_time', '0'],
    ['max_result_rows', '0'],
    ['result_overflow_mode', 'break'],
    ['allow_ddl', '1'],
    ['format_template_resultset', '/etc/passwd'],
  ])('refuses the URL setting %s=%s that would loosen the endpoint', async (name, value) => {
    const body = await expectClickHouseError(await get('SELECT 1', { [name]: value }), 403, 164, 'READONLY');
    expect(body).toContain(`Cannot modify '${name}' setting in readonly mode`);
  });

  it('takes a stricter limit and output settings from the URL', async () => {
    await expectClickHouseError(await get('SELECT number FROM numbers(100)', { max_result_rows: '10' }), 500, 396, 'TOO_MANY_ROWS_OR_BYTES');
    const response = await get('SELECT toUInt64(5) AS n FORMAT JSONEachRow', { output_format_json_quote_64bit_integers: '0' });
    expect(await response.text()).toBe('{"n":5}\n');
  });

  it('answers gzip when asked with enable_http_compression=1, and reads a gzip body', async () => {
    const response = await fetch(`${url}/?${new URLSearchParams({ enable_http_compression: '1' })}`, {
      method: 'POST',
      body: gzipSync('SELECT count() FROM demo_facts'),
      headers: { authorization: auth, 'content-encoding': 'gzip', 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe('3\n');
    const plain = await get('SELECT 1', {}, { authorization: auth, 'accept-encoding': 'gzip' });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('refuses native ClickHouse compression it cannot speak, and a body over the size limit', async () => {
    await expectClickHouseError(await get('SELECT 1', { compress: '1' }), 501, 48, 'NOT_IMPLEMENTED');
    await expectClickHouseError(await post(`SELECT '${'x'.repeat(300 * 1024)}'`), 400, 62, 'SYNTAX_ERROR');
  });

  it('applies the limits to a statement followed by a semicolon and a comment', async () => {
    const query = 'SELECT number FROM numbers(100) ; -- the limit clause must not land in here';
    await expectClickHouseError(await get(query, { max_result_rows: '10' }), 500, 396, 'TOO_MANY_ROWS_OR_BYTES');
    const union = 'SELECT * FROM ((SELECT number FROM numbers(100)) UNION ALL (SELECT 1))';
    await expectClickHouseError(await get(union, { max_result_rows: '10' }), 500, 396, 'TOO_MANY_ROWS_OR_BYTES');
    const body = await expectClickHouseError(await get('SELECT number FROM numbers(100) UNION ALL SELECT 1'), 403, 164, 'READONLY');
    expect(body).toContain('wrap it: SELECT * FROM (… UNION …)');
  });

  it.each([
    ['SHOW TABLES', 'demo_facts\n'],
    ['DESCRIBE TABLE demo_facts', 'id\tUInt64'],
    ['EXISTS TABLE demo_facts', '1\n'],
    ['EXPLAIN SELECT 1', 'ReadFromSystemOne'],
    ['WITH chats AS (SELECT * FROM demo_facts WHERE channel = \'chat\') SELECT count() FROM chats', '2\n'],
    ['SELECT * FROM ((SELECT 1) UNION ALL (SELECT 1))', '1\n1\n'],
    ['(SELECT 1)', '1\n'],
  ])('answers %j', async (sql, expected) => {
    const response = await post(sql);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(expected);
  });

  it('accepts only the analytics database', async () => {
    expect(await (await get('SELECT 1', { database: 'default' })).text()).toBe('1\n');
    await expectClickHouseError(await get('SELECT 1', { database: 'system' }), 403, 497, 'ACCESS_DENIED');
  });

  it('passes engine errors on with their code and status', async () => {
    await expectClickHouseError(await get('SELECT * FROM no_such_table'), 404, 60, 'UNKNOWN_TABLE');
    await expectClickHouseError(await get('SELEC 1'), 403, 164, 'READONLY');
    await expectClickHouseError(await get("SELECT 'unterminated"), 400, 62, 'SYNTAX_ERROR');
  });
});

describe('analyst SQL endpoint credentials', () => {
  let fixture: AnalystSqlFixture;
  let url: string;
  const ask = (headers: Record<string, string>, params: Record<string, string> = {}) =>
    fetch(`${url}/?${new URLSearchParams({ query: 'SELECT 1', ...params })}`, { headers });

  beforeAll(async () => {
    fixture = await openAnalystSqlFixture();
    url = (await fixture.serve()).url;
  });
  afterAll(async () => fixture?.close());

  it('takes the analyst token as bearer, basic auth, X-ClickHouse headers or URL credentials', async () => {
    const token = await fixture.token('analyst');
    for (const response of [
      await ask({ authorization: `Bearer ${token}` }),
      await ask({ authorization: basicAuth('analyst', token) }),
      await ask({ 'x-clickhouse-user': 'analyst', 'x-clickhouse-key': token }),
      await ask({}, { user: 'analyst', password: token }),
      await ask({ authorization: `Bearer ${await fixture.token('admin', 'analyst')}` }),
    ]) {
      expect({ status: response.status, body: await response.text() }).toEqual({ status: 200, body: '1\n' });
    }
  });

  it.each([
    ['no credentials', () => ({}), 401, 'Code: 194.', 'REQUIRED_PASSWORD'],
    ['a malformed token', () => ({ authorization: 'Bearer not-a-jwt' }), 401, 'Code: 516.', 'AUTHENTICATION_FAILED'],
    ['another user name', async () => ({ authorization: basicAuth('default', await fixture.token('analyst')) }), 401, 'Code: 516.', 'AUTHENTICATION_FAILED'],
    ['a token without the analyst role', async () => ({ authorization: `Bearer ${await fixture.token('agent', 'manager')}` }), 403, 'Code: 497.', 'ACCESS_DENIED'],
  ])('refuses %s in ClickHouse style', async (_name, headers, status, code, type) => {
    const response = await ask(await headers());
    const body = await response.text();
    expect(response.status).toBe(status);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe(code.replace(/\D/g, ''));
    expect(body.startsWith(`${code} DB::Exception: `)).toBe(true);
    expect(body).toContain(`(${type})`);
  });

  it('refuses a token signed with another secret', async () => {
    const [header, payload] = (await fixture.token('analyst')).split('.');
    const response = await ask({ authorization: `Bearer ${header}.${payload}.${Buffer.from('forged').toString('base64url')}` });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('(AUTHENTICATION_FAILED)');
  });
});
