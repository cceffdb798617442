import type { SegmentView } from './segment-view';

export const NOW = Date.UTC(2026, 5, 30, 12);
export const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

/** A gold customer with some history; override what a spec is about. */
export function viewOf(overrides: Partial<SegmentView> = {}): SegmentView {
  return {
    tier: 'gold',
    traits: { company: 'Northwind Traders', locale: 'de-DE' },
    tags: ['newsletter', 'b2b'],
    orders: { count: 7, lifetimeValue: { EUR: 1_250.5 }, lastOrderAt: daysAgo(12) },
    tickets: { open: 1, total: 4, complaints: 1, lastTicketAt: daysAgo(3) },
    satisfaction: { lastCsat: 4, lastNps: 9, lastCes: null, trend: 'stable' },
    behaviour: { abandonedCarts: 2, lastVisitAt: daysAgo(1) },
    health: { score: 82, churnRisk: 'low' },
    ...overrides,
  };
}
