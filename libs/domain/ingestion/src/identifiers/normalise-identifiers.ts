import { type CustomerRef, normaliseEmail, normaliseHandle, normalisePhone, normalisePlatform } from '@csp/contracts';

/**
 * Normalises the identifiers of an event's data before validation and storage, so one person maps to one
 * customer id: the `customer` reference, and the account of a social mention (`platform`, `handle`).
 * Returns a new object; the input is not changed.
 */
export function normaliseIdentifiers(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (isObject(out['customer'])) out['customer'] = normaliseCustomer(out['customer'] as CustomerRef);
  if (typeof out['handle'] === 'string') out['handle'] = normaliseHandle(out['handle']);
  if (typeof out['platform'] === 'string') out['platform'] = normalisePlatform(out['platform']);
  return out;
}

function normaliseCustomer(ref: CustomerRef): CustomerRef {
  const out: CustomerRef = { ...ref };
  if (typeof out.email === 'string') out.email = normaliseEmail(out.email);
  if (typeof out.phone === 'string') out.phone = normalisePhone(out.phone);
  if (isObject(out.social) && typeof out.social.handle === 'string' && typeof out.social.platform === 'string') {
    out.social = { platform: normalisePlatform(out.social.platform), handle: normaliseHandle(out.social.handle) };
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
