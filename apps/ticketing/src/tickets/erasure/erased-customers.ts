import type { EntityManager } from 'typeorm';

/** What a read model shows instead of erased personal data. */
export const ERASED = '[erased]';

/**
 * Whether the customer was erased at or after `at` (so what happened at `at` is theirs to forget). A customer who
 * comes back after the erasure is served and shown as anyone else.
 */
export async function erasedAfter(manager: Pick<EntityManager, 'query'>, customerId: string | null | undefined, at: string): Promise<boolean> {
  if (!customerId) return false;
  const rows: unknown[] = await manager.query('SELECT 1 FROM erased_customers WHERE customer_id = $1 AND erased_at >= $2', [customerId, at]);
  return rows.length > 0;
}
