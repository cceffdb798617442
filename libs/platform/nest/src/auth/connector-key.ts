import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CONNECTOR_KEY_PREFIX = 'csk_';

/**
 * Looks a connector key up by its hash (provided by the ingestion app under `CONNECTOR_KEY_RESOLVER`); returns
 * undefined for an unknown or revoked key. Two keys of one connector may resolve during a rotation.
 */
export type ConnectorKeyResolver = (hash: string) => Promise<{ connectorId: string; scopes: readonly string[] } | undefined>;

export const CONNECTOR_KEY_RESOLVER = Symbol('CONNECTOR_KEY_RESOLVER');

/** A new key: `csk_` + 32 random bytes in base64url. Show it once; store only `hashConnectorKey(key)`. */
export function generateConnectorKey(): string {
  return CONNECTOR_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 hex of the key. A fast hash is right here: the key holds 256 random bits, so there is nothing to
 * brute-force, and a deterministic hash lets the resolver find the key with an index lookup.
 */
export function hashConnectorKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time check of a key against a stored hash (for resolvers that hold hashes in memory). */
export function connectorKeyMatches(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashConnectorKey(key), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export function isConnectorKey(token: string): boolean {
  return token.startsWith(CONNECTOR_KEY_PREFIX);
}
