import { PRODUCTS, roundMoney } from '../catalogue/products';
import { SOCIAL_PLATFORMS } from '../population/locales';
import { CONNECTOR_SOURCES } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { fillTemplate } from '../text/fill-template';
import { HAPPY_MENTIONS, NEUTRAL_MENTIONS } from '../text/support-texts';
import { windowDays, type JourneyWindow } from './journey-window';

/** Unprompted posts about the shop per customer with a social account, per day. */
const POSTS_PER_DAY = 0.03;

/** Happy or neutral posts by a customer who has a social account (complaints come with issues). */
export function customerPosts(customer: SimCustomer, window: JourneyWindow, rng: Random): Draft[] {
  if (!customer.social) return [];
  const social = customer.social;
  return Array.from({ length: rng.poisson(POSTS_PER_DAY * windowDays(window)) }, () =>
    post(social, rng.between(window.start, window.end), rng, customerRef(customer, 'social')),
  );
}

/**
 * A post by someone who is not (yet) a known customer: the mention carries no `customer`, and ingestion
 * files it under the social account.
 */
export function strangerPost(k: number, window: JourneyWindow, rng: Random): Draft {
  const social = { platform: rng.pick(SOCIAL_PLATFORMS), handle: `${rng.pick(['coffee', 'espresso', 'latte', 'bean'])}_${rng.pick(['fan', 'nerd', 'lover', 'addict'])}${k + 1}` };
  return post(social, rng.between(window.start, window.end), rng);
}

function post(social: { platform: string; handle: string }, at: number, rng: Random, customer?: Draft<'cs.social.mentioned.v1'>['data']['customer']): Draft {
  const happy = rng.chance(0.6);
  const text = fillTemplate(rng.pick(happy ? HAPPY_MENTIONS : NEUTRAL_MENTIONS), { product: rng.pick(PRODUCTS).name });
  const data: Draft<'cs.social.mentioned.v1'>['data'] = {
    platform: social.platform,
    handle: social.handle,
    text,
    url: `https://${social.platform}.example.com/${social.handle}/${rng.digits(12)}`,
    sentiment: roundMoney(happy ? rng.between(0.4, 1) : rng.between(-0.2, 0.3)),
  };
  if (customer) data.customer = customer;
  return draft('cs.social.mentioned.v1', CONNECTOR_SOURCES.social, at, data);
}
