import { simulateTraffic, type SimEvent } from '@csp/simulator';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventsUrl, retryAfterMs, SendError } from './http-sender';
import { sendTraffic } from './send-traffic';
import { totals } from './send-tally';

interface Recorded {
  contentType: string;
  authorization: string;
  ids: string[];
}

type Responder = (ids: string[], req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for ingestion's POST /v1/events that records requests; `respond` decides the answer. */
async function fakeIngestion(respond: Responder): Promise<{ url: string; requests: Recorded[]; server: Server }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as SimEvent | SimEvent[];
      const ids = (Array.isArray(parsed) ? parsed : [parsed]).map((e) => e.id);
      requests.push({ contentType: String(req.headers['content-type']), authorization: String(req.headers.authorization), ids });
      respond(ids, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

/** Like ingestion: a (source, id) seen before is a duplicate; `rejectId` is invalid; the first request is throttled. */
function ingestionLike(rejectId: string): Responder {
  const seen = new Set<string>();
  let requests = 0;
  return (ids, _req, res) => {
    if (requests++ === 0) return json(res, 429, { code: 'RATE_LIMITED' }, { 'retry-after': '0' });
    const result = { accepted: [] as object[], duplicates: [] as object[], rejected: [] as object[] };
    ids.forEach((id, index) => {
      if (id === rejectId) result.rejected.push({ index, id, errors: [{ path: '/data/customer/phone', message: 'is not a valid phone number' }] });
      else (seen.has(id) ? result.duplicates : result.accepted).push({ id, eventId: `e-${id}` });
      seen.add(id);
    });
    json(res, 202, result);
  };
}

describe('sendTraffic over HTTP', () => {
  const events = simulateTraffic({ seed: 9, customers: 30, days: 2 });
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const start = async (respond: Responder) => {
    const fake = await fakeIngestion(respond);
    servers.push(fake.server);
    return fake;
  };

  it('posts batches in time order, retries a 429 after Retry-After, and tallies the answers', async () => {
    const fake = await start(ingestionLike(events[2].id));
    const http = { url: fake.url, connectorKey: 'csk_test' };
    const progress: number[] = [];
    const first = await sendTraffic(events, { http, rate: 0, batchSize: 25, onProgress: (n) => progress.push(n) });

    expect(first.error).toBeUndefined();
    expect(first.tally.throttled).toBe(1);
    expect(totals(first.tally)).toMatchObject({ generated: events.length, sent: events.length, accepted: events.length - 1, duplicates: 0, rejected: 1 });
    expect(first.tally.rejections).toEqual([{ id: events[2].id, type: events[2].type, reason: '/data/customer/phone is not a valid phone number' }]);
    expect(fake.requests[0].ids).toEqual(fake.requests[1].ids); // the throttled batch, sent again
    expect(fake.requests.slice(1).flatMap((r) => r.ids)).toEqual(events.map((e) => e.id));
    expect(fake.requests.every((r) => r.contentType === 'application/cloudevents-batch+json' && r.authorization === 'Bearer csk_test')).toBe(true);
    expect(progress[progress.length - 1]).toBe(events.length);

    const again = await sendTraffic(events, { http, rate: 0, batchSize: 100 });
    expect(totals(again.tally)).toMatchObject({ accepted: 0, duplicates: events.length - 1, rejected: 1 });
  });

  it('sends a single event in structured mode', async () => {
    const fake = await start((ids, _req, res) => json(res, 202, { accepted: ids.map((id) => ({ id, eventId: id })), duplicates: [], rejected: [] }));
    const report = await sendTraffic(events.slice(0, 3), { http: { url: fake.url, connectorKey: 'k' }, rate: 0, batchSize: 1 });
    expect(totals(report.tally).accepted).toBe(3);
    expect(fake.requests.map((r) => r.contentType)).toEqual(Array(3).fill('application/cloudevents+json'));
  });

  it('counts a 400 (every event rejected) from the problem body, and stops on a 401 with advice', async () => {
    const problem = await start((ids, _req, res) => json(res, 400, { code: 'VALIDATION', errors: [], rejected: ids.map((id, index) => ({ index, id, errors: [{ path: '/type', message: 'unknown' }] })) }));
    const rejected = await sendTraffic(events.slice(0, 5), { http: { url: problem.url, connectorKey: 'k' }, rate: 0, batchSize: 5 });
    expect(totals(rejected.tally)).toMatchObject({ sent: 5, accepted: 0, rejected: 5 });

    const refused = await start((_ids, _req, res) => json(res, 401, { code: 'AUTH.UNAUTHENTICATED' }));
    const report = await sendTraffic(events, { http: { url: refused.url, connectorKey: 'wrong' }, rate: 0, batchSize: 10 });
    expect(report.error).toBeInstanceOf(SendError);
    expect(report.error?.message).toContain('--key');
    expect(report.delivered).toBe(0);
  });

  it('stops after the request in flight when aborted (Ctrl-C), and paces by --rate', async () => {
    const fake = await start((ids, _req, res) => json(res, 202, { accepted: ids.map((id) => ({ id, eventId: id })), duplicates: [], rejected: [] }));
    const stop = new AbortController();
    const began = performance.now();
    const report = await sendTraffic(events, {
      http: { url: fake.url, connectorKey: 'k' }, rate: 100, batchSize: 10, signal: stop.signal,
      onProgress: (delivered) => delivered >= 30 && stop.abort(),
    });
    expect(report).toMatchObject({ stopped: true, delivered: 30 });
    expect(fake.requests).toHaveLength(3);
    // 30 events at 100/s: the third request is due 200 ms after the first.
    expect(performance.now() - began).toBeGreaterThanOrEqual(190);
  });

  it('reads Retry-After in seconds or as a date, and keeps a path prefix of --url', () => {
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(retryAfterMs(null)).toBe(1_000);
    expect(eventsUrl('http://proxy/ingest/')).toBe('http://proxy/ingest/v1/events');
  });
});
