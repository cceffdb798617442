import type { AnalyticsStore } from '@csp/clickhouse';
import { createTestApp, issueToken, PlatformModule, TEST_JWT_SECRET } from '@csp/platform-nest';
import { Module } from '@nestjs/common';
import { ANALYTICS_DEPS, type KpiRequest, KpisController } from '../replay/analytics/analytics-app';

@Module({})
class KpiBenchModule {}

export interface KpiHttp {
  /** GET /v1/kpis/<metric>?<the request as a query string>, through the real controller, guard and pipes. */
  get(request: KpiRequest): Promise<void>;
  close(): Promise<void>;
}

/**
 * The KPI controller in a Nest app over the bench's store, driven by Fastify's inject (the whole HTTP pipeline
 * in process, no socket: a socket would add the same loopback cost to every metric and hide nothing of ours).
 */
export async function openKpiHttp(store: AnalyticsStore): Promise<KpiHttp> {
  const app = await createTestApp({
    module: KpiBenchModule,
    imports: [PlatformModule.forRoot({ serviceName: 'analytics', version: 'bench' })],
    controllers: [KpisController],
    providers: [{ provide: ANALYTICS_DEPS, useValue: { analytics: store } }],
  });
  const token = await issueToken(TEST_JWT_SECRET, { subject: 'bench', roles: ['analyst'], issuer: 'csp', expiresIn: '2h' });
  return {
    async get(request) {
      const res = await app.inject({ method: 'GET', url: `/v1/kpis/${request.metric}?${queryString(request)}`, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`GET /v1/kpis/${request.metric} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    },
    close: () => app.close(),
  };
}

export function queryString(r: KpiRequest): string {
  const q = new URLSearchParams({ from: r.from.toISOString(), to: r.to.toISOString(), stat: r.stat, resolution: r.resolution });
  if (r.interval) q.set('interval', r.interval);
  if (r.groupBy) q.set('groupBy', r.groupBy);
  for (const [dimension, values] of Object.entries(r.filters)) if (values?.length) q.set(dimension, values.join(','));
  for (const [name, values] of Object.entries(r.extraFilters)) if (values.length) q.set(name, values.join(','));
  if (r.compare) {
    q.set('compareFrom', r.compare.from.toISOString());
    q.set('compareTo', r.compare.to.toISOString());
  }
  return q.toString();
}
