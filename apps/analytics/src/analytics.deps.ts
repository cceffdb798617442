import type { AnalyticsStore } from '@csp/clickhouse';
import type { PlatformRuntime } from '@csp/platform-nest';

export interface AnalyticsDeps {
  runtime: PlatformRuntime;
  analytics: AnalyticsStore;
}

export const ANALYTICS_DEPS = Symbol('ANALYTICS_DEPS');
