import { PRODUCTS, roundMoney } from '../catalogue/products';
import { CONNECTOR_SOURCES, SOURCE_OF_CHANNEL, type MessageChannel } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { followUpMessage, languageFor, openingMessage, type ComposedMessage, type IssueContext } from '../text/compose-message';
import { fillTemplate } from '../text/fill-template';
import { ANGER, type IssueCategory } from '../text/issue-category';
import { CALL_SUMMARIES, ISSUE_MENTIONS } from '../text/support-texts';
import { HOUR, MINUTE } from './journey-window';
import { orderIdOf, type SimOrder } from './shopping.journey';

/** A customer's problem, about an order or not, raised at `at`. */
export interface Issue {
  at: number;
  category: IssueCategory;
  order?: SimOrder;
}

export interface Conversation {
  drafts: Draft[];
  /** Whether it became a ticket (everything but a call resolved on the spot). */
  ticketed: boolean;
  angry: boolean;
  followUps: number;
  /** When the last customer contact happened. */
  lastAt: number;
}

/** The channel a customer picks: only ones they can use (a phone number to call, a social account to post). */
export function pickChannel(customer: SimCustomer, rng: Random): MessageChannel {
  const choices: Array<readonly [MessageChannel, number]> = [['email', 40], ['chat', 25], ['webform', 6]];
  if (customer.phone) choices.push(['phone', 25], ['sms', 3]);
  if (customer.social) choices.push(['social', 8]);
  return rng.weighted(choices);
}

/** Everything the customer says about one issue: the first contact and its follow-ups on the same thread. */
export function issueConversation(customer: SimCustomer, issue: Issue, rng: Random): Conversation {
  const channel = pickChannel(customer, rng);
  const angry = rng.chance(Math.min(0.9, ANGER[issue.category] * (customer.tier === 'vip' ? 1.3 : 1)));
  const ctx = issueContext(customer, issue, angry, channel === 'email' || channel === 'webform', rng);
  const followUps = rng.weighted(angry ? [[0, 35], [1, 35], [2, 30]] : [[0, 65], [1, 25], [2, 10]]);
  const times = [issue.at];
  for (let i = 0; i < followUps; i++) times.push(times[i] + Math.max(20 * MINUTE, rng.exponential(18 * HOUR)));
  if (channel === 'phone') return phoneConversation(customer, issue, ctx, times, rng);
  const thread = { externalId: threadId(customer, channel, rng) };
  const drafts: Draft[] = [];
  if (channel === 'social') {
    // A public complaint first; the social team answers by direct message, which the customer continues.
    drafts.push(mention(customer, issue, ctx, issue.at, rng));
    for (let i = 0; i < times.length; i++) times[i] += rng.between(5, 60) * MINUTE;
  }
  drafts.push(messageDraft(customer, channel, thread, openingMessage(ctx, rng), times[0], rng));
  times.slice(1).forEach((at) => drafts.push(messageDraft(customer, channel, thread, followUpMessage(ctx, rng), at, rng)));
  return { drafts, ticketed: true, angry, followUps, lastAt: times[times.length - 1] };
}

/** One inbound message as the channel's connector sends it. */
export function messageDraft(customer: SimCustomer, channel: MessageChannel, thread: { externalId: string }, message: ComposedMessage, at: number, rng: Random): Draft<'cs.message.received.v1'> {
  const who = channel === 'social' ? customerRef(customer, 'social') : channel === 'sms' ? customerRef(customer, 'phone') : customerRef(customer, 'email', 'name');
  const data: Draft<'cs.message.received.v1'>['data'] = { channel, customer: who, thread, body: message.body, language: message.language };
  if (message.subject !== undefined) data.subject = message.subject;
  if (channel === 'email' && rng.chance(0.1)) {
    data.attachments = [{ name: `photo-${rng.digits(4)}.jpg`, url: `https://files.example.com/att/${rng.digits(10)}.jpg`, size: rng.int(40_000, 4_000_000) }];
  }
  return draft('cs.message.received.v1', SOURCE_OF_CHANNEL[channel], at, data);
}

export function issueContext(customer: SimCustomer, issue: Pick<Issue, 'category' | 'order' | 'at'>, angry: boolean, formal: boolean, rng: Random): IssueContext {
  const order = issue.order;
  const product = productFor(issue.category, order, rng);
  const amount = order ? order.amount : roundMoney(rng.between(10, 300));
  const currency = order?.currency ?? customer.locale.currency;
  const days = order ? Math.max(1, Math.round((issue.at - order.at) / (24 * HOUR))) : rng.int(2, 14);
  return {
    customer, category: issue.category, angry, formal, pack: languageFor(customer, rng),
    values: { order: order?.orderId ?? orderIdOf(customer, 0), product, amount: `${amount.toFixed(2)} ${currency}`, days },
  };
}

/** What the issue is about: defects and questions concern equipment, never a bag of beans. */
function productFor(category: IssueCategory, order: SimOrder | undefined, rng: Random): string {
  const equipment = (productId: string) => PRODUCTS.some((p) => p.productId === productId && p.kind !== 'consumable');
  const durable = category === 'defect' || category === 'product_question';
  const item = order?.items.find((i) => !durable || equipment(i.productId));
  return item?.name ?? rng.pick(durable ? PRODUCTS.filter((p) => equipment(p.productId)) : PRODUCTS).name;
}

function phoneConversation(customer: SimCustomer, issue: Issue, ctx: IssueContext, times: number[], rng: Random): Conversation {
  const summaries = CALL_SUMMARIES[issue.category];
  // A plain question is often answered on the call; a follow-up call means the first one did not settle it.
  const resolvedOnCall = times.length === 1 && !ctx.angry && rng.chance(0.45);
  const drafts = times.map((at, i) => draft('cs.call.completed.v1', CONNECTOR_SOURCES.phone, at, {
    customer: customerRef(customer, 'phone'),
    direction: 'inbound' as const,
    durationSeconds: rng.int(60, ctx.angry ? 1_800 : 900),
    summary: `${i > 0 ? 'Follow-up call. ' : ''}${fillTemplate(rng.pick(summaries), ctx.values)}${ctx.angry ? ' Customer was upset.' : ''}`,
    resolvedOnCall,
  }));
  return { drafts, ticketed: !resolvedOnCall, angry: ctx.angry, followUps: times.length - 1, lastAt: times[times.length - 1] };
}

function mention(customer: SimCustomer, issue: Issue, ctx: IssueContext, at: number, rng: Random): Draft {
  const social = customer.social ?? { platform: 'x', handle: customer.externalId };
  return draft('cs.social.mentioned.v1', CONNECTOR_SOURCES.social, at, {
    platform: social.platform,
    handle: social.handle,
    text: fillTemplate(rng.pick(ISSUE_MENTIONS[issue.category]), ctx.values),
    url: `https://${social.platform}.example.com/${social.handle}/${rng.digits(12)}`,
    sentiment: roundMoney(ctx.angry ? rng.between(-1, -0.6) : rng.between(-0.6, -0.1)),
    customer: customerRef(customer, 'social'),
  });
}

export function threadId(customer: SimCustomer, channel: MessageChannel, rng: Random): string {
  if (channel === 'email') return `<${rng.digits(10)}.${customer.index}@mail.example.com>`;
  return `${channel}-${customer.externalId.slice(4)}-${rng.digits(8)}`;
}
