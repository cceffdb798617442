import type { SlaAchievedData, SlaActivatedData, SlaBreachedData, SlaPausedData, SlaResumedData, SlaWarnedData } from '@csp/contracts';

/** SLA clock events, stored in the ticket's stream beside its lifecycle events. */
export type SlaEvent =
  | { type: 'cs.sla.activated.v1'; data: SlaActivatedData }
  | { type: 'cs.sla.paused.v1'; data: SlaPausedData }
  | { type: 'cs.sla.resumed.v1'; data: SlaResumedData }
  | { type: 'cs.sla.warned.v1'; data: SlaWarnedData }
  | { type: 'cs.sla.achieved.v1'; data: SlaAchievedData }
  | { type: 'cs.sla.breached.v1'; data: SlaBreachedData };

export const SLA_EVENT_TYPES: readonly SlaEvent['type'][] = [
  'cs.sla.activated.v1', 'cs.sla.paused.v1', 'cs.sla.resumed.v1', 'cs.sla.warned.v1', 'cs.sla.achieved.v1', 'cs.sla.breached.v1',
];
