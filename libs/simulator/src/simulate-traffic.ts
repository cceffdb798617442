import { byTime, toCloudEvent, type SimEvent } from './events/sim-event';
import { customerJourney } from './journeys/customer.journey';
import { DAY, type JourneyWindow } from './journeys/journey-window';
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
  const start = options.start === undefined ? DEFAULT_TRAFFIC_START : Number(options.start);
  const window: JourneyWindow = { start, end: start + days * DAY };
  const root = seededRandom(seed);
  const prefix = eventIdPrefix(seed, days);
  const events: SimEvent[] = [];
  for (let i = 0; i < customers; i++) {
    const drafts = customerJourney(simCustomer(seed, i), window, root.fork('journey', i));
    drafts.forEach((d, n) => events.push(toCloudEvent(d, `${prefix}-c${i}-${n + 1}`)));
  }
  const strangers = root.fork('strangers').poisson(STRANGER_POSTS_PER_CUSTOMER_DAY * customers * days);
  for (let k = 0; k < strangers; k++) events.push(toCloudEvent(strangerPost(k, window, root.fork('stranger', k)), `${prefix}-s${k + 1}`));
  return events.sort(byTime);
}

/** Ids name the run's seed and length: the same customer on a longer run does other things, under other ids. */
export function eventIdPrefix(seed: number | string, days: number): string {
  return `sim-${seed}-${days}d`;
}
