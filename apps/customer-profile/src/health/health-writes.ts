import type { EntityManager } from 'typeorm';
import type { HealthRow } from './reassess-health';

type Health = Pick<HealthRow, 'health_signals' | 'health_score' | 'churn_risk' | 'health_reasons'>;

/**
 * Per projection batch: the latest assessment of each customer stored in the transaction (written or not: a row
 * the batch read before it was written is overlaid with it), and which are not written yet.
 */
interface Batch {
  latest: Map<string, Health>;
  pending: Set<string>;
}
const batches = new WeakMap<EntityManager, Batch>();

/**
 * From now on assessments in this transaction are kept in memory and written in one statement by `flushHealth`
 * (a batch re-assesses the same customer many times). Every reader of the health columns in the transaction
 * overlays rows with `withPendingHealth` or calls `flushHealth` first.
 */
export function writeHealthBehind(manager: EntityManager): void {
  batches.set(manager, { latest: new Map(), pending: new Set() });
}

/** Stores a customer's assessment (behind, when the transaction writes behind). */
export async function storeHealth(manager: EntityManager, customerId: string, health: Health): Promise<void> {
  const batch = batches.get(manager);
  if (batch) {
    // As the database would give it back (jsonb), so a later reader in the batch sees the same values.
    batch.latest.set(customerId, JSON.parse(JSON.stringify(health)) as Health);
    batch.pending.add(customerId);
  } else {
    await manager.query(
      'UPDATE customers SET health_signals = $2, health_score = $3, churn_risk = $4, health_reasons = $5 WHERE id = $1',
      [customerId, JSON.stringify(health.health_signals), health.health_score, health.churn_risk, JSON.stringify(health.health_reasons)],
    );
  }
}

/** The row is gone (merged away): its assessment is not written, and a new row of the id starts without it. */
export function dropPendingHealth(manager: EntityManager, customerId: string): void {
  batches.get(manager)?.latest.delete(customerId);
  batches.get(manager)?.pending.delete(customerId);
}

/** The row with the latest assessment stored in this transaction, if any. */
export function withPendingHealth<R extends HealthRow>(manager: EntityManager, row: R): R {
  const health = batches.get(manager)?.latest.get(row.id);
  return health ? { ...row, ...health } : row;
}

/** Writes the assessments not written yet (one statement; none when there are none). */
export async function flushHealth(manager: EntityManager): Promise<void> {
  const batch = batches.get(manager);
  if (!batch || batch.pending.size === 0) return;
  const rows = [...batch.pending].map((id) => {
    const h = batch.latest.get(id) as Health;
    return { id, signals: h.health_signals, score: h.health_score, risk: h.churn_risk, reasons: h.health_reasons };
  });
  batch.pending.clear();
  await manager.query(
    `UPDATE customers c SET health_signals = t.signals, health_score = t.score, churn_risk = t.risk, health_reasons = t.reasons
     FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, signals jsonb, score integer, risk text, reasons jsonb) WHERE c.id = t.id`,
    [JSON.stringify(rows)],
  );
}

/** Before rows are deleted (erasure): writes what is pending and forgets every assessment kept. */
export async function forgetHealth(manager: EntityManager): Promise<void> {
  await flushHealth(manager);
  batches.get(manager)?.latest.clear();
}
