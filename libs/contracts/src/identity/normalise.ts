/**
 * How identifiers are spelled once normalised, shared by every service that turns a caller's input into an
 * identifier (ingestion before storage, customer-profile's lookup): one person, one customer id.
 */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Separators removed; full E.164 parsing (libphonenumber-js) comes with the ingestion issue. */
export const normalisePhone = (phone: string): string => phone.replace(/[\s().-]/g, '');

export const normaliseHandle = (handle: string): string => handle.trim().replace(/^@/, '').toLowerCase();

export const normalisePlatform = (platform: string): string => platform.trim().toLowerCase();
