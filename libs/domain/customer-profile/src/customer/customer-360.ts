import type { summariseOrders, summariseSatisfaction } from './customer-activity';

export interface TimedFact {
  at: string;
}

/** `Customer360` of api.md (required fields), plus purchase frequency, refunds and average resolution time. */
export interface Customer360 {
  id: string;
  /** `shared`: an identifier (a family email) several customers use; it merges none of them. */
  identities: { kind: string; value: string; shared?: true }[];
  traits: Record<string, unknown>;
  tier: string | null;
  tags: string[];
  segments: string[];
  orders: ReturnType<typeof summariseOrders>;
  tickets: {
    open: number;
    total: number;
    complaints: number;
    lastTicketAt: string | null;
    averageResolutionSeconds: number | null;
    recent: { id: string; number: number; status: string; channel: string; subject: string; openedAt: string }[];
  };
  satisfaction: ReturnType<typeof summariseSatisfaction>;
  behaviour: {
    recentPages: ({ url: string; title?: string } & TimedFact)[];
    recentProducts: ({ productId: string; name?: string; price?: number } & TimedFact)[];
    abandonedCarts: ({ cartId: string; value: number; currency: string } & TimedFact)[];
  };
  marketing: { recent: ({ campaignId: string; action: string; asset?: string } & TimedFact)[] };
  social: { mentions: ({ platform: string; handle: string; text: string; url?: string; sentiment: number | null } & TimedFact)[] };
  health: { score: number | null; churnRisk: 'low' | 'medium' | 'high' | null; reasons: string[] };
  /** Ids that were merged into this customer and now answer as it. */
  mergedFrom: string[];
}

/**
 * Ticket counts of the 360 view: open = not solved or closed; complaints = tickets categorised `complaint`;
 * average resolution = mean time from opening to (last) solving of solved tickets.
 */
export function summariseTickets(tickets: readonly { status: string; openedAt: Date; solvedAt?: Date | null; category?: string | null }[]) {
  const latest = tickets.reduce<Date | undefined>((max, t) => (!max || t.openedAt > max ? t.openedAt : max), undefined);
  const resolved = tickets.filter((t) => t.solvedAt && (t.status === 'solved' || t.status === 'closed'));
  const seconds = resolved.reduce((sum, t) => sum + (t.solvedAt!.getTime() - t.openedAt.getTime()) / 1000, 0);
  return {
    open: tickets.filter((t) => t.status !== 'solved' && t.status !== 'closed').length,
    total: tickets.length,
    complaints: tickets.filter((t) => t.category === 'complaint').length,
    lastTicketAt: latest?.toISOString() ?? null,
    averageResolutionSeconds: resolved.length ? Math.round(seconds / resolved.length) : null,
  };
}
