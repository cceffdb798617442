import { randomUUID } from 'node:crypto';
import { messageData } from './bench-payloads';
import type { Progress } from './bench-progress';
import { dealRoundRobin } from './bench-workers';

export interface LoadOptions {
  /** Base URL of ingestion, e.g. http://127.0.0.1:3501 */
  baseUrl: string;
  connectorKey: string;
  events: number;
  batchSize: number;
  concurrency: number;
  payloadBytes: number;
  /** Distinct customers the messages come from (tickets and profiles are per customer). */
  customers: number;
}

export interface LoadResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
  firstRejection?: string;
}

/** The CloudEvents batch a connector would send: inbound e-mails, `id` unique per run. */
export function messageBatch(run: string, first: number, count: number, o: Pick<LoadOptions, 'payloadBytes' | 'customers'>): unknown[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const data = messageData(i, o.payloadBytes) as { customer: Record<string, string> };
    data.customer = { email: `bench-${i % o.customers}@example.com` };
    return { specversion: '1.0', id: `${run}-${i}`, source: '/bench/memory', type: 'cs.message.received.v1', time: new Date().toISOString(), data };
  });
}

/** Posts the events in batches, `concurrency` requests in flight; 429 is honoured (Retry-After) and retried. */
export async function postEvents(o: LoadOptions, progress: Progress): Promise<LoadResult> {
  const run = randomUUID().slice(0, 8);
  const firsts = Array.from({ length: Math.ceil(o.events / o.batchSize) }, (_, b) => b * o.batchSize);
  const result: LoadResult = { accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };
  const started = performance.now();
  await Promise.all(
    dealRoundRobin(firsts, o.concurrency).map(async (queue) => {
      for (const first of queue) {
        const batch = messageBatch(run, first, Math.min(o.batchSize, o.events - first), o);
        const body = await postBatch(o, batch);
        result.accepted += body.accepted?.length ?? 0;
        result.duplicates += body.duplicates?.length ?? 0;
        result.rejected += body.rejected?.length ?? 0;
        if (body.rejected?.length) result.firstRejection ??= JSON.stringify(body.rejected[0]).slice(0, 500);
        progress.increment(batch.length);
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

interface IngestResponse {
  accepted?: unknown[];
  duplicates?: unknown[];
  rejected?: unknown[];
}

async function postBatch(o: LoadOptions, batch: unknown[]): Promise<IngestResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${o.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.connectorKey}`, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(batch),
    });
    const text = await response.text();
    if (response.status === 429 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (response.status !== 202 && response.status !== 400) throw new Error(`ingestion answered ${response.status}: ${text.slice(0, 500)}`);
    return response.status === 202 ? (JSON.parse(text) as IngestResponse) : { rejected: batch.map(() => text.slice(0, 500)) };
  }
}
