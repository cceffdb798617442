import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueToken } from '../auth/jwt';
import type { Role } from '../auth/principal';
import { createLogger } from '../logging/create-logger';
import { SAMPLE_CONNECTOR_KEY, sampleHealth, SampleServiceModule } from '../testing/sample-service.fixture';
import { bootstrapService } from './bootstrap-service';
import { testServiceConfig } from './create-test-app';

const config = testServiceConfig({ PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'debug' });
const logLines: Record<string, unknown>[] = [];
let app: NestFastifyApplication;
// Response bodies are read loosely: each test asserts the fields it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let base: string;

function token(roles: Role[], secret = config.AUTH_JWT_SECRET): Promise<string> {
  return issueToken(secret, { subject: 'user-1', roles, issuer: 'csp', expiresIn: '5m' });
}

async function call(path: string, init: RequestInit & { bearer?: string } = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const headers = new Headers(init.headers);
  if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
  const response = await fetch(`${base}${path}`, { ...init, headers });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

function jsonPost(body: unknown, extra: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) };
}

beforeAll(async () => {
  const logger = createLogger({ serviceName: 'sample', level: 'debug', destination: { write: (line: string) => void logLines.push(JSON.parse(line)) } });
  app = await bootstrapService({
    module: SampleServiceModule,
    serviceName: 'sample',
    config,
    logger,
    openApi: { title: 'Sample', description: 'sample service', version: '1.2.3' },
  });
  base = await app.getUrl();
});

afterAll(() => app?.close());

describe('bootstrapService', () => {
  it('logs one startup line with the URLs', () => {
    const startup = logLines.find((line) => String(line['msg']).includes('listening on'));
    expect(startup?.['msg']).toMatch(/^sample 1\.2\.3 listening on http:\/\/127\.0\.0\.1:\d+ \(docs .*\/docs, health .*\/health\/ready, metrics .*\/metrics\)$/);
    expect(startup?.['urls']).toEqual({ api: base, docs: `${base}/docs`, health: `${base}/health/ready`, metrics: `${base}/metrics` });
  });

  it('serves liveness without credentials', async () => {
    const live = await call('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', service: 'sample', version: '1.2.3' });
  });

  it('answers readiness with each check, and 503 when one fails', async () => {
    const ready = await call('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', ok: true, checks: { dependency: { ok: true, detail: { up: true }, durationMs: expect.any(Number) } } });
    sampleHealth.dependencyUp = false;
    try {
      const failing = await call('/health/ready');
      expect(failing.status).toBe(503);
      expect(failing.body).toMatchObject({ status: 'fail', checks: { dependency: { ok: false, detail: { up: false } } } });
    } finally {
      sampleHealth.dependencyUp = true;
    }
  });

  it('exposes Prometheus metrics with the request histogram by route and status', async () => {
    await call('/v1/things/42', { bearer: await token(['agent']) });
    const metrics = await call('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    expect(metrics.body).toMatch(/http_request_duration_seconds_bucket\{le="[^"]+",service="sample",method="GET",route="\/v1\/things\/:id",status_code="404"\}/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await call('/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.info).toMatchObject({ title: 'Sample', version: '1.2.3' });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/v1/things']));
    const ui = await call('/docs');
    expect(ui.body).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});

describe('problem+json errors', () => {
  it('400 with JSON Pointer paths for schema validation', async () => {
    const bad = await call('/v1/things', { ...jsonPost({ name: '', priority: 'urgent', owner: { email: 'x' }, extra: 1 }), bearer: await token(['agent']) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ type: 'urn:csp:problem:VALIDATION', title: 'Bad Request', status: 400, code: 'VALIDATION', instance: '/v1/things' });
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: '/extra', message: 'is not allowed' },
        { path: '/name', message: 'must NOT have fewer than 1 characters' },
        { path: '/priority', message: 'must be one of: low, high' },
        { path: '/owner/email', message: 'must match format "email"' },
      ]),
    );
  });

  it('400 with a clear detail for a body that is not JSON', async () => {
    const bad = await call('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":', bearer: await token(['agent']) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('not valid JSON') });
  });

  it('401 without a token, with a bad token and with a token signed by another secret', async () => {
    const missing = await call('/v1/things/me');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'AUTH.UNAUTHORIZED', detail: expect.stringContaining('missing bearer token') });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="sample"');
    expect((await call('/v1/things/me', { bearer: 'not-a-jwt' })).body).toMatchObject({ status: 401, detail: 'invalid or expired token' });
    const forged = await token(['admin'], 'another-secret-that-is-long-enough-000000');
    expect((await call('/v1/things/me', { bearer: forged })).status).toBe(401);
    expect((await call('/v1/things/me', { bearer: 'csk_unknown' })).body).toMatchObject({ status: 401, detail: 'unknown or revoked connector key' });
  });

  it('403 when the roles do not match, 2xx when they do', async () => {
    const forbidden = await call('/v1/things/admin', { bearer: await token(['agent', 'analyst']) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'AUTH.FORBIDDEN', detail: 'this operation needs one of the roles: admin' });
    expect((await call('/v1/things/admin', { bearer: await token(['admin']) })).status).toBe(200);
    const created = await call('/v1/things', { ...jsonPost({ name: 'x', priority: 'low' }), bearer: await token(['lead']) });
    expect(created).toMatchObject({ status: 201, body: { name: 'x', priority: 'low' } });
  });

  it('404 for a domain code mapped by the app and for an unknown route', async () => {
    const notFound = await call('/v1/things/42', { bearer: await token(['agent']) });
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatchObject({ code: 'THING.NOT_FOUND', detail: 'thing 42 does not exist', instance: '/v1/things/42' });
    const noRoute = await call('/v1/nowhere?x=1');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body).toMatchObject({ code: 'NOT_FOUND', instance: '/v1/nowhere' });
  });

  it('409 on a concurrency conflict, 412 when the request carried If-Match', async () => {
    const bearer = await token(['agent']);
    const conflict = await call('/v1/things/1/rename', { ...jsonPost({}), bearer });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'EVENT_STORE.CONCURRENCY', title: 'Conflict' });
    const stale = await call('/v1/things/1/rename', { ...jsonPost({}, { 'if-match': '"3"' }), bearer });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'EVENT_STORE.CONCURRENCY', title: 'Precondition Failed' });
  });

  it('413 for a body over 1 MiB', async () => {
    const bearer = await token(['agent']);
    const fits = await call('/v1/things/upload', { ...jsonPost({ data: 'x'.repeat(1024 * 1024 - 100) }), bearer });
    expect(fits.status).toBe(201);
    const tooLarge = await call('/v1/things/upload', { ...jsonPost({ data: 'x'.repeat(1024 * 1024) }), bearer });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('415 for a media type without a parser', async () => {
    const bearer = await token(['agent']);
    const unsupported = await call('/v1/things/upload', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>', bearer });
    expect(unsupported.status).toBe(415);
    expect(unsupported.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('500 with a generic detail: the cause is logged with its stack, never sent', async () => {
    const boom = await call('/v1/things/boom/now', { bearer: await token(['agent']), headers: { 'x-correlation-id': 'boom-1' } });
    expect(boom.status).toBe(500);
    expect(boom.body).toMatchObject({ code: 'INTERNAL', correlationId: 'boom-1', detail: expect.stringContaining('unexpected error') });
    expect(JSON.stringify(boom.body)).not.toMatch(/10\.1\.2\.3|password|at .*\.ts/);
    const logged = logLines.find((line) => line['level'] === 'error' && line['correlationId'] === 'boom-1');
    expect(logged?.['msg']).toContain('password authentication failed');
    expect(logged?.['stack']).toContain('sample-service.fixture.ts');
  });
});

describe('correlation ids', () => {
  it('echoes the given x-correlation-id, exposes it to the handler and puts it on its log lines', async () => {
    const ping = await call('/v1/ping', { headers: { 'x-correlation-id': 'corr-abc-123' } });
    expect(ping.headers.get('x-correlation-id')).toBe('corr-abc-123');
    expect(ping.body).toEqual({ pong: true, correlationId: 'corr-abc-123' });
    const lines = logLines.filter((line) => line['correlationId'] === 'corr-abc-123');
    expect(lines.map((line) => line['msg'])).toEqual(expect.arrayContaining(['pinged', 'request completed']));
    expect(lines.find((line) => line['msg'] === 'request completed')).toMatchObject({ route: '/v1/ping', status: 200, method: 'GET' });
  });

  it('takes the trace id of a traceparent, and generates one otherwise', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await call('/v1/ping', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(traced.headers.get('x-correlation-id')).toBe(traceId);
    const fresh = await call('/v1/ping', { headers: { 'x-correlation-id': 'bad id with spaces' } });
    expect(fresh.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.body.correlationId).toBe(fresh.headers.get('x-correlation-id'));
  });

  it('adds the correlation id to error responses', async () => {
    const missing = await call('/v1/things/me', { headers: { 'x-correlation-id': 'corr-401' } });
    expect(missing.headers.get('x-correlation-id')).toBe('corr-401');
    expect(missing.body.correlationId).toBe('corr-401');
  });
});

describe('principals', () => {
  it('gives handlers the person behind a JWT', async () => {
    const me = await call('/v1/things/me', { bearer: await token(['agent', 'lead']) });
    expect(me.body).toEqual({ subject: 'user-1', roles: ['agent', 'lead'], kind: 'person', issuer: 'csp' });
  });

  it('accepts a connector key through the app resolver', async () => {
    const me = await call('/v1/things/me', { bearer: SAMPLE_CONNECTOR_KEY });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ subject: 'connector:shop-1', roles: [], kind: 'connector', connectorId: 'shop-1', scopes: ['cs.order.placed.v1'], issuer: 'csp' });
    expect((await call('/v1/things/admin', { bearer: SAMPLE_CONNECTOR_KEY })).status).toBe(403);
  });
});
