import type { ChurnPlan } from '../churn/churn-plan';
import type { Draft } from '../events/sim-event';
import type { SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { customerJourney, identifiedDraft } from './customer.journey';
import type { JourneyWindow } from './journey-window';
import { marketingJourney } from './marketing.journey';
import { shoppingJourney } from './shopping.journey';
import { customerPosts } from './social-buzz.journey';
import { supportJourney, USUAL_SUPPORT, type SupportMix } from './support.journey';

/** A customer who is unhappy writes more often, more about complaints and refunds, and is angrier. */
const UNHAPPY_SUPPORT: SupportMix = {
  unpromptedPerDay: 0.25,
  unprompted: [['complaint', 45], ['billing', 25], ['account', 15], ['product_question', 15]],
  orderIssueShare: 0.6,
  orderIssues: [['delivery', 30], ['defect', 25], ['refund', 25], ['complaint', 20]],
};

/** How much of their usual shopping a drifting customer still does. */
const DRIFT_SHOPPING = 0.35;

/**
 * The customer's journey under its churn plan. Loyal customers do exactly what `customerJourney` does.
 * Churners shop as usual until the drift, then less (the loud ones with a surge of complaints and poor
 * surveys), and after `to` not at all. Rough patches add unhappy contacts but leave shopping alone; pauses
 * leave a gap in shopping and come back.
 */
export function plannedJourney(customer: SimCustomer, window: JourneyWindow, plan: ChurnPlan, rng: Random): Draft[] {
  if (plan.kind === 'loyal' || plan.from === undefined || plan.to === undefined) return customerJourney(customer, window, rng);
  const { from, to } = plan;
  if (plan.kind === 'rough-patch') {
    const patch = clip({ start: from, end: to }, window);
    return [...customerJourney(customer, window, rng), ...(patch ? supportJourney(customer, patch, [], rng.fork('patch'), UNHAPPY_SUPPORT) : [])];
  }
  const joinedAt = window.start + rng.fork('joined').next() * (window.end - window.start) * 0.1;
  const phases = plan.kind === 'pause'
    ? [{ start: joinedAt, end: from, activity: 1, mix: USUAL_SUPPORT }, { start: to, end: window.end, activity: 1, mix: USUAL_SUPPORT }]
    : [
        { start: joinedAt, end: from, activity: 1, mix: USUAL_SUPPORT },
        { start: from, end: to, activity: DRIFT_SHOPPING, mix: plan.kind === 'loud-churner' ? UNHAPPY_SUPPORT : USUAL_SUPPORT },
      ];
  const drafts: Draft[] = [identifiedDraft(customer, joinedAt)];
  phases.forEach((phase, n) => {
    const part = clip(phase, window);
    if (!part) return;
    const r = rng.fork('phase', n);
    const shopping = shoppingJourney({ ...customer, activity: customer.activity * phase.activity }, part, r.fork('shopping'));
    drafts.push(...shopping.drafts, ...supportJourney(customer, part, shopping.orders, r.fork('support'), phase.mix));
  });
  // Newsletters and social life go on for everyone; a churner's interest fades with the rest.
  const reading = plan.churner ? clip({ start: joinedAt, end: to }, window) : { start: joinedAt, end: window.end };
  if (reading) drafts.push(...marketingJourney(customer, reading, rng.fork('marketing')), ...customerPosts(customer, reading, rng.fork('social')));
  return drafts.filter((d) => d.at < window.end);
}

function clip(span: JourneyWindow, window: JourneyWindow): JourneyWindow | undefined {
  const start = Math.max(span.start, window.start);
  const end = Math.min(span.end, window.end);
  return end > start ? { start, end } : undefined;
}
