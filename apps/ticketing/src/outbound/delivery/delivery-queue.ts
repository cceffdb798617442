import type { DataSource } from 'typeorm';

/**
 * The durable to-do list of the delivery worker (table `outbound_deliveries`): one row per message that still
 * needs an attempt, with when it is due. It survives restarts, so a retry waiting out its backoff is not lost,
 * and several instances share it (`FOR UPDATE SKIP LOCKED`). Claiming pushes `due_at` out by a lease instead
 * of holding the lock while delivering: a long transaction would hold back every reader of the PostgreSQL
 * event store, and a crashed worker's claim simply expires. Attempt counts live in the event stream, not here.
 * All times are the database's clock.
 */
export class DeliveryQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Due now; a message already queued keeps its due time (a redelivered request changes nothing). */
  async enqueue(messageId: string): Promise<void> {
    await this.dataSource.query('INSERT INTO outbound_deliveries (message_id, due_at) VALUES ($1, now()) ON CONFLICT (message_id) DO NOTHING', [messageId]);
  }

  /** Takes up to `limit` due messages for `leaseMs`; another worker gets them only after the lease ran out. */
  async claimDue(limit: number, leaseMs: number): Promise<string[]> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING with [rows, count] instead of the rows.
    const rows: { message_id: string }[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbound_deliveries SET due_at = now() + $2 * interval '1 millisecond', claims = claims + 1
         WHERE message_id IN (
           SELECT message_id FROM outbound_deliveries WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ) RETURNING message_id
       ) SELECT message_id FROM claimed`,
      [limit, leaseMs],
    );
    return rows.map((r) => r.message_id);
  }

  async retryIn(messageId: string, delayMs: number): Promise<void> {
    await this.dataSource.query(`UPDATE outbound_deliveries SET due_at = now() + $2 * interval '1 millisecond' WHERE message_id = $1`, [messageId, delayMs]);
  }

  async remove(messageId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM outbound_deliveries WHERE message_id = $1', [messageId]);
  }
}
