import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * How identifiers are spelled once normalised, shared by every service that turns a caller's input into an
 * identifier (ingestion before storage, customer-profile's lookup): one person, one customer id.
 */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * E.164 (`+4930123456`), or `undefined` when the text is not a valid phone number. International format only
 * (a leading `+` or `00`): a connector knows its customers' countries, we do not.
 */
export function normalisePhone(phone: string): string | undefined {
  const text = phone.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isValid() ? parsed.number : undefined;
}

export const normaliseHandle = (handle: string): string => handle.trim().replace(/^@/, '').toLowerCase();

export const normalisePlatform = (platform: string): string => platform.trim().toLowerCase();
