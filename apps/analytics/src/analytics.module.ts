import { deadLetterTopicFor } from '@csp/contracts';
import { PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { type DynamicModule, Module } from '@nestjs/common';
import { ANALYTICS_DEPS, type AnalyticsDeps } from './analytics.deps';
import { AnalyticsFactsWorker } from './projection/analytics-facts.worker';
import { KpisController } from './kpis/kpis.controller';

export const SERVICE_NAME = 'analytics';
export const VERSION = '0.1.0';

@Module({})
export class AnalyticsModule {
  static forRoot(deps: AnalyticsDeps): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION })],
      controllers: [KpisController],
      providers: [
        { provide: ANALYTICS_DEPS, useValue: deps },
        ...workerHostProviders(
          [new AnalyticsFactsWorker(deps.runtime.bus, deps.analytics, deadLetterTopicFor(SERVICE_NAME))],
          [
            deps.runtime,
            { name: 'clickhouse', ping: () => deps.analytics.ping(), close: () => deps.analytics.close() },
            // Resources close in reverse order: the endpoint before the store it queries.
            ...(deps.analystSql ? [{ name: 'analyst-sql', close: () => deps.analystSql?.close() ?? Promise.resolve() }] : []),
          ],
        ),
      ],
    };
  }
}
