import type { CustomerRef } from '@csp/contracts';
import type { SimLocale } from './locales';

export type CustomerTier = 'standard' | 'gold' | 'vip';

/**
 * One simulated customer with every identifier any connector could know. Identifiers are already in their
 * normalised spelling (lower-case email, E.164 phone, canonical social handle), so `customerIdFor` of what a
 * generator sends equals the id ingestion derives.
 */
export interface SimCustomer {
  /** Position in the population; customer `i` is the same person whatever the population's size. */
  index: number;
  firstName: string;
  name: string;
  email: string;
  phone?: string;
  /** The shop's customer number. */
  externalId: string;
  /** The website's cookie id. */
  anonymousId: string;
  social?: { platform: string; handle: string };
  tier: CustomerTier;
  /** YYYY-MM-DD */
  birthday: string;
  locale: SimLocale;
  company?: string;
  /** How busy this customer is relative to an average one (sessions, orders, issues scale with it). */
  activity: number;
}

export type IdentifierKind = 'email' | 'phone' | 'externalId' | 'social' | 'anonymousId' | 'name';

/**
 * The `customer` a connector sends: only the identifiers that connector knows (the shop knows the customer
 * number and email, the phone system the caller's number, ...). Missing identifiers are skipped; when none of
 * the asked-for identifiers exists, the email is used, so the reference is never empty.
 */
export function customerRef(customer: SimCustomer, ...kinds: IdentifierKind[]): CustomerRef {
  const ref: CustomerRef = {};
  for (const kind of kinds) {
    if (kind === 'social') {
      if (customer.social) ref.social = { ...customer.social };
    } else if (customer[kind] !== undefined) {
      ref[kind] = customer[kind];
    }
  }
  const identified = ref.email ?? ref.phone ?? ref.externalId ?? ref.social ?? ref.anonymousId;
  return identified === undefined ? { ...ref, email: customer.email } : ref;
}
