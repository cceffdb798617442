import { ALL_EVENTS, EVENT_EXAMPLES, EventCatalogue, PUBLIC_EVENTS } from '@csp/contracts';
import { createTestApp, hashConnectorKey, openPlatformRuntime, type PlatformRuntime, testServiceConfig } from '@csp/platform-nest';
import { openServiceDataSource } from '@csp/projections';
import { countStoredEvents, createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { ConnectorsRepository } from '../../connectors/connectors.repository';
import { configureIngestionHttp, INGESTION_MIGRATIONS, IngestionModule } from '../../ingestion.module';

const KEY = 'csk_hostile_payloads_test_key_0000000000000';
const RUNS = 10_000;

interface Attempt {
  what: string;
  contentType?: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** A valid envelope of a random public type: every generator below breaks it in at least one way. */
const validEvent = fc.constantFrom(...PUBLIC_EVENTS.map((d) => d.type)).chain((type) =>
  fc.uuid().map((id) => ({ specversion: '1.0', id, source: '/hostile', type, data: structuredClone(EVENT_EXAMPLES[type]) as Record<string, unknown> })),
);
const json = (value: unknown) => JSON.stringify(value);
const structured = 'application/cloudevents+json';
const batch = 'application/cloudevents-batch+json';

/** A value of a JSON type other than `value`'s. */
function otherType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number' || typeof value === 'boolean') return 'text';
  if (Array.isArray(value)) return 'text';
  return [value];
}

const attempts: fc.Arbitrary<Attempt> = fc.oneof(
  // Truncated JSON: a strict prefix of an object's text is never a JSON object.
  validEvent.chain((e) => fc.nat({ max: json(e).length - 1 }).map((n) => ({ what: 'truncated', contentType: structured, body: json(e).slice(0, n) }))),
  // Arbitrary bytes, most of them not UTF-8, under every accepted media type.
  fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 2_000 }), fc.constantFrom(structured, batch, 'application/json')).map(([bytes, contentType]) => ({
    what: 'random bytes', contentType, body: Buffer.concat([Buffer.from('{"x":"'), Buffer.from(bytes), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  })),
  // A valid event with invalid UTF-8 spliced into a string (a lenient decoder would store U+FFFD).
  validEvent.map((e) => {
    const text = json({ ...e, subject: 'SPLIT' });
    const [head, tail] = text.split('SPLIT');
    return { what: 'non-UTF-8 in a string', contentType: structured, body: Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(tail)]) };
  }),
  // Text JSON allows and PostgreSQL refuses (NUL, unpaired surrogates), in the envelope or in data.
  fc.tuple(validEvent, fc.constantFrom('\\u0000', '\\ud800', '\\udfff'), fc.boolean()).map(([e, escape, inData]) => ({
    what: `unstorable ${escape}`, contentType: structured,
    body: json(inData ? { ...e, data: { ...e.data, body: 'MARK' } } : { ...e, subject: 'MARK' }).replace('"MARK"', `"a${escape}b"`),
  })),
  // A valid body under a wrong or missing media type.
  fc.tuple(validEvent, fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '', 'application/json')).map(
    ([e, contentType]) => ({ what: `media type '${contentType}'`, contentType, body: json(e) }),
  ),
  // A data field removed (required ones) or replaced by a value of another JSON type.
  fc.tuple(validEvent, fc.nat(), fc.boolean()).map(([e, i, remove]) => {
    const fields = Object.keys(e.data);
    const field = fields[i % fields.length];
    const definition = PUBLIC_EVENTS.find((d) => d.type === e.type);
    const isRequired = ((definition?.schema as { required?: string[] }).required ?? []).includes(field);
    const data = { ...e.data };
    if (remove && isRequired) delete data[field];
    else data[field] = otherType(data[field]);
    return { what: `data.${field} ${remove && isRequired ? 'removed' : 'of another type'}`, contentType: structured, body: json({ ...e, data }) };
  }),
  // Envelope attributes broken.
  fc.tuple(validEvent, fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'datacontenttype'), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null))).map(
    ([e, attribute, value]) => ({
      what: `envelope ${attribute}`,
      contentType: structured,
      body: json({ ...e, [attribute]: attribute === 'specversion' && value === '1.0' ? '0.3' : attribute === 'type' ? `x.${String(value)}` : typeof value === 'string' && attribute !== 'time' && attribute !== 'datacontenttype' ? '' : value }),
    }),
  ),
  // Huge strings: over a field's limit, or a body over 1 MiB.
  fc.tuple(validEvent, fc.constantFrom(300, 5_000, 1_100_000)).map(([e, size]) => ({ what: `huge string ${size}`, contentType: structured, body: json({ ...e, id: 'x'.repeat(size) }) })),
  // Deep nesting inside data.
  fc.tuple(validEvent, fc.integer({ min: 50, max: 20_000 })).map(([e, depth]) => ({
    what: `nesting ${depth}`, contentType: structured, body: json({ ...e, data: { ...e.data, deep: null } }).replace('"deep":null', `"deep":${'['.repeat(depth)}${']'.repeat(depth)}`),
  })),
  // Prototype-pollution keys.
  fc.tuple(validEvent, fc.constantFrom('__proto__', 'constructor')).map(([e, key]) => ({
    what: `pollution ${key}`, contentType: structured,
    body: json(e).replace('{', key === '__proto__' ? '{"__proto__":{"polluted":true},' : '{"constructor":{"prototype":{"polluted":true}},'),
  })),
  // Batches: every member broken, too many members, empty, not an array.
  fc.array(validEvent.map((e) => ({ ...e, data: {} })), { minLength: 1, maxLength: 5 }).map((events) => ({ what: 'batch of invalid', contentType: batch, body: json(events) })),
  fc.constantFrom(json([]), json({}), json('text'), `[${'{},'.repeat(500)}{}]`).map((body) => ({ what: 'bad batch', contentType: batch, body })),
  // Binary mode with broken ce-* headers.
  fc.tuple(validEvent, fc.constantFrom('ce-specversion', 'ce-type', 'ce-source')).map(([e, broken]) => {
    const headers: Record<string, string> = { 'ce-specversion': '1.0', 'ce-id': e.id, 'ce-source': e.source, 'ce-type': e.type, [broken]: broken === 'ce-specversion' ? '2.0' : '' };
    return { what: `binary ${broken}`, contentType: 'application/json', headers, body: json(e.data) };
  }),
);

describe('hostile payloads: every answer is 4xx, nothing is stored (fast-check, real PostgreSQL)', () => {
  let db: TestDatabase;
  let runtime: PlatformRuntime;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    db = await createTestDatabase('ingestion_hostile');
    runtime = await openPlatformRuntime({ serviceName: 'ingestion', databaseUrl: db.url });
    const dataSource = await openServiceDataSource({ url: db.url, schema: 'ingestion', entities: [], migrations: INGESTION_MIGRATIONS });
    await new ConnectorsRepository(dataSource).ensureConnector('hostile', 'Hostile', PUBLIC_EVENTS.map((e) => e.type), hashConnectorKey(KEY));
    // No rate limit in the way: the point is what validation answers.
    const deps = { runtime, dataSource, catalogue: new EventCatalogue(ALL_EVENTS), rateLimitPerSecond: 1e9 };
    app = await createTestApp(IngestionModule.forRoot(deps), { config: testServiceConfig({ DATABASE_URL: db.url }), configure: configureIngestionHttp });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it(`answers ${RUNS.toLocaleString('en')} malformed or hostile requests with 4xx and leaves the event store unchanged`, async () => {
    const before = await countStoredEvents(db.url, 'interaction');
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(attempts, async (attempt) => {
        const headers: Record<string, string> = { authorization: `Bearer ${KEY}`, ...attempt.headers };
        if (attempt.contentType !== undefined) headers['content-type'] = attempt.contentType;
        const response = await app.inject({ method: 'POST', url: '/v1/events', payload: attempt.body, headers });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode < 400 || response.statusCode >= 500) {
          throw new Error(`${attempt.what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS, seed: 20261123 },
    );
    expect(before).toBe(0);
    expect(await countStoredEvents(db.url, 'interaction')).toBe(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // The run exercised the different refusals, not one of them 10,000 times.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 413, 415]));
  }, 180_000);
});
