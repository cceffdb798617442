import { type CustomerRef, normaliseEmail, normaliseHandle, normalisePhone, normalisePlatform, type ValidationIssue } from '@csp/contracts';

export interface NormalisedData {
  data: Record<string, unknown>;
  /** Identifiers that cannot be normalised (an unparseable phone), as JSON Pointers into the event. */
  errors: ValidationIssue[];
}

/**
 * Normalises the identifiers of an event's data before validation and storage, so one person maps to one
 * customer id: the `customer` reference (email lower-cased and trimmed, phone in E.164, social handle
 * canonical), and the account of a social mention (`platform`, `handle`). The input is not changed.
 */
export function normaliseIdentifiers(data: Record<string, unknown>): NormalisedData {
  const out = { ...data };
  const errors: ValidationIssue[] = [];
  if (isObject(out['customer'])) out['customer'] = normaliseCustomer(out['customer'] as CustomerRef, errors);
  if (typeof out['handle'] === 'string') out['handle'] = normaliseHandle(out['handle']);
  if (typeof out['platform'] === 'string') out['platform'] = normalisePlatform(out['platform']);
  return { data: out, errors };
}

function normaliseCustomer(ref: CustomerRef, errors: ValidationIssue[]): CustomerRef {
  const out: CustomerRef = { ...ref };
  if (typeof out.email === 'string') out.email = normaliseEmail(out.email);
  if (typeof out.phone === 'string') {
    const phone = normalisePhone(out.phone);
    if (phone) out.phone = phone;
    else errors.push({ path: '/data/customer/phone', message: 'is not a valid phone number in international format (e.g. +4930123456)' });
  }
  if (isObject(out.social) && typeof out.social.handle === 'string' && typeof out.social.platform === 'string') {
    out.social = { platform: normalisePlatform(out.social.platform), handle: normaliseHandle(out.social.handle) };
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
