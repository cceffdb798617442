import { CONNECTOR_SOURCES } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import type { JourneyWindow } from './journey-window';
import { marketingJourney } from './marketing.journey';
import { shoppingJourney } from './shopping.journey';
import { customerPosts } from './social-buzz.journey';
import { supportJourney } from './support.journey';

/**
 * Everything one customer does in the window, in generation order (not yet time order). The shop identifies
 * the customer early in the window with their traits; everything else happens after that. Each part draws
 * from its own fork, so adding a kind of activity never changes the others.
 */
export function customerJourney(customer: SimCustomer, window: JourneyWindow, rng: Random): Draft[] {
  const joinedAt = window.start + rng.fork('joined').next() * (window.end - window.start) * 0.1;
  const active = { start: joinedAt, end: window.end };
  const shopping = shoppingJourney(customer, active, rng.fork('shopping'));
  const drafts = [
    identifiedDraft(customer, joinedAt),
    ...shopping.drafts,
    ...supportJourney(customer, active, shopping.orders, rng.fork('support')),
    ...marketingJourney(customer, active, rng.fork('marketing')),
    ...customerPosts(customer, active, rng.fork('social')),
  ];
  return drafts.filter((d) => d.at < window.end);
}

/** The shop identifies the customer with their traits. */
export function identifiedDraft(customer: SimCustomer, at: number): Draft {
  const traits: Draft<'cs.customer.identified.v1'>['data']['traits'] = {
    name: customer.name,
    birthday: customer.birthday,
    tier: customer.tier,
    locale: customer.locale.locale,
    timezone: customer.locale.timezone,
  };
  if (customer.company) traits.company = customer.company;
  return draft('cs.customer.identified.v1', CONNECTOR_SOURCES.shop, at, { customer: customerRef(customer, 'externalId', 'email', 'phone', 'name'), traits });
}
