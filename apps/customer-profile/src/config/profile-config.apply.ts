import type { ProfileConfigChangedData } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { EntityManager } from 'typeorm';
import type { CustomerCare } from '../care/customer-care';
import { currentSegments } from '../segments/evaluate-segments';

/**
 * A configuration document as the projection saw it, so membership is a function of the events alone. A newer
 * segments document re-evaluates every customer (ids derived from the event: a redelivery finds the same version
 * stored and does nothing): the first page in the event's transaction, the rest by `continueReview` when the
 * service gives one (a page per transaction on the scheduler, so a large customer base does not hold the
 * projection in one huge transaction), else here too.
 */
export async function applyProfileConfig(event: DeliveredEvent, manager: EntityManager, care: CustomerCare): Promise<void> {
  if (event.type !== 'cs.customer-profile.config-changed.v1') return;
  const { kind, version, document } = event.data as ProfileConfigChangedData;
  const stored: unknown[] = await manager.query(
    `INSERT INTO profile_config (kind, version, document) VALUES ($1, $2, $3)
     ON CONFLICT (kind) DO UPDATE SET version = EXCLUDED.version, document = EXCLUDED.document WHERE profile_config.version < EXCLUDED.version
     RETURNING kind`,
    [kind, version, JSON.stringify(document)],
  );
  if (stored.length === 0 || kind !== 'segments') return;
  currentSegments.forget(manager);
  let after = await care.reviewAll(manager, { id: event.id }, { health: false }, null);
  if (after && care.continueReview) return care.continueReview(manager, event.id, after);
  while (after) after = await care.reviewAll(manager, { id: event.id }, { health: false }, after);
}
