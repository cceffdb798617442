import { customerIdFor, type CustomerRef } from '@csp/contracts';
import type { TableRow } from '@csp/clickhouse';
import type { DeliveredEvent } from '@csp/message-bus';

interface InteractionData {
  customer?: CustomerRef;
  channel?: string;
  orderId?: string;
  amount?: number;
  value?: number;
  currency?: string;
  url?: string;
  productId?: string;
  campaignId?: string;
  action?: string;
  cartId?: string;
  kind?: string;
  score?: number;
  ticketId?: string;
  surveyId?: string;
  traits?: { tier?: string };
}

/** Channel of an interaction that is not a written message: calls are phone, mentions social. */
const IMPLIED_CHANNEL: Record<string, string> = { 'cs.call.completed.v1': 'phone', 'cs.social.mentioned.v1': 'social' };

/**
 * Rows for a connector event of cs.interactions.v1: one `interactions` row for every event, plus a
 * `survey_answers` row for answers and a `customer_tiers` row when an identify call carries a tier.
 * The time is the CloudEvents `time` (when it happened), so a late event lands in its own bucket.
 */
export function interactionEventRows(event: DeliveredEvent): TableRow[] {
  const d = event.data as InteractionData;
  const customerId = customerOf(d.customer);
  const at = event.time || event.recordedAt || '';
  if (!at) return [];
  const rows: TableRow[] = [{
    table: 'interactions',
    row: {
      event_id: event.id, type: event.type, customer_id: customerId, channel: d.channel ?? IMPLIED_CHANNEL[event.type] ?? '', at,
      order_id: d.orderId ?? d.cartId ?? '', amount: d.amount ?? d.value ?? null, currency: d.currency ?? '', url: d.url ?? '',
      product_id: d.productId ?? '', campaign_id: d.campaignId ?? '', action: d.action ?? '',
    },
  }];
  if (event.type === 'cs.survey.answered.v1' && d.kind && typeof d.score === 'number') {
    rows.push({
      table: 'survey_answers',
      row: { event_id: event.id, customer_id: customerId, kind: d.kind, score: d.score, ticket_id: d.ticketId ?? '', survey_id: d.surveyId ?? '', at },
    });
  }
  if (event.type === 'cs.customer.identified.v1' && d.traits?.tier && customerId) {
    rows.push({ table: 'customer_tiers', row: { customer_id: customerId, tier: d.traits.tier, at, event_id: event.id } });
  }
  return rows;
}

function customerOf(ref: CustomerRef | undefined): string {
  try {
    return ref ? customerIdFor(ref) : '';
  } catch {
    // A reference without identifiers cannot pass ingestion's validation; keep the fact, without a customer.
    return '';
  }
}
