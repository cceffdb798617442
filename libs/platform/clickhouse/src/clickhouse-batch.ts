import { createHash } from 'node:crypto';
import type { AnalyticsRow } from './analytics-store.port';

/** The event a set of rows was derived from, and the consumer position to store once they are durable. */
export interface RowSource<C> {
  eventId: string;
  checkpoint: C;
}

export interface TableRow {
  table: string;
  row: AnalyticsRow;
}

export interface BatchInsert {
  table: string;
  rows: AnalyticsRow[];
  deduplicationToken: string;
}

/**
 * The token for one table's share of a batch: the same table and the same events in the same order give the
 * same token, so re-inserting a batch after a failure or a crash is dropped by ClickHouse.
 */
export function batchDeduplicationToken(table: string, eventIds: readonly string[]): string {
  // JSON keeps the encoding unambiguous whatever characters the ids contain.
  const hash = createHash('sha256').update(JSON.stringify([table, eventIds])).digest('hex');
  return `${table}:${hash}`;
}

/** Rows collected for one flush, grouped by table, in the order their events were added. */
export class RowBatch<C> {
  private readonly tables = new Map<string, { rows: AnalyticsRow[]; eventIds: string[] }>();
  private readonly events = new Set<string>();
  rowCount = 0;
  /** Checkpoint of the last event added: what becomes durable when this batch is. */
  checkpoint: C | undefined;
  /** Sequence number (writer-wide) of the last event added. */
  lastSeq = 0;

  get isEmpty(): boolean {
    return this.events.size === 0;
  }

  has(eventId: string): boolean {
    return this.events.has(eventId);
  }

  /** An event with no rows still counts: its checkpoint must become durable too. */
  add(source: RowSource<C>, rows: readonly TableRow[], seq: number): void {
    this.events.add(source.eventId);
    this.checkpoint = source.checkpoint;
    this.lastSeq = seq;
    for (const { table, row } of rows) {
      let entry = this.tables.get(table);
      if (!entry) this.tables.set(table, (entry = { rows: [], eventIds: [] }));
      entry.rows.push(row);
      if (entry.eventIds[entry.eventIds.length - 1] !== source.eventId) entry.eventIds.push(source.eventId);
      this.rowCount++;
    }
  }

  inserts(): BatchInsert[] {
    return [...this.tables].map(([table, { rows, eventIds }]) => ({
      table,
      rows,
      deduplicationToken: batchDeduplicationToken(table, eventIds),
    }));
  }
}
