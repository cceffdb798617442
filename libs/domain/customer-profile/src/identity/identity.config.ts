import type { Identity } from '@csp/contracts';

/**
 * Limits that keep identity resolution from gluing the world together: values nobody really owns are never
 * identifiers, and an identifier seen with several owners is shared (it stays on each customer, merges none).
 */
export interface IdentityConfig {
  /** Values (any kind, compared lower-case) or `kind:value` pairs that never identify anybody. */
  blocklist: readonly string[];
  /** Email domains whose addresses are never identifiers (e.g. a disposable-mail service). */
  blockedEmailDomains: readonly string[];
  /** An identifier seen with more distinct identifiers of one other kind than this is shared. */
  maxPerKind: number;
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  blocklist: ['test@test.com', 'noreply@noreply.com', 'no-reply@example.com', 'none', 'null', 'undefined', 'n/a', 'unknown', 'anonymous', '0000', '+10000000000'],
  // Empty by default: the simulator and demos use example.com addresses as real customers' ones.
  blockedEmailDomains: [],
  maxPerKind: 3,
};

export const identityKey = (identity: Identity): string => `${identity.kind}:${identity.value}`;

/** Junk values (`test@test.com`, `0000`, digit runs like `+11111111111`) that connectors send for "unknown". */
export function isBlocked(identity: Identity, config: IdentityConfig): boolean {
  const value = identity.value.toLowerCase();
  const listed = config.blocklist.map((v) => v.toLowerCase());
  if (listed.includes(value) || listed.includes(`${identity.kind}:${value}`.toLowerCase())) return true;
  if (identity.kind === 'email' && config.blockedEmailDomains.includes(value.slice(value.lastIndexOf('@') + 1))) return true;
  if (identity.kind === 'phone' && /^\+?(\d)\1+$/.test(value)) return true;
  return false;
}
