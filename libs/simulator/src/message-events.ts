import type { MessageChannel } from './events/connector-sources';
import { toCloudEvent, type SimEvent } from './events/sim-event';
import { issueContext, messageDraft, pickChannel, threadId } from './journeys/issue-conversation';
import { DAY } from './journeys/journey-window';
import { customerPopulation } from './population/customer-population';
import type { SimCustomer } from './population/sim-customer';
import { seededRandom, type Random } from './random/seeded-random';
import { followUpMessage, openingMessage, type IssueContext } from './text/compose-message';
import { ANGER, ISSUE_CATEGORIES, type IssueCategory } from './text/issue-category';
import { DEFAULT_TRAFFIC_START } from './simulate-traffic';

export interface MessageEventsOptions {
  seed: number | string;
  count: number;
  /** Distinct customers the messages come from (customer `i % customers` writes message `i`). */
  customers: number;
  start?: Date | number;
  /** The messages are spread evenly over this many days from `start` (default 1). */
  days?: number;
  /** Share of messages that continue the customer's previous thread instead of raising a new issue (default 0.3). */
  followUpShare?: number;
}

/**
 * `count` valid `cs.message.received.v1` events from `customers` customers, in time order, for benchmarks
 * and tests that need inbound messages only: realistic bodies of every issue category, some angry, some
 * follow-ups on an earlier thread. Deterministic in the options; ids `sim-<seed>-msg-<n>`.
 */
export function messageEvents(options: MessageEventsOptions): SimEvent<'cs.message.received.v1'>[] {
  const { seed, count, customers, followUpShare = 0.3 } = options;
  if (!Number.isInteger(customers) || customers < 1) throw new RangeError(`customers must be a whole number >= 1, got ${customers}`);
  const start = options.start === undefined ? DEFAULT_TRAFFIC_START : Number(options.start);
  const span = (options.days ?? 1) * DAY;
  const population = customerPopulation(seed, Math.min(customers, count));
  const root = seededRandom(seed).fork('messages');
  const open = new Map<number, OpenThread>();
  return Array.from({ length: count }, (_, i) => {
    const rng = root.fork(i);
    const customer = population[i % customers];
    const at = start + (i / Math.max(1, count)) * span;
    const previous = open.get(customer.index);
    const thread = previous && rng.chance(followUpShare) ? previous : openThread(customer, at, rng);
    open.set(customer.index, thread);
    const message = thread === previous ? followUpMessage(thread.ctx, rng) : openingMessage(thread.ctx, rng);
    return toCloudEvent(messageDraft(customer, thread.channel, thread.thread, message, at, rng), `sim-${seed}-msg-${i + 1}`);
  });
}

export interface MessageEventOptions {
  customer: SimCustomer;
  id: string;
  at: Date | number;
  rng: Random;
  category?: IssueCategory;
  channel?: Exclude<MessageChannel, 'phone'>;
  angry?: boolean;
}

/** One first message about a new issue from `customer` (a building block for hand-made scenarios). */
export function messageEvent(options: MessageEventOptions): SimEvent<'cs.message.received.v1'> {
  const at = Number(options.at);
  const thread = openThread(options.customer, at, options.rng, options);
  return toCloudEvent(messageDraft(options.customer, thread.channel, thread.thread, openingMessage(thread.ctx, options.rng), at, options.rng), options.id);
}

interface OpenThread {
  channel: MessageChannel;
  thread: { externalId: string };
  ctx: IssueContext;
}

function openThread(customer: SimCustomer, at: number, rng: Random, fixed: Partial<Pick<MessageEventOptions, 'category' | 'channel' | 'angry'>> = {}): OpenThread {
  // Calls are cs.call.completed.v1, not messages: a caller in this stream writes an email instead.
  const picked = fixed.channel ?? pickChannel(customer, rng);
  const channel = picked === 'phone' ? 'email' : picked;
  const category = fixed.category ?? rng.pick(ISSUE_CATEGORIES);
  const angry = fixed.angry ?? rng.chance(ANGER[category]);
  return { channel, thread: { externalId: threadId(customer, channel, rng) }, ctx: issueContext(customer, { category, at }, angry, channel === 'email' || channel === 'webform', rng) };
}
