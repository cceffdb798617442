import type { Random } from '../random/seeded-random';
import { EMAIL_DOMAINS, SOCIAL_PLATFORMS, type PhonePlan } from './locales';

/** ASCII, lower case, no spaces: `Müller` -> `muller`, `de Jong` -> `dejong`. */
export function asciiSlug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The index makes every address of a population distinct, even between namesakes. */
export function emailAddress(first: string, last: string, index: number, rng: Random): string {
  return `${asciiSlug(first)}.${asciiSlug(last)}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`;
}

/**
 * An E.164 number of the plan, distinct for every index below 10^freeDigits: the free digits are the index
 * times a multiplier coprime with 10 (a permutation of the range) shifted by a per-seed offset.
 */
export function phoneNumber(plan: PhonePlan, index: number, seedOffset: number): string {
  const range = 10 ** plan.freeDigits;
  const value = (index * 7_919 + seedOffset) % range;
  return `${plan.prefix}${String(value).padStart(plan.freeDigits, '0')}`;
}

/** The canonical spelling ingestion stores: platform and handle lower case, no leading `@`. */
export function socialAccount(first: string, last: string, index: number, rng: Random): { platform: string; handle: string } {
  const style = rng.int(0, 2);
  const base = style === 0 ? `${asciiSlug(first)}${asciiSlug(last)}` : style === 1 ? `${asciiSlug(first)}_${asciiSlug(last)}` : `${asciiSlug(last)}.${asciiSlug(first)}`;
  return { platform: rng.pick(SOCIAL_PLATFORMS), handle: `${base}${index + 1}` };
}
