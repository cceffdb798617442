import { AnalyticsStoreError } from '@csp/clickhouse';
import { ClickHouseHttpError, toClickHouseHttpError } from './clickhouse-http-error';

// The shape @clickhouse/client parses (client-common's errorRe): `Code: N. … Exception: message (TYPE)`.
const CLIENT_ERROR_RE = /(Code|Error): (?<code>\d+).*Exception: (?<message>.+?)\((?<type>(?=[A-Z0-9_]*[A-Z]{3})[A-Z0-9_]+)\)/s;

describe('ClickHouseHttpError', () => {
  it('reads as ClickHouse writes errors, so clients take code, message and type from it', () => {
    const body = ClickHouseHttpError.of('READONLY', 'Cannot execute query in readonly mode.').body();
    expect(body).toBe('Code: 164. DB::Exception: Cannot execute query in readonly mode. (READONLY)\n');
    expect(CLIENT_ERROR_RE.exec(body)?.groups).toMatchObject({ code: '164', type: 'READONLY', message: 'Cannot execute query in readonly mode. ' });
  });

  it.each([
    ['REQUIRED_PASSWORD', 401],
    ['AUTHENTICATION_FAILED', 401],
    ['ACCESS_DENIED', 403],
    ['READONLY', 403],
    ['SYNTAX_ERROR', 400],
    ['NOT_IMPLEMENTED', 501],
  ] as const)('answers %s with HTTP %i', (name, status) => expect(ClickHouseHttpError.of(name, 'x').status).toBe(status));

  it('passes the engine error on with its code and type, and hides anything else', () => {
    const vendor = Object.assign(new Error('Timeout exceeded: elapsed 1000 ms, maximum: 1000 ms. '), { code: '159', type: 'TIMEOUT_EXCEEDED' });
    const engine = toClickHouseHttpError(new AnalyticsStoreError('ANALYTICS_STORE.TIMEOUT_EXCEEDED', 'query: Timeout exceeded', 159, { cause: vendor }));
    expect({ code: engine.code, type: engine.type, status: engine.status, message: engine.message }).toEqual({
      code: 159,
      type: 'TIMEOUT_EXCEEDED',
      status: 408,
      message: 'Timeout exceeded: elapsed 1000 ms, maximum: 1000 ms.',
    });
    const internal = toClickHouseHttpError(new Error('ECONNRESET at 10.0.0.7'));
    expect({ code: internal.code, status: internal.status, message: internal.message }).toEqual({
      code: 1002,
      status: 500,
      message: 'the analytics store could not answer',
    });
  });
});
