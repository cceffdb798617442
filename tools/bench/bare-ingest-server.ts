// The ceiling of bench:ingest, run as a child process: a bare Fastify route that parses the same CloudEvents
// media types, checks each envelope, validates each event's data with the same compiled JSON Schema (the event
// catalogue) and answers 202 with the same result shape as ingestion. No Nest, no auth lookup, no storage.
// Started by bench-ingest.ts with BARE_PORT and BARE_BODY_LIMIT; prints its port once listening.
import { ALL_EVENTS, EventCatalogue, eventIdFor, type ValidationIssue } from '@csp/contracts';
import type { FastifyInstance } from 'fastify';

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
const MAX_BATCH = 500;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Fastify = (options: { logger: boolean; bodyLimit: number }) => FastifyInstance;

/** The Fastify that Nest runs on (its own nested copy when it has one), so both servers are the same version. */
function nestsFastify(): { create: Fastify; version: string } {
  for (const name of ['@nestjs/platform-fastify/node_modules/fastify', 'fastify']) {
    try {
      const create = require(name) as Fastify;
      return { create, version: (require(`${name}/package.json`) as { version: string }).version };
    } catch {
      // not nested there: try the next
    }
  }
  throw new Error('fastify is not installed');
}

interface Result {
  accepted: { id: string; eventId: string }[];
  duplicates: { id: string; eventId: string }[];
  rejected: { index: number; id?: string; errors: ValidationIssue[] }[];
}

/** The same checks as ingestion's envelope validator (apps/ingestion/src/events/intake/envelope.validator.ts). */
function envelopeErrors(value: unknown): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path: '', message: 'a CloudEvent must be a JSON object' }];
  const e = value as Record<string, unknown>;
  const errors: ValidationIssue[] = [];
  const text = (name: string, max: number, required = true) => {
    const v = e[name];
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || v.length === 0) errors.push({ path: `/${name}`, message: 'is required (non-empty string)' });
    else if (v.length > max) errors.push({ path: `/${name}`, message: `must be at most ${max} characters` });
  };
  if (e['specversion'] !== '1.0') errors.push({ path: '/specversion', message: "must be '1.0'" });
  text('id', 256);
  text('source', 1024);
  text('type', 256);
  text('subject', 1024, false);
  const time = e['time'];
  if (time !== undefined && (typeof time !== 'string' || !RFC3339.test(time) || Number.isNaN(Date.parse(time)))) {
    errors.push({ path: '/time', message: 'must be an RFC 3339 timestamp' });
  }
  const contentType = e['datacontenttype'];
  if (contentType !== undefined && (typeof contentType !== 'string' || !/^application\/(.+\+)?json/.test(contentType))) {
    errors.push({ path: '/datacontenttype', message: 'must be application/json' });
  }
  if (typeof e['data'] !== 'object' || e['data'] === null || Array.isArray(e['data'])) errors.push({ path: '/data', message: 'is required (a JSON object)' });
  return errors;
}

function ingest(catalogue: EventCatalogue, events: unknown[]): Result {
  const result: Result = { accepted: [], duplicates: [], rejected: [] };
  events.forEach((candidate, index) => {
    const e = candidate as { id: string; source: string; type: string; data: unknown };
    let errors = envelopeErrors(candidate);
    if (errors.length === 0) {
      const validation = catalogue.get(e.type)?.public ? catalogue.validate(e.type, e.data) : { ok: false as const, errors: [{ path: '/type', message: 'unknown event type' }] };
      if (!validation.ok) errors = validation.errors;
    }
    if (errors.length > 0) result.rejected.push({ index, id: typeof e?.id === 'string' ? e.id : undefined, errors });
    else result.accepted.push({ id: e.id, eventId: eventIdFor(e.source, e.id) });
  });
  return result;
}

async function main(): Promise<void> {
  const { create, version } = nestsFastify();
  const bodyLimit = Number(process.env['BARE_BODY_LIMIT'] ?? 1024 * 1024);
  const app = create({ logger: false, bodyLimit });
  const catalogue = new EventCatalogue(ALL_EVENTS);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  // Like ingestion: strict UTF-8 decoding, then Fastify's own JSON parser (prototype-poisoning keys refused).
  app.addContentTypeParser([STRUCTURED, BATCH], { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(Object.assign(new Error('the body is not valid UTF-8'), { statusCode: 400 }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.post('/v1/events', async (request, reply) => {
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const body = request.body;
    let events: unknown[];
    if (type === BATCH) {
      if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH) return reply.status(400).send({ title: 'a batch must be an array of 1-500 events' });
      events = body;
    } else events = [body];
    const result = ingest(catalogue, events);
    if (result.accepted.length === 0) return reply.status(400).send({ title: 'no event was accepted', rejected: result.rejected });
    return reply.status(202).send(result);
  });
  app.get('/health/ready', async () => ({ status: 'ok' }));
  const address = await app.listen({ port: Number(process.env['BARE_PORT'] ?? 0), host: '127.0.0.1' });
  process.stdout.write(`bare fastify ${version} listening on ${address}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bare server failed: ${String(error)}\n`);
  process.exit(1);
});
