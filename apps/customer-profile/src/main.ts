import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import { BaseServiceConfig, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { identityConfigFrom } from './config/identity-config';
import { CustomerProfileModule, PROFILE_ENTITIES, PROFILE_MIGRATIONS, PROFILE_RELAY_ROUTES, SERVICE_NAME, VERSION } from './customer-profile.module';

const CustomerProfileConfig = Type.Object({
  ...BaseServiceConfig.properties,
  PORT: Port(3003),
  IDENTITY_BLOCKLIST: Type.String({ default: '', description: 'extra values that never identify anybody, comma-separated (`kind:value` or a bare value)' }),
  IDENTITY_BLOCKED_EMAIL_DOMAINS: Type.String({ default: '', description: 'extra email domains that never identify anybody, comma-separated' }),
  CUSTOMER_SUCCESS_LEAD_EMAIL: Type.String({ default: '', description: 'where risk alerts go when a churn risk rises to high (none sent when empty)' }),
  IDENTITY_MAX_PER_KIND: Type.Integer({ default: DEFAULT_IDENTITY_CONFIG.maxPerKind, minimum: 1, description: 'an identifier seen with more identifiers of one other kind is shared' }),
});

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The 360-degree view of every customer: identities, orders, tickets, satisfaction, behaviour.',
  configSchema: CustomerProfileConfig,
  open: (config) =>
    openServiceResources({
      serviceName: SERVICE_NAME, config, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS, relayRoutes: PROFILE_RELAY_ROUTES,
    }),
  module: (deps, config) =>
    CustomerProfileModule.forRoot({
      ...deps,
      identity: identityConfigFrom({
        blocklist: config.IDENTITY_BLOCKLIST, blockedEmailDomains: config.IDENTITY_BLOCKED_EMAIL_DOMAINS, maxPerKind: config.IDENTITY_MAX_PER_KIND,
      }),
      care: { leadEmail: config.CUSTOMER_SUCCESS_LEAD_EMAIL || undefined },
    }),
});
