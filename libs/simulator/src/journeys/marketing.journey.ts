import { CAMPAIGNS, type SimCampaign } from '../catalogue/products';
import { CONNECTOR_SOURCES } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { DAY, MINUTE, windowDays, type JourneyWindow } from './journey-window';

type Action = Draft<'cs.marketing.engaged.v1'>['data']['action'];

/** Campaign touches per customer and day (most newsletters are never opened, so this is only the opened ones). */
const ENGAGEMENTS_PER_DAY = 0.15;

/**
 * Engagement with marketing campaigns, as the marketing platform reports it (it knows the email address):
 * an opened newsletter that is sometimes clicked, a webinar registration followed by attendance, a download.
 */
export function marketingJourney(customer: SimCustomer, window: JourneyWindow, rng: Random): Draft[] {
  const campaigns = CAMPAIGNS.filter((c) => !c.loyalty || customer.tier !== 'standard');
  const count = rng.poisson(ENGAGEMENTS_PER_DAY * windowDays(window) * (0.5 + customer.activity / 2));
  return Array.from({ length: count }, (_, n) => {
    const r = rng.fork('campaign', n);
    return engagement(customer, r.pick(campaigns), r.between(window.start, window.end), r);
  }).flat();
}

function engagement(customer: SimCustomer, campaign: SimCampaign, start: number, rng: Random): Draft[] {
  const actions: Array<[Action, number]> = [];
  let at = start;
  const then = (action: Action, delay: number) => {
    at += delay;
    actions.push([action, at]);
  };
  if (campaign.channel === 'form') then('form_submitted', 0);
  else then('email_opened', 0);
  if (campaign.channel === 'newsletter' && rng.chance(0.35)) then('email_clicked', rng.between(1, 60) * MINUTE);
  if (campaign.channel === 'content' && rng.chance(0.5)) then('content_downloaded', rng.between(1, 30) * MINUTE);
  if (campaign.channel === 'webinar' && rng.chance(0.4)) {
    then('form_submitted', rng.between(2, 120) * MINUTE);
    if (rng.chance(0.6)) then('webinar_attended', rng.between(1, 4) * DAY);
  }
  const customerOf = customerRef(customer, 'email');
  return actions.map(([action, time]) => draft('cs.marketing.engaged.v1', CONNECTOR_SOURCES.marketing, time, { customer: customerOf, campaignId: campaign.campaignId, action, asset: campaign.asset }));
}
