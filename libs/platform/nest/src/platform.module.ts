import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { PLATFORM_OPTIONS, type PlatformModuleOptions } from './platform.options';

/**
 * What every service has: `/health/live`, `/health/ready`, `/metrics`, the global auth guard and the global
 * problem+json filter. Import once in the root module; it is global, so `HealthRegistry`, `MetricsService` and
 * `SERVICE_CONFIG` can be injected anywhere. Needs `SERVICE_CONFIG`, which `bootstrapService`/`createTestApp` provide.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: HealthRegistry, useFactory: () => new HealthRegistry() },
        MetricsService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [PLATFORM_OPTIONS, HealthRegistry, MetricsService],
    };
  }
}
