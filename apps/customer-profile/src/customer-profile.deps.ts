import type { PlatformRuntime } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

export interface CustomerProfileDeps {
  runtime: PlatformRuntime;
  dataSource: DataSource;
}

export const CUSTOMER_PROFILE_DEPS = Symbol('CUSTOMER_PROFILE_DEPS');
