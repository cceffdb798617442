import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { PLATFORM_OPTIONS, type PlatformModuleOptions } from '../platform.options';

/** Where the Fastify request hooks (installed before Nest exists) find the MetricsService once it is built. */
export interface MetricsSink {
  metrics?: MetricsService;
}

export const METRICS_SINK = Symbol('METRICS_SINK');

/**
 * The service's Prometheus registry (one per app, never prom-client's global one, so several apps can live in one
 * test process). Register your own metrics on `registry`:
 * `new Counter({ name: 'tickets_opened_total', help: '...', registers: [metrics.registry] })`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Inject(PLATFORM_OPTIONS) options: PlatformModuleOptions, @Optional() @Inject(METRICS_SINK) sink?: MetricsSink) {
    if (sink) sink.metrics = this;
    this.registry.setDefaultLabels({ service: options.serviceName });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Records one finished request; `route` is the pattern (`/v1/tickets/:id`), never the raw URL. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpRequestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
