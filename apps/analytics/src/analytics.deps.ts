import type { AnalyticsStore } from '@csp/clickhouse';
import type { PlatformRuntime } from '@csp/platform-nest';

export interface AnalyticsDeps {
  runtime: PlatformRuntime;
  analytics: AnalyticsStore;
  /** The analysts' SQL endpoint, when enabled (closed before the store). */
  analystSql?: { close(): Promise<void> };
}

export const ANALYTICS_DEPS = Symbol('ANALYTICS_DEPS');
