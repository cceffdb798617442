/** `Customer360` of api.md. Parts the later customer-profile work fills are present with empty values. */
export interface Customer360 {
  id: string;
  identities: { kind: string; value: string }[];
  traits: Record<string, unknown>;
  tier: string | null;
  tags: string[];
  segments: string[];
  orders: { count: number; lifetimeValue: Record<string, number>; currency: string | null; lastOrderAt: string | null };
  tickets: {
    open: number;
    total: number;
    complaints: number;
    lastTicketAt: string | null;
    recent: { id: string; number: number; status: string; channel: string; subject: string; openedAt: string }[];
  };
  satisfaction: { lastCsat: number | null; lastNps: number | null; lastCes: number | null; trend: string | null };
  behaviour: { recentPages: unknown[]; recentProducts: unknown[]; abandonedCarts: unknown[] };
  marketing: { recent: unknown[] };
  social: { mentions: unknown[] };
  health: { score: number | null; churnRisk: 'low' | 'medium' | 'high' | null; reasons: string[] };
  mergedFrom: string[];
}

/** Ticket counts of the 360 view: open = not solved or closed; complaints = tickets categorised `complaint`. */
export function summariseTickets(tickets: readonly { status: string; openedAt: Date; category?: string | null }[]) {
  const latest = tickets.reduce<Date | undefined>((max, t) => (!max || t.openedAt > max ? t.openedAt : max), undefined);
  return {
    open: tickets.filter((t) => t.status !== 'solved' && t.status !== 'closed').length,
    total: tickets.length,
    complaints: tickets.filter((t) => t.category === 'complaint').length,
    lastTicketAt: latest?.toISOString() ?? null,
  };
}
