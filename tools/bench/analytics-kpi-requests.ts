import type { KpiMetric } from '@csp/analytics-domain';
import type { KpiRequest } from '../replay/analytics/analytics-app';

const DAY = 86_400_000;

/**
 * The request of run `run` for a metric: the shapes a dashboard sends, in turn (headline; by team for two
 * channels; by agent for high and urgent over a quarter; a daily series by channel; a comparison with the
 * previous period for two teams and one tier), each period ending a week earlier than the previous run's.
 */
export function kpiRequest(metric: KpiMetric, run: number, end: Date): KpiRequest {
  const to = new Date(end.getTime() - (run % 20) * 7 * DAY);
  const base: KpiRequest = { metric, from: new Date(to.getTime() - 30 * DAY), to, filters: {}, extraFilters: {}, stat: 'median', resolution: 'first' };
  switch (run % 5) {
    case 0:
      return base;
    case 1:
      return { ...base, groupBy: 'team', filters: { channel: ['email', 'chat'] } };
    case 2:
      return { ...base, from: new Date(to.getTime() - 91 * DAY), groupBy: 'agent', filters: { priority: ['high', 'urgent'] }, stat: 'p90' };
    case 3:
      return { ...base, interval: 'day', groupBy: 'channel' };
    default:
      return {
        ...base, filters: { team: ['team-1', 'team-2'], tier: ['gold'] },
        compare: { from: new Date(base.from.getTime() - 30 * DAY), to: base.from },
      };
  }
}

/** What the request asks, for the report. */
export function describeShape(run: number): string {
  return ['headline, 30 days', 'by team, channel in (email, chat)', 'by agent, priority in (high, urgent), 91 days, p90', 'daily series by channel', 'compare previous, team in (1, 2), tier gold'][run % 5];
}
