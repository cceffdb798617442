import { churnPlan, type ChurnPlan, type ChurnPlanting } from './churn/churn-plan';
import { byTime, toCloudEvent, type SimEvent } from './events/sim-event';
import { customerJourney } from './journeys/customer.journey';
import { DAY, type JourneyWindow } from './journeys/journey-window';
import { plannedJourney } from './journeys/planted-churn.journey';
import { strangerPost } from './journeys/social-buzz.journey';
import { simCustomer } from './population/customer-population';
import { seededRandom } from './random/seeded-random';

export interface TrafficOptions {
  seed: number | string;
  /** Size of the population; customer `i` is the same person (and does the same things) at any size. */
  customers: number;
  /** Length of the simulated period. */
  days: number;
  /** Start of the period; the default is a fixed date so that a call without it is reproducible to the byte. */
  start?: Date | number;
  /**
   * Opt-in: plant customers who drift away and stop buying (and loyal ones with rough patches and pauses),
   * with labels from `churnLabels`. Without it the traffic is exactly what it always was.
   */
  churn?: ChurnPlanting;
}

export const DEFAULT_TRAFFIC_START = Date.UTC(2025, 0, 1);

/** Posts about the shop by people who are not customers, per customer and day. */
const STRANGER_POSTS_PER_CUSTOMER_DAY = 0.01;

/**
 * The public events a population of customers produces over `days`, as CloudEvents in time order: what
 * every connector (shop, help-desk mail, chat, phone, social, web, marketing, surveys) would send.
 * Deterministic in (`seed`, `customers`, `days`); `start` only shifts the times. Ids are unique within the
 * result and the same on every run, so sending a run twice makes ingestion report the second as duplicates.
 */
export function simulateTraffic(options: TrafficOptions): SimEvent[] {
  const { seed, customers, days } = options;
  if (!Number.isInteger(customers) || customers < 0) throw new RangeError(`customers must be a whole number >= 0, got ${customers}`);
  if (!(days > 0)) throw new RangeError(`days must be > 0, got ${days}`);
  const window = trafficWindow(options);
  const root = seededRandom(seed);
  // Planted runs use other ids: sending both kinds to one ingestion must not pass one off as the other's duplicate.
  const prefix = options.churn ? `${eventIdPrefix(seed, days)}-churn` : eventIdPrefix(seed, days);
  const events: SimEvent[] = [];
  for (let i = 0; i < customers; i++) {
    const customer = simCustomer(seed, i);
    const rng = root.fork('journey', i);
    const drafts = options.churn ? plannedJourney(customer, window, churnPlan(seed, i, window, options.churn), rng) : customerJourney(customer, window, rng);
    drafts.forEach((d, n) => events.push(toCloudEvent(d, `${prefix}-c${i}-${n + 1}`)));
  }
  const strangers = root.fork('strangers').poisson(STRANGER_POSTS_PER_CUSTOMER_DAY * customers * days);
  for (let k = 0; k < strangers; k++) events.push(toCloudEvent(strangerPost(k, window, root.fork('stranger', k)), `${prefix}-s${k + 1}`));
  return events.sort(byTime);
}

/** The labels of a planted run (`options.churn`): for each customer, what it was made to do. */
export function churnLabels(options: TrafficOptions): ChurnPlan[] {
  const window = trafficWindow(options);
  return Array.from({ length: options.customers }, (_, i) => churnPlan(options.seed, i, window, options.churn ?? {}));
}

function trafficWindow(options: TrafficOptions): JourneyWindow {
  const start = options.start === undefined ? DEFAULT_TRAFFIC_START : Number(options.start);
  return { start, end: start + options.days * DAY };
}

/** Ids name the run's seed and length: the same customer on a longer run does other things, under other ids. */
export function eventIdPrefix(seed: number | string, days: number): string {
  return `sim-${seed}-${days}d`;
}
