import type { QueryParams, SettingValue } from '@csp/clickhouse';
import { ClickHouseHttpError } from './clickhouse-http-error';
import { type AnalystSqlLimits, LIMIT_SETTINGS, OVERFLOW_SETTINGS } from './analyst-sql.limits';

/** One HTTP request, as the ClickHouse HTTP interface reads it. */
export interface AnalystSqlRequest {
  sql: string;
  /** `default_format` (URL) or `X-ClickHouse-Format` (header); a FORMAT clause in the SQL wins over both. */
  defaultFormat?: string;
  params: QueryParams;
  /** Stricter limits and output settings the caller asked for, to lay over the endpoint's own. */
  settings: Record<string, SettingValue>;
  queryId?: string;
  /** The caller sent `enable_http_compression=1`: answer gzip if it also accepts gzip. */
  compressionRequested: boolean;
}

export interface RequestInput {
  url: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The request body, already decompressed; undefined for GET. */
  body?: string;
}

/** Parameters of the HTTP layer itself, or of the client, that change nothing about what the query may do. */
const TRANSPORT_PARAMS = new Set(
  ['query', 'user', 'password', 'query_id', 'database', 'default_format', 'enable_http_compression', 'session_id']
    .concat(['session_timeout', 'session_check', 'wait_end_of_query', 'send_progress_in_http_headers', 'buffer_size'])
    .concat(['http_headers_progress_interval_ms', 'http_response_buffer_size', 'http_zlib_compression_level'])
    .concat(['cancel_http_readonly_queries_on_client_close', 'add_http_cors_header']),
);

/** Settings that change how results are written, never what may be read or how much. */
const OUTPUT_SETTING_PREFIX = /^output_format_(json|csv|tsv|pretty)_[a-z0-9_]+$/;
const OUTPUT_SETTINGS = new Set(
  ['output_format_decimal_trailing_zeros', 'output_format_write_statistics', 'date_time_output_format', 'format_csv_delimiter']
    .concat(['session_timezone', 'extremes', 'join_use_nulls']),
);

const FORMAT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function parseAnalystSqlRequest(input: RequestInput, limits: AnalystSqlLimits, database: string): AnalystSqlRequest {
  const { url, headers } = input;
  const sql = [url.get('query'), input.body].filter((part) => part !== undefined && part !== null).join('\n');
  if (Buffer.byteLength(sql) > limits.maxQueryBytes) throw ClickHouseHttpError.of('SYNTAX_ERROR', `Max query size exceeded (${limits.maxQueryBytes} bytes)`);
  if (url.get('compress') === '1' || url.get('decompress') === '1') {
    throw ClickHouseHttpError.of('NOT_IMPLEMENTED', 'ClickHouse native compression (compress/decompress) is not supported here; use enable_http_compression=1');
  }
  const requestedDatabase = url.get('database') ?? header(headers, 'x-clickhouse-database');
  if (requestedDatabase && requestedDatabase !== database) {
    throw ClickHouseHttpError.of('ACCESS_DENIED', `analyst: Not enough privileges. Only the analytics database ${database} can be used here`);
  }
  const defaultFormat = url.get('default_format') ?? header(headers, 'x-clickhouse-format');
  if (defaultFormat !== undefined && !FORMAT_NAME.test(defaultFormat)) throw ClickHouseHttpError.of('BAD_ARGUMENTS', `not a format name: ${defaultFormat}`);
  const params: QueryParams = {};
  const settings: Record<string, SettingValue> = {};
  for (const [name, value] of url) {
    if (name.startsWith('param_')) params[name.slice('param_'.length)] = unescapeParam(value);
    else if (!TRANSPORT_PARAMS.has(name)) settings[name] = acceptSetting(name, value, limits);
  }
  return {
    sql,
    defaultFormat: defaultFormat || undefined,
    params,
    settings,
    queryId: url.get('query_id') ?? undefined,
    compressionRequested: url.get('enable_http_compression') === '1',
  };
}

/** A setting sent with the request is taken only if it cannot loosen the endpoint: a stricter limit or an output option. */
function acceptSetting(name: string, value: string, limits: AnalystSqlLimits): SettingValue {
  if (name in LIMIT_SETTINGS) {
    const limit = limits[LIMIT_SETTINGS[name as keyof typeof LIMIT_SETTINGS]];
    const requested = Number(value);
    if (Number.isFinite(requested) && requested > 0 && requested <= limit) return requested;
    throw cannotModify(name, `the limit here is ${limit}; only a smaller, non-zero value is accepted`);
  }
  if ((OVERFLOW_SETTINGS as readonly string[]).includes(name)) {
    if (value === 'throw') return value;
    throw cannotModify(name, "only 'throw' is accepted");
  }
  if (name === 'readonly') {
    if (value === '1') return 1;
    throw cannotModify(name, 'this endpoint is read-only');
  }
  if (OUTPUT_SETTING_PREFIX.test(name) || OUTPUT_SETTINGS.has(name)) return value;
  throw cannotModify(name, 'only output format settings and stricter limits may be sent');
}

function cannotModify(name: string, why: string): ClickHouseHttpError {
  return ClickHouseHttpError.of('READONLY', `Cannot modify '${name}' setting in readonly mode: ${why}`);
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0', a: '\x07', v: '\v' };

/**
 * `param_<name>` values come in ClickHouse's escaped text form, and the store's binder escapes what it is given
 * once more, so a scalar is unescaped here and the engine reads the value the caller meant. An array, tuple or
 * map literal is read by the engine as written, quotes and all: it passes unchanged, except that `\'` inside its
 * strings becomes the equivalent `''`, which survives the binder's escaping (chDB's escapes backslashes).
 */
export function unescapeParam(value: string): string | null {
  if (value === '\\N') return null;
  if (/^[[({]/.test(value)) return value.replace(/\\(.)/gs, (escape, c: string) => (c === "'" ? "''" : escape));
  return value.replace(/\\(.)/gs, (_escape, c: string) => ESCAPES[c] ?? c);
}

export function header(headers: RequestInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
