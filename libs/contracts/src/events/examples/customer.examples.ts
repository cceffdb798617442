import { ProfileConfigChanged } from '../config.events';
import {
  ChurnRiskCleared, ChurnRiskRaised, CustomerErased, CustomerHealthChanged, CustomerIdentityLinked, CustomersMerged,
  CustomersUnmerged, CustomerTagsChanged, CustomerTierChanged, SegmentEntered, SegmentLeft,
} from '../customer.events';
import { OutboundDeliveryRecorded, OutboundRequested } from '../outbound.events';
import {
  ADMIN, AGENT, EVENT_ID, JANE, JANE_DUPLICATE_ID, JANE_ID, OUTBOUND_ID, SURVEY_ID, SYSTEM, TICKET_ID, example,
} from './example';

const profile = { kind: 'system', id: 'customer-profile' } as const;
const at = '2025-03-14T15:05:00Z';

/** Realistic `data` of every outbound and customer-profile integration event. */
export const CUSTOMER_EXAMPLES: ReadonlyArray<[string, unknown]> = [
  example(OutboundRequested, {
    messageId: OUTBOUND_ID,
    kind: 'survey_invitation',
    channel: 'email',
    to: JANE.email,
    customerId: JANE_ID,
    ticketId: TICKET_ID,
    subject: 'How did we do? (#1042)',
    body: 'Hi Jane, your request #1042 is solved. Would you rate our help? https://survey.example.com/s/9b7c5d3e',
    surveyId: SURVEY_ID,
    at: '2025-03-14T15:02:00.120Z',
  }),
  example(OutboundDeliveryRecorded, {
    messageId: OUTBOUND_ID,
    status: 'failed',
    attempt: 1,
    error: 'SMTP 451 4.7.1 greylisted, try again later',
    customerId: JANE_ID,
    ticketId: TICKET_ID,
    at: '2025-03-14T15:02:01Z',
  }),
  example(CustomerIdentityLinked, {
    customerId: JANE_ID,
    identity: { kind: 'phone', value: JANE.phone },
    verified: true,
    sourceEventId: EVENT_ID,
    at,
  }),
  example(CustomersMerged, {
    survivorId: JANE_ID,
    mergedId: JANE_DUPLICATE_ID,
    mode: 'automatic',
    reason: 'same verified phone number',
    sharedIdentity: { kind: 'phone', value: JANE.phone },
    actor: profile,
    at,
  }),
  example(CustomersUnmerged, {
    survivorId: JANE_ID,
    mergedId: JANE_DUPLICATE_ID,
    reason: 'shared family phone, two different people',
    actor: AGENT,
    at: '2025-03-16T10:00:00Z',
  }),
  example(CustomerTierChanged, { customerId: JANE_ID, from: 'standard', to: 'gold', reason: 'lifetime value above 1000 EUR', at }),
  example(CustomerTagsChanged, {
    customerId: JANE_ID,
    added: ['coffee-enthusiast'],
    removed: ['prospect'],
    tags: ['coffee-enthusiast', 'newsletter'],
    actor: AGENT,
    at,
  }),
  example(SegmentEntered, { customerId: JANE_ID, segmentId: 'recent-complainers', at }),
  example(SegmentLeft, { customerId: JANE_ID, segmentId: 'new-customers', at }),
  example(CustomerHealthChanged, {
    customerId: JANE_ID,
    score: 48,
    previousScore: 72,
    churnRisk: 'medium',
    reasons: ['SLA breached on ticket #1042', 'negative social mention'],
    at,
  }),
  example(ChurnRiskRaised, { customerId: JANE_ID, churnRisk: 'medium', previous: 'low', reasons: ['SLA breached on ticket #1042'], at }),
  example(ChurnRiskCleared, { customerId: JANE_ID, previous: 'medium', reasons: ['CSAT 5 on ticket #1042'], at: '2025-03-20T09:00:00Z' }),
  example(CustomerErased, { customerId: JANE_ID, alsoErasedIds: [JANE_DUPLICATE_ID], actor: ADMIN, at: '2025-06-01T12:00:00Z' }),
  example(ProfileConfigChanged, {
    kind: 'segments',
    version: 2,
    document: {
      segments: [{ id: 'recent-complainers', name: 'Complained in the last 30 days', rule: { complaintsInDays: { days: 30, min: 1 } } }],
    },
    actor: SYSTEM,
    at: '2025-03-01T08:00:00Z',
  }),
];
