import type { IdentityConfig } from '@csp/customer-profile-domain';
import type { PlatformRuntime } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

export interface CustomerProfileDeps {
  runtime: PlatformRuntime;
  dataSource: DataSource;
  /** Blocklist and limits of identity resolution (default DEFAULT_IDENTITY_CONFIG). */
  identity?: IdentityConfig;
}

export const CUSTOMER_PROFILE_DEPS = Symbol('CUSTOMER_PROFILE_DEPS');
