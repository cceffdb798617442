import type { CustomerErasedData } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { DataSource } from 'typeorm';
import { ERASED } from './erased-customers';

/**
 * Ticketing forgets an erased customer (cs.customer.erased.v1, with the customers merged into it): subjects and
 * message bodies of their tickets, the addresses replies went to, threads, tier and merge links. What does not
 * identify the person stays (numbers, times, statuses, teams, SLA outcomes), so reports keep adding up. One
 * transaction; idempotent. The read models redact events of those customers that they apply later
 * (erased-customers.ts). The ticket streams themselves still hold the data: see docs/ticketing.md, "Erasure".
 */
export class CustomerErasureProcess {
  constructor(private readonly dataSource: DataSource) {}

  async handle(event: DeliveredEvent): Promise<void> {
    if (event.type !== 'cs.customer.erased.v1') return;
    const d = event.data as CustomerErasedData;
    await this.dataSource.transaction(async (manager) => {
      const [{ ids }]: { ids: string[] }[] = await manager.query(
        `SELECT array_agg(DISTINCT id) AS ids FROM (
           SELECT unnest($1::uuid[]) AS id
           UNION SELECT customer_id FROM customer_aliases WHERE survivor_id = ANY($1::uuid[])) c`,
        [[d.customerId, ...d.alsoErasedIds]],
      );
      await manager.query(
        `INSERT INTO erased_customers (customer_id, erased_at) SELECT unnest($1::uuid[]), $2
         ON CONFLICT (customer_id) DO UPDATE SET erased_at = GREATEST(erased_customers.erased_at, EXCLUDED.erased_at)`,
        [ids, d.at],
      );
      await manager.query(
        `UPDATE tickets SET subject = $2,
           messages = coalesce((SELECT jsonb_agg(m || jsonb_build_object('body', $2::text)) FROM jsonb_array_elements(messages) m), '[]'::jsonb)
         WHERE customer_id = ANY($1::uuid[])`,
        [ids, ERASED],
      );
      await manager.query('DELETE FROM ticket_contacts WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ANY($1::uuid[]))', [ids]);
      await manager.query('DELETE FROM ticket_threads WHERE customer_id = ANY($1::uuid[])', [ids]);
      await manager.query('DELETE FROM customer_tiers WHERE customer_id = ANY($1::uuid[])', [ids]);
      await manager.query('DELETE FROM customer_aliases WHERE customer_id = ANY($1::uuid[]) OR survivor_id = ANY($1::uuid[])', [ids]);
      await manager.query('UPDATE outbound_messages SET to_address = $2, subject = NULL WHERE customer_id = ANY($1::uuid[])', [ids, ERASED]);
    });
  }
}
