import type { Segment, SegmentCondition } from '@csp/customer-profile-domain';

/** The segment fields (prefixes) each kind of fact can move. */
const MOVES: Readonly<Record<string, readonly string[]>> = {
  'cs.order.placed.v1': ['orders.'],
  'cs.order.refunded.v1': ['orders.'],
  'cs.page.viewed.v1': ['behaviour.lastVisitAt'],
  'cs.product.viewed.v1': ['behaviour.lastVisitAt'],
  'cs.cart.abandoned.v1': ['behaviour.'],
  'cs.survey.answered.v1': ['satisfaction.'],
};
const HEALTH_FIELDS = ['health.', 'churnRisk'];

/** Every field the segments' conditions read. */
export function fieldsOf(segments: readonly Segment[]): string[] {
  const fields = new Set<string>();
  const walk = (c: SegmentCondition): void => {
    if (c.field) fields.add(c.field);
    c.all?.forEach(walk);
    c.any?.forEach(walk);
    if (c.not) walk(c.not);
  };
  segments.forEach((s) => walk(s.conditions));
  return [...fields];
}

/**
 * Whether a fact of `type` (and a health assessment that moved, or not) can change what the segments read. A page
 * view then costs no segment evaluation unless a segment looks at the last visit.
 */
export function mayMoveSegments(fields: readonly string[], type: string | undefined, healthMoved: boolean): boolean {
  const prefixes = [...(type?.startsWith('cs.ticket.') || type === 'cs.sla.breached.v1' ? ['tickets.'] : MOVES[type ?? ''] ?? []), ...(healthMoved ? HEALTH_FIELDS : [])];
  return fields.some((f) => prefixes.some((p) => f.startsWith(p)));
}
