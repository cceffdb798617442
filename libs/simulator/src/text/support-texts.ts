import type { IssueCategory } from './issue-category';

/** What agents write down after a call (English, the team's working language). */
export const CALL_SUMMARIES: Record<IssueCategory, readonly string[]> = {
  billing: ['Caller was charged twice for order {order}; asked for the duplicate payment to be refunded.', 'Questions about invoice {order}; needs a corrected invoice.'],
  delivery: ['Caller asked where order {order} is; tracking stuck for {days} days.', 'Order {order} marked delivered but not received.'],
  refund: ['Refund for order {order} ({amount}) not received yet; return was {days} days ago.', 'Wants to return the {product}; explained the return process.'],
  account: ['Caller locked out of the account; password reset email not arriving.', 'Wants the email address on the account changed.'],
  defect: ['{product} from order {order} stopped working; walked through descaling, no luck.', '{product} leaks water; customer wants a replacement.'],
  product_question: ['Asked whether the {product} is compatible with the water filters.', 'Office order of 10 x {product}; asked for a quote.'],
  complaint: ['Caller unhappy about a previous call; wants a manager to call back.', 'Complained about waiting {days} days for an answer.'],
};

/** Public posts about the shop by someone with a problem. */
export const ISSUE_MENTIONS: Record<IssueCategory, readonly string[]> = {
  billing: ['@coffeeshop charged me twice for one order. Great.', 'Anyone else double-charged by @coffeeshop this week?'],
  delivery: ['Day {days} of waiting for my @coffeeshop order. Tracking has not moved.', '@coffeeshop says delivered. It was not delivered.'],
  refund: ['Still waiting for my refund from @coffeeshop, {days} days after returning the item.', '@coffeeshop where is my money?'],
  account: ['Cannot log in to @coffeeshop and the reset email never comes. Help?', '@coffeeshop your login page is broken again'],
  defect: ['My brand new {product} from @coffeeshop died after {days} days. Not impressed.', '@coffeeshop the {product} leaks all over my kitchen'],
  product_question: ['@coffeeshop does the {product} work with the filter cartridges?', 'Thinking about the {product} from @coffeeshop, any opinions?'],
  complaint: ['Worst customer service ever from @coffeeshop. Avoid.', '@coffeeshop promised a call back {days} days ago. Still waiting.'],
};

/** Posts of people who are happy, or just talking about coffee. */
export const HAPPY_MENTIONS: readonly string[] = [
  'Loving my new {product} from @coffeeshop, best espresso I have made at home.',
  'Shout-out to @coffeeshop support, sorted my problem in ten minutes.',
  '@coffeeshop fast delivery as always, thanks!',
  'The {product} from @coffeeshop was worth every penny.',
];

export const NEUTRAL_MENTIONS: readonly string[] = [
  'Does anyone have experience with the {product} from @coffeeshop?',
  '@coffeeshop any plans for a Black Friday sale?',
  'Comparing grinders, the {product} at @coffeeshop looks interesting.',
];

export const SURVEY_COMMENTS = {
  happy: ['Quick and friendly, thank you!', 'Problem solved within a day.', 'Very helpful agent.', 'Great service as always.'],
  neutral: ['OK in the end.', 'It took a while but it was solved.', 'Fine.'],
  unhappy: ['Took far too long.', 'I had to repeat my story three times.', 'Nobody really listened.', 'The problem is not solved.'],
} as const;

export const REFUND_REASONS: readonly string[] = [
  'Delivered damaged', 'Product defective', 'Changed my mind', 'Wrong item delivered', 'Arrived too late', 'Charged twice',
];
