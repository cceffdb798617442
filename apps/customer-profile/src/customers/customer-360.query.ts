import { type Customer360, summariseOrders, summariseSatisfaction, summariseTickets, type SurveyFact } from '@csp/customer-profile-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { membersOf, survivorOf } from './customer-refresh';

type Fact = { type: string; at: Date; data: Record<string, unknown> };
const RECENT = 10;

/**
 * The 360 view of a customer: its cached row plus aggregates over the facts of every id merged into it. A
 * merged-away id answers with its survivor (same body, `id` = the survivor).
 */
export class Customer360Query {
  /** Without a data source it only serves `load` (inside someone else's transaction). */
  constructor(private readonly dataSource?: DataSource) {}

  async byId(requested: string): Promise<Customer360 | undefined> {
    if (!this.dataSource) throw new Error('Customer360Query.byId needs a data source');
    return this.dataSource.transaction('REPEATABLE READ', (m) => this.load(m, requested));
  }

  /** The view inside the caller's transaction (the projection evaluates segments on it). */
  async load(m: EntityManager, requested: string): Promise<Customer360 | undefined> {
    const id = await survivorOf(m, requested);
    const [row]: {
      traits: Record<string, unknown>; name: string | null; tier: string | null; tags: string[]; segments: string[];
      churn_risk: Customer360['health']['churnRisk']; health_score: number | null; health_reasons: string[]; merged_from: string[];
    }[] = await m.query(
      'SELECT traits, name, tier, tags, segments, churn_risk, health_score, health_reasons, merged_from FROM customers WHERE id = $1',
      [id],
    );
    if (!row) return undefined;
    const members = await membersOf(m, id);
    const [identities, tickets, facts] = [await this.identities(m, id), await this.tickets(m, members), await this.recentFacts(m, members)];
    const ofType = (type: string) => facts.filter((f) => f.type === type);
    const at = (f: Fact) => ({ at: f.at.toISOString() });
    const money = (f: Fact) => ({ amount: Number(f.data.amount), currency: String(f.data.currency), at: f.at.toISOString() });
    return {
      id,
      identities,
      traits: { ...row.traits, ...(row.name ? { name: row.name } : {}) },
      tier: row.tier,
      tags: row.tags,
      segments: row.segments,
      orders: summariseOrders((await this.all(m, members, 'cs.order.placed.v1')).map(money), (await this.all(m, members, 'cs.order.refunded.v1')).map(money)),
      tickets: {
        ...summariseTickets(tickets.map((t) => ({ status: t.status, openedAt: t.opened_at, solvedAt: t.solved_at, category: t.category }))),
        recent: tickets.slice(0, 20).map((t) => ({ id: t.ticket_id, number: t.number, status: t.status, channel: t.channel, subject: t.subject, openedAt: t.opened_at.toISOString() })),
      },
      satisfaction: summariseSatisfaction(ofType('cs.survey.answered.v1').map((f) => ({ kind: f.data.kind as SurveyFact['kind'], score: Number(f.data.score), at: f.at.toISOString() }))),
      behaviour: {
        recentPages: ofType('cs.page.viewed.v1').map((f) => ({ url: String(f.data.url), ...pick(f.data, 'title'), ...at(f) })),
        recentProducts: ofType('cs.product.viewed.v1').map((f) => ({ productId: String(f.data.productId), ...pick(f.data, 'name', 'price'), ...at(f) })),
        abandonedCarts: ofType('cs.cart.abandoned.v1').map((f) => ({ cartId: String(f.data.cartId), value: Number(f.data.value), currency: String(f.data.currency), ...at(f) })),
      },
      marketing: { recent: ofType('cs.marketing.engaged.v1').map((f) => ({ campaignId: String(f.data.campaignId), action: String(f.data.action), ...pick(f.data, 'asset'), ...at(f) })) },
      social: {
        mentions: ofType('cs.social.mentioned.v1').map((f) => ({
          platform: String(f.data.platform), handle: String(f.data.handle), text: String(f.data.text), ...pick(f.data, 'url'),
          sentiment: typeof f.data.sentiment === 'number' ? f.data.sentiment : null, ...at(f),
        })),
      },
      health: { score: row.health_score, churnRisk: row.churn_risk, reasons: row.health_reasons },
      mergedFrom: [...row.merged_from].sort(),
    } as Customer360;
  }

  private async identities(m: EntityManager, id: string): Promise<Customer360['identities']> {
    const rows: { kind: string; value: string; shared: boolean }[] = await m.query(
      `SELECT kind, value, shared FROM customer_identities WHERE customer_id = $1
       ORDER BY array_position(ARRAY['externalId','email','phone','social','anonymousId'], kind), value`,
      [id],
    );
    return rows.map((r) => ({ kind: r.kind, value: r.value, ...(r.shared ? { shared: true as const } : {}) }));
  }

  private async tickets(m: EntityManager, members: string[]) {
    const rows: { ticket_id: string; number: number; status: string; channel: string; subject: string; category: string | null; opened_at: Date; solved_at: Date | null }[] =
      await m.query('SELECT * FROM customer_tickets WHERE customer_id = ANY($1) ORDER BY opened_at DESC, ticket_id', [members]);
    return rows;
  }

  /** The latest few facts of each kind the view lists. */
  private async recentFacts(m: EntityManager, members: string[]): Promise<Fact[]> {
    const types = ['cs.survey.answered.v1', 'cs.page.viewed.v1', 'cs.product.viewed.v1', 'cs.cart.abandoned.v1', 'cs.marketing.engaged.v1', 'cs.social.mentioned.v1'];
    return m.query(
      `SELECT f.type, f.at, f.data FROM unnest($2::text[]) t(type)
       CROSS JOIN LATERAL (SELECT type, at, data, event_id FROM customer_timeline WHERE customer_id = ANY($1) AND type = t.type ORDER BY at DESC, event_id DESC LIMIT ${RECENT}) f
       ORDER BY f.at DESC, f.event_id DESC`,
      [members, types],
    );
  }

  private all(m: EntityManager, members: string[], type: string): Promise<Fact[]> {
    return m.query('SELECT type, at, data FROM customer_timeline WHERE customer_id = ANY($1) AND type = $2 ORDER BY at, event_id', [members, type]);
  }

  /** Screen pop: the customer behind an identifier (already normalised by the caller); several when shared. */
  async idsByIdentity(kind: string, value: string): Promise<string[]> {
    if (!this.dataSource) throw new Error('Customer360Query.idsByIdentity needs a data source');
    const rows: { customer_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT customer_id FROM customer_identities WHERE kind = $1 AND value = $2 ORDER BY customer_id',
      [kind, value],
    );
    return rows.map((r) => r.customer_id);
  }
}

function pick(data: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined && data[k] !== null).map((k) => [k, data[k]]));
}
