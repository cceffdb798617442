import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '@csp/customer-profile-domain';

const list = (text = '') => text.split(',').map((v) => v.trim()).filter(Boolean);

/**
 * The identity configuration from the service's settings (`IDENTITY_BLOCKLIST`, `IDENTITY_BLOCKED_EMAIL_DOMAINS`:
 * comma-separated, added to the built-in lists; `IDENTITY_MAX_PER_KIND`). The service and its replay build it
 * the same way, so a rebuild decides identities as the running service does.
 */
export function identityConfigFrom(settings: { blocklist?: string; blockedEmailDomains?: string; maxPerKind: number }): IdentityConfig {
  return {
    blocklist: [...DEFAULT_IDENTITY_CONFIG.blocklist, ...list(settings.blocklist)],
    blockedEmailDomains: [...DEFAULT_IDENTITY_CONFIG.blockedEmailDomains, ...list(settings.blockedEmailDomains)],
    maxPerKind: settings.maxPerKind,
  };
}
