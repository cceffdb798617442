import { type Customer360, summariseTickets } from '@csp/customer-profile-domain';
import type { DataSource } from 'typeorm';
import { CustomerIdentityRow, CustomerRow, CustomerTicketRow } from './customer.entities';

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
        ...summariseTickets(tickets),
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
