import type { SimEvent } from '@csp/simulator';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IngestAnswer } from './send-tally';

export interface HttpTarget {
  /** Base URL of ingestion, e.g. http://localhost:3001 */
  url: string;
  connectorKey: string;
}

export interface HttpOutcome {
  answer: IngestAnswer;
  /** How many times the request was answered 429 before it went through. */
  throttled: number;
}

/** A failure that retrying cannot fix (wrong key, a batch too large): the run stops with this message. */
export class SendError extends Error {
  override readonly name = 'SendError';
}

const SERVER_ERROR_ATTEMPTS = 4;

/**
 * Posts one batch to `POST /v1/events` (batch mode; one event goes in structured mode) and returns the
 * per-event answer. A `429` waits for its Retry-After and tries again, as often as it takes; a `5xx` or a
 * network error is retried a few times with backoff; `401`, `403`, `413` are errors a retry cannot fix.
 * `signal` only cuts waits short: a request in flight is always finished.
 */
export async function postBatch(target: HttpTarget, batch: readonly SimEvent[], signal?: AbortSignal): Promise<HttpOutcome> {
  const single = batch.length === 1;
  const body = JSON.stringify(single ? batch[0] : batch);
  const contentType = single ? 'application/cloudevents+json' : 'application/cloudevents-batch+json';
  let throttled = 0;
  for (let failures = 0; ; ) {
    let response: Response;
    try {
      response = await fetch(eventsUrl(target.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${target.connectorKey}`, 'content-type': contentType },
        body,
      });
    } catch (error) {
      if (++failures >= SERVER_ERROR_ATTEMPTS) throw new SendError(`cannot reach ingestion at ${target.url} (is the platform running? \`npm start\`): ${causeOf(error)}`);
      await sleep(250 * 2 ** failures, undefined, { signal });
      continue;
    }
    const text = await response.text();
    if (response.status === 202) return { answer: parseAnswer(text), throttled };
    if (response.status === 400) return { answer: rejectedAll(batch, text), throttled };
    if (response.status === 429) {
      throttled++;
      await sleep(retryAfterMs(response.headers.get('retry-after')), undefined, { signal });
      continue;
    }
    if (response.status >= 500 && ++failures < SERVER_ERROR_ATTEMPTS) {
      await sleep(250 * 2 ** failures, undefined, { signal });
      continue;
    }
    throw new SendError(explain(response.status, text));
  }
}

/** `<url>/v1/events`, keeping a path prefix of `url` (ingestion behind a proxy at /ingest, ...). */
export function eventsUrl(url: string): string {
  return `${url.replace(/\/+$/, '')}/v1/events`;
}

/** Retry-After in seconds or as an HTTP date; a missing or unreadable one waits a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return 1_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1_000 : Math.max(0, date - now);
}

function parseAnswer(text: string): IngestAnswer {
  const body = JSON.parse(text) as Partial<IngestAnswer>;
  return { accepted: body.accepted ?? [], duplicates: body.duplicates ?? [], rejected: body.rejected ?? [] };
}

/** `400` means every event was rejected; the problem body carries `rejected` per event, or at least `errors`. */
function rejectedAll(batch: readonly SimEvent[], text: string): IngestAnswer {
  let problem: { rejected?: IngestAnswer['rejected']; errors?: Array<{ path: string; message: string }>; detail?: string } = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text.slice(0, 300) };
  }
  const errors = problem.errors ?? [{ path: '', message: problem.detail ?? 'rejected' }];
  return { accepted: [], duplicates: [], rejected: problem.rejected ?? batch.map((e, index) => ({ index, id: e.id, errors })) };
}

function explain(status: number, text: string): string {
  const detail = text.slice(0, 300);
  if (status === 401) return `ingestion refused the connector key (401): pass --key, or check <data-dir>/credentials.json. ${detail}`;
  if (status === 403) return `the connector key may not send these event types (403). ${detail}`;
  if (status === 413) return `a batch is too large for ingestion (413): use a smaller --batch-size. ${detail}`;
  return `ingestion answered ${status}: ${detail}`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
