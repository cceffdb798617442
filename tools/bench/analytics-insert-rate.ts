import type { ClickHouseClient } from '@clickhouse/client';
import type { AnalyticsRow, AnalyticsStore, TableRow } from '@csp/clickhouse';
import { Topics } from '@csp/contracts';
import { type BusMessage, type DeliveredEvent, type MessageBus, messageToEvent } from '@csp/message-bus';
import { simulateTraffic } from '@csp/simulator';
import {
  AnalyticsFactsWorker, customerEventRows, interactionEventRows, migrateAnalytics, ticketingEventRows,
} from '../replay/analytics/analytics-app';
import { simulatedMessages } from '../replay/analytics/replay-fixture';
import type { Progress } from './bench-progress';
import type { Measurement } from './bench-report';
import { analyticsTicketMessages } from './analytics-ticket-messages';

/** The same table the worker picks for a topic (its ROWS_BY_TOPIC), for computing the bare path's rows. */
const ROWS_OF: Record<string, (event: DeliveredEvent) => TableRow[]> = {
  [Topics.interactions]: interactionEventRows,
  [Topics.ticketing]: ticketingEventRows,
  [Topics.customers]: customerEventRows,
};

/**
 * About `events` messages, as the log bus delivers them: 60 % ticket lifecycles, 40 % simulator connector
 * traffic (messages, orders, page views, survey answers...), merged in time order, positions renumbered.
 */
export function insertWorkload(seed: string, events: number): BusMessage[] {
  const start = new Date('2026-11-01T00:00:00Z');
  const tickets = analyticsTicketMessages(seed, Math.ceil((events * 0.6) / 9), start, 0n);
  const traffic = simulatedMessages(simulateTraffic({ seed, customers: Math.ceil(events / 20), days: 30, start }).slice(0, events - tickets.length));
  const merged = [...tickets, ...traffic].sort((a, b) => (a.headers['ce_time'] < b.headers['ce_time'] ? -1 : a.headers['ce_time'] > b.headers['ce_time'] ? 1 : 0));
  return merged.map((m, i) => ({ ...m, position: BigInt(i + 1) }));
}

/** Ours: AnalyticsFactsWorker.write per delivered batch (mapping, batching, dedup tokens, the MVs firing). */
export async function oursInsert(store: AnalyticsStore, batches: readonly BusMessage[][], progress: Progress): Promise<Measurement> {
  const worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (const batch of batches) {
    const t = performance.now();
    await worker.write(batch);
    latenciesMs.push(performance.now() - t);
    progress.increment(batch.length);
  }
  progress.stop();
  return { label: 'AnalyticsFactsWorker.write (tokens, ReplacingMergeTree, MVs)', items: count(batches), seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** The rows of every batch grouped by table, computed before the bare path is timed. */
export function bareRows(batches: readonly BusMessage[][]): Array<Map<string, AnalyticsRow[]>> {
  return batches.map((batch) => {
    const byTable = new Map<string, AnalyticsRow[]>();
    for (const message of batch) {
      const event = messageToEvent(message);
      if (!event) continue;
      for (const { table, row } of ROWS_OF[message.topic]?.(event) ?? []) {
        if (!byTable.has(table)) byTable.set(table, []);
        byTable.get(table)?.push(row);
      }
    }
    return byTable;
  });
}

/**
 * Where the bare path writes. `plain` (the baseline): MergeTree copies of the fact tables with the same
 * columns, no deduplication window, no MVs. The others explain the gap: `sorted` has our engines (ReplacingMergeTree,
 * sorted by key) without the deduplication window; `engines` adds the window, still without MVs; `engines+mvs` is the
 * whole schema, migrations included, in a database of its own.
 */
export type BareSchema = 'plain' | 'sorted' | 'engines' | 'engines+mvs';

export async function createBareTables(
  client: ClickHouseClient, store: AnalyticsStore, schema: BareSchema, tables: readonly string[],
): Promise<string> {
  const db = `bare_${schema.replace(/\W/g, '_')}`;
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  if (schema === 'engines+mvs') {
    // chDB's session database is per connection: the store's session migrates the scratch database.
    await store.command(`USE ${db}`);
    try {
      await migrateAnalytics(store);
    } finally {
      await store.command('USE default');
    }
    return db;
  }
  for (const table of tables) {
    const engine = schema === 'plain' ? ' ENGINE = MergeTree ORDER BY tuple()' : '';
    await client.command({ query: `CREATE TABLE ${db}.${table} AS default.${table}${engine}` });
    if (schema === 'sorted') await client.command({ query: `ALTER TABLE ${db}.${table} MODIFY SETTING non_replicated_deduplication_window = 0` });
  }
  return db;
}

/** Bare: one JSONEachRow insert per table per batch, the same rows, no token (best_effort only to read ISO times). */
export async function bareInsert(
  client: ClickHouseClient, db: string, label: string, batches: readonly BusMessage[][], rows: ReadonlyArray<Map<string, AnalyticsRow[]>>, progress: Progress,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < rows.length; i++) {
    const t = performance.now();
    for (const [table, values] of rows[i]) {
      await client.insert({ table: `${db}.${table}`, values, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
    }
    latenciesMs.push(performance.now() - t);
    progress.increment(batches[i].length);
  }
  progress.stop();
  return { label, items: count(batches), seconds: (performance.now() - started) / 1000, latenciesMs };
}

const count = (batches: readonly BusMessage[][]) => batches.reduce((n, b) => n + b.length, 0);
