import type { IdentityConfig } from '@csp/customer-profile-domain';
import type { PlatformRuntime } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

export interface CustomerProfileDeps {
  runtime: PlatformRuntime;
  dataSource: DataSource;
  /** Blocklist and limits of identity resolution (default DEFAULT_IDENTITY_CONFIG). */
  identity?: IdentityConfig;
  care?: {
    /** The time health and segments are judged at and birthdays planned from (tests move it). */
    clock?: () => Date;
    /** Where risk alerts go (`CUSTOMER_SUCCESS_LEAD_EMAIL`); no alerts without it. */
    leadEmail?: string;
  };
}

export const CUSTOMER_PROFILE_DEPS = Symbol('CUSTOMER_PROFILE_DEPS');
