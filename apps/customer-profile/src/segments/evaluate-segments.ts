import type { SegmentEnteredData, SegmentLeftData } from '@csp/contracts';
import { membershipChanges, type Segment, segmentViewOf } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';
import { Customer360Query } from '../customers/customer-360.query';
import { perTransaction } from '../customers/per-transaction';
import { flushFacts } from '../customers/timeline-writes';
import { flushHealth } from '../health/health-writes';
import { ProfileEvents } from '../identity/profile-events';

const views = new Customer360Query();

/** The segments of the document the projection last applied (none before the first PUT); applyProfileConfig forgets it. */
export const currentSegments = perTransaction(async (manager): Promise<Segment[]> => {
  const [row]: { document: SegmentsDocument | null }[] = await manager.query(`SELECT ${SEGMENTS_DOCUMENT_SQL} AS document`);
  return segmentsOf(row.document);
});
export const SEGMENTS_DOCUMENT_SQL = `(SELECT document FROM profile_config WHERE kind = 'segments')`;
type SegmentsDocument = { segments?: Segment[] };
export const segmentsOf = (document: SegmentsDocument | null): Segment[] => document?.segments ?? [];

/**
 * Evaluates the customer's membership against the stored one (so time alone and a removed segment count too),
 * publishes one entered / left event per segment (ids derived from the cause) and stores the new membership.
 */
export async function evaluateSegments(
  manager: EntityManager, customerId: string, segments: readonly Segment[], now: Date, cause: { id: string },
): Promise<void> {
  // The view and the signals below are read from the tables: what the batch keeps in memory goes there first.
  await flushFacts(manager);
  await flushHealth(manager);
  const view = await views.load(manager, customerId);
  if (!view || view.id !== customerId) return;
  const [signals]: { last_visit: string | null }[] = await manager.query(
    `SELECT (health_signals->>'lastVisitAt') AS last_visit FROM customers WHERE id = $1`,
    [customerId],
  );
  const lastVisitAt = signals?.last_visit ? new Date(Number(signals.last_visit)).toISOString() : null;
  const { entered, left } = membershipChanges(segments, view.segments, segmentViewOf(view, lastVisitAt), now);
  if (entered.length === 0 && left.length === 0) return;
  const at = now.toISOString();
  for (const segmentId of entered) {
    const data: SegmentEnteredData = { customerId, segmentId, at };
    await ProfileEvents.announce(manager, customerId, `segment-entered:${segmentId}`, 'cs.segment.entered.v1', data, cause.id);
  }
  for (const segmentId of left) {
    const data: SegmentLeftData = { customerId, segmentId, at };
    await ProfileEvents.announce(manager, customerId, `segment-left:${segmentId}`, 'cs.segment.left.v1', data, cause.id);
  }
  const members = [...view.segments.filter((s) => !left.includes(s)), ...entered].sort();
  await manager.query('UPDATE customers SET segments = $2 WHERE id = $1', [customerId, members]);
}
