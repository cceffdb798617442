import { seededRandom, hashText, type Random } from '../random/seeded-random';
import { emailAddress, phoneNumber, socialAccount } from './contact-details';
import { COMPANIES, LOCALES } from './locales';
import type { CustomerTier, SimCustomer } from './sim-customer';

/** Roughly the mix of a consumer shop with a loyalty programme. */
export const TIER_WEIGHTS: ReadonlyArray<readonly [CustomerTier, number]> = [['standard', 75], ['gold', 20], ['vip', 5]];

const TIER_ACTIVITY: Record<CustomerTier, number> = { standard: 1, gold: 1.3, vip: 1.6 };
const DAY_MS = 86_400_000;

/** Customer `index` of the population of `seed`: the same person whatever the population's size. */
export function simCustomer(seed: number | string, index: number): SimCustomer {
  const rng = seededRandom(seed).fork('customer', index);
  const locale = rng.weighted(LOCALES.map((l) => [l, l.weight] as const));
  const firstName = rng.pick(locale.firstNames);
  const lastName = rng.pick(locale.lastNames);
  const tier = rng.weighted(TIER_WEIGHTS);
  const seedTag = hashText(String(seed)).toString(36).slice(0, 4);
  const customer: SimCustomer = {
    index,
    firstName,
    name: `${firstName} ${lastName}`,
    email: emailAddress(firstName, lastName, index, rng),
    externalId: `cus-${seedTag}-${String(index + 1).padStart(6, '0')}`,
    anonymousId: `anon-${seedTag}${index.toString(36)}-${rng.digits(6)}`,
    tier,
    birthday: birthday(rng),
    locale,
    activity: Math.min(4, Math.max(0.15, rng.exponential(1))) * TIER_ACTIVITY[tier],
  };
  if (rng.chance(0.7)) customer.phone = phoneNumber(rng.pick(locale.phonePlans), index, hashText(`phone/${seed}`));
  if (rng.chance(0.35)) customer.social = socialAccount(firstName, lastName, index, rng);
  if (rng.chance(tier === 'vip' ? 0.5 : 0.15)) customer.company = rng.pick(COMPANIES);
  return customer;
}

/** The first `size` customers of the population of `seed`. */
export function customerPopulation(seed: number | string, size: number): SimCustomer[] {
  return Array.from({ length: size }, (_, index) => simCustomer(seed, index));
}

/** A real calendar date (never 02-30) between 1950 and 2006. */
function birthday(rng: Random): string {
  const year = rng.int(1950, 2006);
  return new Date(Date.UTC(year, 0, 1) + rng.int(0, 364) * DAY_MS).toISOString().slice(0, 10);
}
