import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from './bench-progress';
import { dealRoundRobin } from './bench-workers';

/** The launcher's credentials and the URLs of ingestion and ticketing. */
export interface PlatformApi {
  ingestion: string;
  ticketing: string;
  connector: string;
  admin: string;
}

export function platformApi(dataDir: string, portOffset: number): PlatformApi {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { connector: string; admin: string };
  return { ingestion: `http://127.0.0.1:${3001 + portOffset}`, ticketing: `http://127.0.0.1:${3002 + portOffset}`, ...credentials };
}

/** PUT /v1/config/<kind> as the admin; throws unless 200. */
export async function putConfig(api: PlatformApi, kind: string, document: unknown): Promise<void> {
  const response = await fetch(`${api.ticketing}/v1/config/${kind}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${api.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(document),
  });
  if (response.status !== 200) throw new Error(`PUT /v1/config/${kind} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
}

/** The starter team with enough agents for every ticket of the run (capacity is per agent, at most 1,000). */
export function benchTeams(agents: number): unknown {
  const ids = Array.from({ length: agents }, (_, i) => `bench-agent-${i + 1}`);
  return {
    agents: [
      ...ids.map((id) => ({ id, skills: ['first-line'], capacity: 1000, available: true })),
      { id: 'embedded-lead', name: 'Demo lead', skills: ['first-line', 'escalations'], capacity: 0, available: true },
    ],
    teams: [{ id: 'support', name: 'Support', strategy: 'least_loaded', leadId: 'embedded-lead', members: ids }],
  };
}

/** POST one CloudEvent (structured mode), as a connector sending each message as it arrives. */
export async function postOne(api: PlatformApi, event: unknown): Promise<void> {
  const response = await fetch(`${api.ingestion}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.connector}`, 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify(event),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`ingestion answered ${response.status}: ${text.slice(0, 300)}`);
}

/** Posts events in batches, `concurrency` requests in flight, honouring 429; every event must be accepted. */
export async function postBatches(api: PlatformApi, events: readonly unknown[], o: { batchSize: number; concurrency: number }, progress: Progress): Promise<number> {
  const firsts = Array.from({ length: Math.ceil(events.length / o.batchSize) }, (_, b) => b * o.batchSize);
  const started = performance.now();
  await Promise.all(
    dealRoundRobin(firsts, o.concurrency).map(async (queue) => {
      for (const first of queue) {
        const batch = events.slice(first, first + o.batchSize);
        await postBatch(api, batch);
        progress.increment(batch.length);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function postBatch(api: PlatformApi, batch: readonly unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${api.ingestion}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.connector}`, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(batch),
    });
    const text = await response.text();
    if (response.status === 429 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (response.status !== 202) throw new Error(`ingestion answered ${response.status}: ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as { accepted?: unknown[]; rejected?: unknown[] };
    if (body.rejected?.length) throw new Error(`ingestion rejected ${body.rejected.length} events, e.g. ${JSON.stringify(body.rejected[0]).slice(0, 300)}`);
    return;
  }
}

/**
 * Open-loop pacing: call `send(i)` at `rate` per second from now, without waiting for earlier calls (a slow
 * answer never delays the next message). Returns when every call settled; `lateMs` is how far the sender
 * itself fell behind its schedule at worst.
 */
export async function paced(count: number, rate: number, send: (i: number) => Promise<void>, progress: Progress): Promise<{ seconds: number; lateMs: number; errors: string[] }> {
  const started = performance.now();
  const calls: Promise<void>[] = [];
  const errors: string[] = [];
  let lateMs = 0;
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lateMs = Math.max(lateMs, performance.now() - due);
    calls.push(
      send(i).then(
        () => progress.increment(),
        (error: unknown) => {
          errors.push(error instanceof Error ? error.message : String(error));
          progress.increment();
        },
      ),
    );
  }
  await Promise.all(calls);
  return { seconds: (performance.now() - started) / 1000, lateMs, errors };
}
