import type { Draft } from '../events/sim-event';
import type { SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { ORDER_ISSUES, UNPROMPTED_ISSUES } from '../text/issue-category';
import { issueConversation, type Issue } from './issue-conversation';
import { DAY, HOUR, MINUTE, windowDays, type JourneyWindow } from './journey-window';
import { refundDraft, type SimOrder } from './shopping.journey';
import { surveyAnswers } from './survey-answers';

/** Issues per customer and day that are not about an order of the window (log-in trouble, questions, ...). */
const UNPROMPTED_PER_DAY = 0.08;
/** Share of orders that lead to a support contact (late, broken, wrong invoice, ...). */
const ORDER_ISSUE_SHARE = 0.3;
/** How often solving an issue about an order ends in (part of) the money back. */
const REFUND_AFTER: Partial<Record<Issue['category'], number>> = { refund: 0.8, defect: 0.35, delivery: 0.2, billing: 0.2 };
const REFUND_REASON: Partial<Record<Issue['category'], string>> = {
  defect: 'Product defective', delivery: 'Delivered damaged', billing: 'Charged twice',
};

/** How often and about what a customer contacts support; a customer drifting away writes more, and angrier. */
export interface SupportMix {
  unpromptedPerDay: number;
  unprompted: ReadonlyArray<readonly [Issue['category'], number]>;
  orderIssueShare: number;
  orderIssues: ReadonlyArray<readonly [Issue['category'], number]>;
}

export const USUAL_SUPPORT: SupportMix = {
  unpromptedPerDay: UNPROMPTED_PER_DAY, unprompted: UNPROMPTED_ISSUES, orderIssueShare: ORDER_ISSUE_SHARE, orderIssues: ORDER_ISSUES,
};

/**
 * The customer's support issues in the window: each a conversation (first contact and follow-ups on the
 * same thread), then, once solved, maybe (part of) the money back for an order, and a satisfaction survey.
 */
export function supportJourney(customer: SimCustomer, window: JourneyWindow, orders: readonly SimOrder[], rng: Random, mix: SupportMix = USUAL_SUPPORT): Draft[] {
  const issues: Issue[] = [];
  for (let i = rng.poisson(mix.unpromptedPerDay * windowDays(window) * customer.activity); i > 0; i--) {
    issues.push({ at: rng.between(window.start, window.end), category: rng.weighted(mix.unprompted) });
  }
  for (const order of orders) {
    if (rng.chance(mix.orderIssueShare)) issues.push({ at: order.at + rng.between(0.5, 6) * DAY, category: rng.weighted(mix.orderIssues), order });
  }
  return issues.flatMap((issue, i) => {
    const r = rng.fork('issue', i);
    const conversation = issueConversation(customer, issue, r);
    const solvedAt = conversation.lastAt + 30 * MINUTE + r.exponential(20 * HOUR);
    const drafts = [...conversation.drafts];
    if (issue.order && r.chance(REFUND_AFTER[issue.category] ?? 0)) drafts.push(refundDraft(customer, issue.order, solvedAt, r, REFUND_REASON[issue.category]));
    if (conversation.ticketed) drafts.push(...surveyAnswers({ customer, solvedAt, angry: conversation.angry, followUps: conversation.followUps }, r));
    return drafts;
  });
}
