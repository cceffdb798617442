/**
 * What a customer's issue is about. The names match the categories ticketing classifies into, so routing and
 * KPI tests can check that a billing question lands with billing.
 */
export const ISSUE_CATEGORIES = ['billing', 'delivery', 'refund', 'account', 'defect', 'product_question', 'complaint'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** Issues that are not about one order (questions, log-in trouble) arise at random with these weights. */
export const UNPROMPTED_ISSUES: ReadonlyArray<readonly [IssueCategory, number]> = [
  ['account', 30], ['product_question', 35], ['billing', 20], ['complaint', 15],
];

/** Issues that follow an order. */
export const ORDER_ISSUES: ReadonlyArray<readonly [IssueCategory, number]> = [
  ['delivery', 40], ['defect', 25], ['refund', 15], ['billing', 15], ['complaint', 5],
];

/** How likely a customer writing about this is already angry. */
export const ANGER: Record<IssueCategory, number> = {
  billing: 0.2, delivery: 0.25, refund: 0.3, account: 0.1, defect: 0.2, product_question: 0.02, complaint: 0.6,
};
