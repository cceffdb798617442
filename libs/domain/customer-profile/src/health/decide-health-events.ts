import type { ChurnRiskClearedData, ChurnRiskRaisedData, CustomerHealthChangedData } from '@csp/contracts';
import type { HealthAssessment } from './assess-health';
import { DEFAULT_HEALTH_MODEL, type ChurnRiskLevel, type HealthModelConfig } from './health-model.config';

export type HealthEvent =
  | { type: 'cs.customer.health-changed.v1'; data: CustomerHealthChangedData }
  | { type: 'cs.churn-risk.raised.v1'; data: ChurnRiskRaisedData }
  | { type: 'cs.churn-risk.cleared.v1'; data: ChurnRiskClearedData };

type Assessed = Pick<HealthAssessment, 'score' | 'churnRisk' | 'reasons'>;

const RANK: Record<ChurnRiskLevel, number> = { low: 0, medium: 1, high: 2 };
/** Contract limits of `reasons`: at most 20, each at most 200 characters. */
const reasonsOf = (reasons: readonly string[]) => reasons.slice(0, 20).map((r) => (r.length > 200 ? `${r.slice(0, 199)}…` : r));

/**
 * The contract events a new assessment calls for. health-changed when the score moved by at least
 * `eventScoreDelta` or the risk changed (small wobbles stay quiet); churn-risk raised when the risk went up
 * (low -> medium -> high), cleared when it fell back to low. A customer without a previous assessment counts
 * as healthy (100, low), so a new customer who starts at risk raises it at once.
 */
export function decideHealthEvents(
  customerId: string,
  previous: Assessed | null,
  next: Assessed,
  now: Date | number,
  config: HealthModelConfig = DEFAULT_HEALTH_MODEL,
): HealthEvent[] {
  const before: Assessed = previous ?? { score: 100, churnRisk: 'low', reasons: [] };
  const at = new Date(Number(now)).toISOString();
  const events: HealthEvent[] = [];
  const riskChanged = before.churnRisk !== next.churnRisk;
  if (riskChanged || Math.abs(next.score - before.score) >= config.eventScoreDelta) {
    const data: CustomerHealthChangedData = { customerId, score: next.score, churnRisk: next.churnRisk, reasons: reasonsOf(next.reasons), at };
    if (previous) data.previousScore = previous.score;
    events.push({ type: 'cs.customer.health-changed.v1', data });
  }
  if (next.churnRisk !== 'low' && RANK[next.churnRisk] > RANK[before.churnRisk]) {
    events.push({ type: 'cs.churn-risk.raised.v1', data: { customerId, churnRisk: next.churnRisk, previous: before.churnRisk, reasons: reasonsOf(next.reasons), at } });
  }
  if (next.churnRisk === 'low' && before.churnRisk !== 'low') {
    const reasons = [`Health score recovered from ${before.score} to ${next.score}`, ...next.reasons];
    events.push({ type: 'cs.churn-risk.cleared.v1', data: { customerId, previous: before.churnRisk, reasons: reasonsOf(reasons), at } });
  }
  return events;
}
