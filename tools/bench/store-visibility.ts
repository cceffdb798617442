import { PostgresEventStore } from '@csp/event-store';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { progressBar } from './bench-progress';
import { markdownTable, percentile } from './bench-report';

export interface VisibilityOptions {
  url: string;
  /** Events appended per path, one every `intervalMs`. */
  events: number;
  intervalMs: number;
  /** How long the read-model writer keeps each of its transactions open (it holds a transaction id all along). */
  holdMs: number;
}

interface Lags {
  label: string;
  lagsMs: number[];
}

/**
 * How long an appended event takes to reach a subscriber while a projection-like writer in the same database keeps
 * a transaction open (`holdMs` at a time, back to back). Ours: `PostgresEventStore.subscribe`, which reads below
 * the horizon of appending transactions. Bare: LISTEN/NOTIFY plus `position > last seen`, the fastest possible
 * reader, which is unsafe (it skips an event whose transaction commits after a later one) and waits for nothing.
 */
export async function visibilityLags(o: VisibilityOptions): Promise<Lags[]> {
  return [await withHeldTransaction(o, () => oursLags(o)), await withHeldTransaction(o, () => bareLags(o))];
}

export function visibilityTable(results: Lags[], o: VisibilityOptions): string {
  const fixed = (n: number) => n.toFixed(1);
  const rows = results.map((r) => [r.label, String(r.lagsMs.length), fixed(percentile(r.lagsMs, 50)), fixed(percentile(r.lagsMs, 95)), fixed(Math.max(...r.lagsMs))]);
  const [ours, bare] = results;
  return [
    markdownTable(['path', 'events', 'p50 ms', 'p95 ms', 'max ms'], rows),
    '',
    `Append -> delivery while another connection of the same database holds a transaction id for ${o.holdMs} ms at a time ` +
      `(one event every ${o.intervalMs} ms). ours / bare p95: ${(percentile(ours.lagsMs, 95) / Math.max(0.1, percentile(bare.lagsMs, 95))).toFixed(1)}x.`,
  ].join('\n');
}

async function withHeldTransaction(o: VisibilityOptions, run: () => Promise<Lags>): Promise<Lags> {
  const writer = new Client({ connectionString: o.url });
  await writer.connect();
  let running = true;
  const holding = (async () => {
    while (running) {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_current_xact_id()');
      await new Promise((r) => setTimeout(r, o.holdMs));
      await writer.query('COMMIT');
    }
  })();
  try {
    return await run();
  } finally {
    running = false;
    await holding;
    await writer.end();
  }
}

async function oursLags(o: VisibilityOptions): Promise<Lags> {
  const store = await PostgresEventStore.create({ connectionString: o.url, schema: 'bench_visibility' });
  const sentAt = new Map<string, number>();
  const lagsMs: number[] = [];
  const stop = new AbortController();
  try {
    const reading = (async () => {
      for await (const page of store.subscribe({ filter: { categories: ['lag'] }, signal: stop.signal })) {
        for (const e of page) lagsMs.push(performance.now() - (sentAt.get(e.type) ?? Number.NaN));
        if (lagsMs.length >= o.events) return;
      }
    })();
    await paced(o, 'ours: append -> subscribe', async (i) => {
      sentAt.set(`e${i}`, performance.now());
      await store.append(`lag-${i}`, [{ id: randomUUID(), type: `e${i}`, data: {} }], { expectedRevision: 'no_stream' });
    });
    await reading;
    return { label: 'ours: PostgresEventStore.append -> subscribe', lagsMs };
  } finally {
    stop.abort();
    await store.close();
  }
}

async function bareLags(o: VisibilityOptions): Promise<Lags> {
  const writer = new Client({ connectionString: o.url });
  const reader = new Client({ connectionString: o.url });
  await Promise.all([writer.connect(), reader.connect()]);
  await writer.query('CREATE TABLE IF NOT EXISTS bench_visibility_bare (position bigserial PRIMARY KEY, sent double precision NOT NULL)');
  await reader.query('LISTEN bench_visibility_bare');
  const lagsMs: number[] = [];
  let last = 0;
  let reading = Promise.resolve();
  const read = async () => {
    const { rows } = await reader.query<{ position: string; sent: number }>('SELECT position, sent FROM bench_visibility_bare WHERE position > $1 ORDER BY position', [last]);
    for (const row of rows) {
      lagsMs.push(performance.now() - row.sent);
      last = Number(row.position);
    }
  };
  reader.on('notification', () => (reading = reading.then(read)));
  try {
    await paced(o, 'bare: INSERT + NOTIFY -> LISTEN', async () => {
      await writer.query(`WITH i AS (INSERT INTO bench_visibility_bare (sent) VALUES ($1)) SELECT pg_notify('bench_visibility_bare', '')`, [performance.now()]);
    });
    while (lagsMs.length < o.events) await (reading = reading.then(read));
    return { label: 'bare: INSERT + NOTIFY -> LISTEN, position > last (unsafe)', lagsMs };
  } finally {
    await Promise.all([writer.end(), reader.end()]);
  }
}

async function paced(o: VisibilityOptions, label: string, send: (i: number) => Promise<void>): Promise<void> {
  const bar = progressBar(label, o.events);
  for (let i = 0; i < o.events; i++) {
    await send(i);
    bar.increment();
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
  bar.stop();
}
