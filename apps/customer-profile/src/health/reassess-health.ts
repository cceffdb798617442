import { derivedId, type OutboundRequestedData } from '@csp/contracts';
import { assessHealth, type ChurnRiskLevel, decideHealthEvents, type HealthSignals } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';
import { requestCareMessage } from '../care/care-outbound';
import { ProfileEvents } from '../identity/profile-events';
import { storeHealth } from './health-writes';

/** The columns `reassessHealth` needs (`SELECT ${HEALTH_COLUMNS} FROM customers`). */
export interface HealthRow {
  id: string;
  name: string | null;
  health_signals: HealthSignals | null;
  health_score: number | null;
  churn_risk: ChurnRiskLevel | null;
  health_reasons: string[];
}
export const HEALTH_COLUMNS = 'id, name, health_signals, health_score, churn_risk, health_reasons';
/** What the care step reads of a customer after an event (health and the traits birthdays are planned from). */
export type CareRow = HealthRow & { traits: Record<string, unknown> };
export const CARE_COLUMNS = `${HEALTH_COLUMNS}, traits`;

export interface HealthContext {
  /** Where risk alerts go; none are sent without it. */
  leadEmail?: string;
}

/**
 * Assesses the customer at `now`, publishes what changed against the stored previous assessment (health changed,
 * churn risk raised or cleared; ids derived from the cause, so a redelivery or a re-fired daily job appends
 * nothing new), alerts the customer-success lead when the risk rose to high, and stores signals and assessment.
 * True when score or risk moved.
 */
export async function reassessHealth(
  manager: EntityManager, row: HealthRow, signals: HealthSignals, now: Date, cause: { id: string }, ctx: HealthContext,
): Promise<boolean> {
  const customerId = row.id;
  const previous = row.health_score === null || row.churn_risk === null ? null : { score: row.health_score, churnRisk: row.churn_risk, reasons: row.health_reasons };
  const next = assessHealth(signals, now);
  for (const event of decideHealthEvents(customerId, previous, next, now)) {
    const eventId = await ProfileEvents.announce(manager, customerId, event.type, event.type, event.data, cause.id);
    if (event.type === 'cs.churn-risk.raised.v1' && event.data.churnRisk === 'high' && ctx.leadEmail) {
      await requestCareMessage(manager, riskAlert(eventId, customerId, row.name, event.data.reasons, ctx.leadEmail, event.data.at));
    }
  }
  await storeHealth(manager, customerId, { health_signals: signals, health_score: next.score, churn_risk: next.churnRisk, health_reasons: next.reasons });
  return previous?.score !== next.score || previous.churnRisk !== next.churnRisk;
}

/** One alert per raise: the message id derives from the raise event's id. */
function riskAlert(raisedEventId: string, customerId: string, name: string | null, reasons: readonly string[], to: string, at: string): OutboundRequestedData {
  const who = name ?? `customer ${customerId}`;
  return {
    messageId: derivedId('risk-alert', raisedEventId), kind: 'risk_alert', channel: 'email', to, customerId,
    subject: `High churn risk: ${who}`.slice(0, 500),
    body: [`${who} is now at high churn risk.`, '', ...reasons.map((r) => `- ${r}`), '', `Profile: /v1/customers/${customerId}`].join('\n'),
    at,
  };
}
