import { type CustomerRef, customerIdFor, identitiesOf, type TicketOpenedData, type TicketStatusChangedData, Topics } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { Projection } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import { CustomerIdentityRow, CustomerRow, CustomerTicketRow } from './customer.entities';

/**
 * The 360 view (first slice): every interaction that names a customer creates or touches the customer and
 * links its identifiers; ticket lifecycle events list the customer's tickets. Identity merges come later
 * (customer-profile issue); until then the id is the deterministic one of the strongest identifier.
 */
export const customer360Projection: Projection = {
  name: 'customer-profile.customer-360',
  topics: [Topics.interactions, Topics.ticketing],
  async apply(event, manager) {
    if (event.type === 'cs.ticket.opened.v1') return applyTicketOpened(event.data as TicketOpenedData, manager);
    if (event.type === 'cs.ticket.status-changed.v1') {
      const d = event.data as TicketStatusChangedData;
      await manager.update(CustomerTicketRow, { ticketId: d.ticketId }, { status: d.to });
      return;
    }
    const customer = (event.data as { customer?: CustomerRef }).customer;
    if (event.category === 'interaction' && customer) await touchCustomer(customer, event, manager);
  },
};

async function touchCustomer(ref: CustomerRef, event: DeliveredEvent, manager: EntityManager): Promise<void> {
  const id = customerIdFor(ref);
  const at = new Date(event.time || Date.now());
  await manager.query(
    `INSERT INTO customers (id, name, traits, first_seen_at, last_seen_at) VALUES ($1, $2, '{}', $3, $3)
     ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, customers.name),
       first_seen_at = LEAST(customers.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(customers.last_seen_at, EXCLUDED.last_seen_at)`,
    [id, ref.name ?? null, at],
  );
  for (const identity of identitiesOf(ref)) {
    await manager.createQueryBuilder().insert().into(CustomerIdentityRow)
      .values({ kind: identity.kind, value: identity.value, customerId: id }).orIgnore().execute();
  }
}

async function applyTicketOpened(d: TicketOpenedData, manager: EntityManager): Promise<void> {
  const at = new Date(d.openedAt);
  await manager.createQueryBuilder().insert().into(CustomerRow)
    .values({ id: d.customerId, name: null, traits: {}, tier: null, firstSeenAt: at, lastSeenAt: at }).orIgnore().execute();
  await manager.createQueryBuilder().insert().into(CustomerTicketRow)
    .values({ ticketId: d.ticketId, customerId: d.customerId, number: d.number, status: 'open', channel: d.channel, subject: d.subject, openedAt: at })
    .orIgnore().execute();
}
