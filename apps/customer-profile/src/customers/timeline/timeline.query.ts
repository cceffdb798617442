import type { DataSource } from 'typeorm';
import { membersOf, survivorOf } from '../customer-refresh';
import { decodeCursor, encodeCursor } from '../page-cursor';

export interface TimelineItem {
  eventId: string;
  type: string;
  at: string;
  /** The id the event named (an id merged into this customer, or the customer itself). */
  customerId: string;
  data: unknown;
}

/** Everything that happened to a customer (and every id merged into it), newest first, keyset-paged. */
export class TimelineQuery {
  constructor(private readonly dataSource: DataSource) {}

  async page(requested: string, limit: number, cursor?: string): Promise<{ customerId: string; items: TimelineItem[]; nextCursor: string | null } | undefined> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const id = await survivorOf(m, requested);
      const exists: unknown[] = await m.query('SELECT 1 FROM customers WHERE id = $1', [id]);
      if (exists.length === 0) return undefined;
      const after = decodeCursor(cursor, 2);
      const rows: { event_id: string; type: string; at: Date; customer_id: string; data: unknown }[] = await m.query(
        `SELECT event_id, type, at, customer_id, data FROM customer_timeline WHERE customer_id = ANY($1)
           AND ($2::timestamptz IS NULL OR (at, event_id) < ($2::timestamptz, $3::text))
         ORDER BY at DESC, event_id DESC LIMIT $4`,
        [await membersOf(m, id), after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => ({ eventId: r.event_id, type: r.type, at: r.at.toISOString(), customerId: r.customer_id, data: r.data }));
      const last = items[items.length - 1];
      return { customerId: id, items, nextCursor: rows.length > limit && last ? encodeCursor([last.at, last.eventId]) : null };
    });
  }
}
