import type { DataSource } from 'typeorm';
import { CustomerIdentityRow, CustomerRow, CustomerTicketRow } from './customer.entities';

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

export class Customer360Query {
  constructor(private readonly dataSource: DataSource) {}

  async byId(id: string): Promise<Customer360 | undefined> {
    const customer = await this.dataSource.getRepository(CustomerRow).findOneBy({ id });
    if (!customer) return undefined;
    const [identities, tickets] = await Promise.all([
      this.dataSource.getRepository(CustomerIdentityRow).find({ where: { customerId: id }, order: { kind: 'ASC', value: 'ASC' } }),
      this.dataSource.getRepository(CustomerTicketRow).find({ where: { customerId: id }, order: { openedAt: 'DESC' } }),
    ]);
    return {
      id,
      identities: identities.map((i) => ({ kind: i.kind, value: i.value })),
      traits: { ...customer.traits, ...(customer.name ? { name: customer.name } : {}) },
      tier: customer.tier,
      tags: [],
      segments: [],
      orders: { count: 0, lifetimeValue: {}, currency: null, lastOrderAt: null },
      tickets: {
        open: tickets.filter((t) => t.status !== 'solved' && t.status !== 'closed').length,
        total: tickets.length,
        complaints: 0,
        lastTicketAt: tickets[0]?.openedAt.toISOString() ?? null,
        recent: tickets.slice(0, 20).map((t) => ({
          id: t.ticketId, number: t.number, status: t.status, channel: t.channel, subject: t.subject, openedAt: t.openedAt.toISOString(),
        })),
      },
      satisfaction: { lastCsat: null, lastNps: null, lastCes: null, trend: null },
      behaviour: { recentPages: [], recentProducts: [], abandonedCarts: [] },
      marketing: { recent: [] },
      social: { mentions: [] },
      health: { score: null, churnRisk: null, reasons: [] },
      mergedFrom: [],
    };
  }

  /** Screen pop: the customer behind an identifier (already normalised by the caller). */
  async byIdentity(kind: string, value: string): Promise<Customer360 | undefined> {
    const identity = await this.dataSource.getRepository(CustomerIdentityRow).findOneBy({ kind, value });
    return identity ? this.byId(identity.customerId) : undefined;
  }
}
