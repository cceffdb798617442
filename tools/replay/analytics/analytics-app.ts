/* eslint-disable @nx/enforce-module-boundaries -- the replay and bench:analytics must run the analytics
   service's own projection and KPI code, not a copy of it, and that code lives in the app. The clean fix is to
   move `projection/` and `kpis/` into a scope:analytics library (see docs/replay.md); until then this file is
   the one place tools reach into the app. */
export { ANALYTICS_TOPICS, AnalyticsFactsWorker } from '../../../apps/analytics/src/projection/analytics-facts.worker';
export { ticketingEventRows } from '../../../apps/analytics/src/projection/ticket-event.rows';
export { interactionEventRows } from '../../../apps/analytics/src/projection/interaction-event.rows';
export { customerEventRows } from '../../../apps/analytics/src/projection/customer-event.rows';
export { ANALYTICS_MIGRATIONS_DIR, migrateAnalytics } from '../../../apps/analytics/src/clickhouse/analytics-migrations';
export { queryKpi } from '../../../apps/analytics/src/kpis/kpi.query';
export { queryKpiRecords } from '../../../apps/analytics/src/kpis/kpi-records.query';
export { BACKLOG_CANDIDATES, kpiCtes, TICKETS_CREATED_IN_PERIOD, ticketStateSql } from '../../../apps/analytics/src/kpis/sql/ticket-facts.sql';
export { recomputeTicketsSql } from '../../../apps/analytics/src/projection/ticket-state.sql';
export { KpisController } from '../../../apps/analytics/src/kpis/kpis.controller';
export { ANALYTICS_DEPS } from '../../../apps/analytics/src/analytics.deps';
export type { KpiRequest, KpiResult } from '../../../apps/analytics/src/kpis/kpi-request';
