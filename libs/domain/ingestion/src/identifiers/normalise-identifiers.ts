import type { CustomerRef } from '@csp/contracts';

/**
 * Normalises identifiers before validation and storage so one person maps to one customer id: emails trimmed
 * and lower-cased, phones stripped of separators (full E.164 parsing with libphonenumber-js comes with the
 * ingestion issue), social handles without a leading '@' and lower-cased. Returns a new object.
 */
export function normaliseIdentifiers(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (isObject(out['customer'])) out['customer'] = normaliseCustomer(out['customer'] as CustomerRef);
  if (typeof out['handle'] === 'string') out['handle'] = normaliseHandle(out['handle']);
  return out;
}

function normaliseCustomer(ref: CustomerRef): CustomerRef {
  const out: CustomerRef = { ...ref };
  if (typeof out.email === 'string') out.email = out.email.trim().toLowerCase();
  if (typeof out.phone === 'string') out.phone = out.phone.replace(/[\s().-]/g, '');
  if (isObject(out.social) && typeof out.social.handle === 'string' && typeof out.social.platform === 'string') {
    out.social = { platform: out.social.platform.trim().toLowerCase(), handle: normaliseHandle(out.social.handle) };
  }
  return out;
}

function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
