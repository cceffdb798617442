import type { AnalyticsRawQuery } from '@csp/clickhouse';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { authenticateAnalyst, type VerifyToken } from './analyst-credentials';
import { type AnalystSqlLimits, DEFAULT_ANALYST_SQL_LIMITS, limitSettings } from './analyst-sql.limits';
import { header, parseAnalystSqlRequest } from './analyst-sql.request';
import { ClickHouseHttpError, toClickHouseHttpError } from './clickhouse-http-error';
import { contentTypeOf } from './output-format';
import { classifyStatement } from './statement-classifier';

export interface AnalystSqlLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AnalystSqlServerOptions {
  store: AnalyticsRawQuery;
  verifyToken: VerifyToken;
  port: number;
  host?: string;
  limits?: Partial<AnalystSqlLimits>;
  /** The one database callers may name (`database` parameter): chDB's `default`, or the server's analytics database. */
  database?: string;
  logger?: AnalystSqlLogger;
}

export interface AnalystSqlServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The analysts' read-only SQL endpoint, speaking ClickHouse's HTTP interface (`GET /ping`, `GET /?query=`,
 * `POST /` with the SQL as body) so @clickhouse/client, curl and BI tools work against chDB unchanged. It runs
 * in the analytics service's process because only that process may open the chDB directory.
 */
export async function startAnalystSqlServer(options: AnalystSqlServerOptions): Promise<AnalystSqlServer> {
  const limits = { ...DEFAULT_ANALYST_SQL_LIMITS, ...options.limits };
  const database = options.database ?? 'default';
  const logger = options.logger;
  let running = 0;
  const app = Fastify({ logger: false, bodyLimit: limits.maxQueryBytes });
  // The body is SQL whatever the Content-Type says (curl sends form-urlencoded, the client none).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/ping', async (_request, reply) => reply.type('text/plain; charset=UTF-8').send('Ok.\n'));
  app.route({ method: ['GET', 'POST'], url: '/', handler: (request, reply) => answer(request, reply) });

  async function answer(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const url = new URLSearchParams(request.url.split('?')[1] ?? '');
    const { headers } = request;
    const principal = await authenticateAnalyst({ headers, url }, options.verifyToken);
    const body = request.method === 'POST' ? decodeBody(request.body, header(headers, 'content-encoding'), limits.maxQueryBytes) : undefined;
    const sqlRequest = parseAnalystSqlRequest({ url, headers, body }, limits, database);
    const verdict = classifyStatement(sqlRequest.sql);
    if (!verdict.allowed) {
      logger?.warn({ subject: principal.subject, reason: verdict.reason }, 'analyst SQL refused');
      const message = verdict.refusal === 'READONLY' ? `${principal.subject}: Cannot execute query in readonly mode. ${verdict.reason}` : verdict.reason;
      throw ClickHouseHttpError.of(verdict.refusal, message);
    }
    const aborted = new AbortController();
    // The response closes before it ends only when the caller went away: stop waiting for the engine then.
    reply.raw.once('close', () => reply.raw.writableEnded || aborted.abort());
    const format = verdict.format ?? sqlRequest.defaultFormat ?? 'TabSeparated';
    if (running >= limits.maxConcurrentQueries) {
      throw new ClickHouseHttpError(202, 'TOO_MANY_SIMULTANEOUS_QUERIES', `Too many simultaneous queries. Maximum: ${limits.maxConcurrentQueries}`);
    }
    running += 1;
    const result = await options.store
      .queryRaw(verdict.statement, {
        format: sqlRequest.defaultFormat ?? 'TabSeparated',
        params: sqlRequest.params,
        settings: { ...limitSettings(limits), ...sqlRequest.settings },
        abortSignal: aborted.signal,
        queryId: sqlRequest.queryId,
      })
      .finally(() => (running -= 1));
    // The engine's result limits miss a FROM-less `SELECT arrayJoin(…)` (measured on chDB), so the formatted answer is capped too.
    if (result.body.length > limits.maxResultBytes) {
      throw new ClickHouseHttpError(396, 'TOO_MANY_ROWS_OR_BYTES', `Limit for result exceeded, max bytes: ${limits.maxResultBytes}, formatted: ${result.body.length}`);
    }
    logger?.info({ subject: principal.subject, queryId: result.queryId, kind: verdict.kind, summary: result.summary }, 'analyst SQL answered');
    reply
      .header('Content-Type', contentTypeOf(format))
      .header('X-ClickHouse-Format', format)
      .header('X-ClickHouse-Query-Id', result.queryId);
    if (result.summary) reply.header('X-ClickHouse-Summary', JSON.stringify(result.summary));
    if (sqlRequest.compressionRequested && /\bgzip\b/.test(header(headers, 'accept-encoding') ?? '')) {
      return reply.header('Content-Encoding', 'gzip').send(gzipSync(result.body));
    }
    return reply.send(result.body);
  }

  app.setNotFoundHandler(async (request) => {
    throw ClickHouseHttpError.of('BAD_ARGUMENTS', `There is no handle ${request.url.split('?')[0]}. Use / or /ping`);
  });
  app.setErrorHandler(async (error, _request, reply) => {
    const failure = asClickHouseError(error);
    if (failure.status >= 500) logger?.warn({ err: error }, 'analyst SQL failed');
    if (failure.status === 401) reply.header('WWW-Authenticate', 'Basic realm="ClickHouse", charset="UTF-8"');
    return reply
      .status(failure.status)
      .header('X-ClickHouse-Exception-Code', String(failure.code))
      .type('text/plain; charset=UTF-8')
      .send(failure.body());
  });

  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => app.close() };
}

/** Fastify's own refusals (body too large, bad request) in ClickHouse's words; the rest via the store's error. */
function asClickHouseError(error: unknown): ClickHouseHttpError {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (!(error instanceof ClickHouseHttpError) && typeof status === 'number' && status >= 400 && status < 500) {
    const message = status === 413 ? 'Max query size exceeded' : (error as Error).message;
    return ClickHouseHttpError.of(status === 413 ? 'SYNTAX_ERROR' : 'BAD_ARGUMENTS', message);
  }
  return toClickHouseHttpError(error);
}

/** The SQL body, inflated when compressed, never beyond the query size limit (a small gzip can inflate to gigabytes). */
function decodeBody(body: unknown, encoding: string | undefined, maxBytes: number): string | undefined {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return body.toString('utf8');
  if (coding !== 'gzip' && coding !== 'deflate') {
    throw ClickHouseHttpError.of('BAD_ARGUMENTS', `Unsupported Content-Encoding: ${coding}; send gzip, deflate or none`);
  }
  try {
    return (coding === 'gzip' ? gunzipSync : inflateSync)(body, { maxOutputLength: maxBytes + 1 }).toString('utf8');
  } catch (error) {
    const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw ClickHouseHttpError.of(tooLarge ? 'SYNTAX_ERROR' : 'BAD_ARGUMENTS', tooLarge ? 'Max query size exceeded' : `cannot ${coding}-decode the body`);
  }
}
