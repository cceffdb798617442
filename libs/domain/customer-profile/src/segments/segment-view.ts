import type { Customer360 } from '../customer/customer-360';

/** What segment conditions can read about a customer: the 360 view reduced to comparable values. */
export interface SegmentView {
  tier: string | null;
  traits: Record<string, unknown>;
  tags: string[];
  orders: { count: number; lifetimeValue: Record<string, number>; lastOrderAt: string | null };
  tickets: { open: number; total: number; complaints: number; lastTicketAt: string | null };
  satisfaction: { lastCsat: number | null; lastNps: number | null; lastCes: number | null; trend: string | null };
  behaviour: { abandonedCarts: number; lastVisitAt: string | null };
  health: { score: number | null; churnRisk: string | null };
}

/** The segment view of a 360 view; the last visit is not part of the 360 shape, so the caller passes it. */
export function segmentViewOf(c: Customer360, lastVisitAt: string | null = null): SegmentView {
  return {
    tier: c.tier,
    traits: c.traits,
    tags: c.tags,
    orders: { count: c.orders.count, lifetimeValue: c.orders.lifetimeValue, lastOrderAt: c.orders.lastOrderAt },
    tickets: { open: c.tickets.open, total: c.tickets.total, complaints: c.tickets.complaints, lastTicketAt: c.tickets.lastTicketAt },
    satisfaction: { ...c.satisfaction },
    behaviour: { abandonedCarts: c.behaviour.abandonedCarts.length, lastVisitAt },
    health: { score: c.health.score, churnRisk: c.health.churnRisk },
  };
}
