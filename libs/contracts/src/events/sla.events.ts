import { Type } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import { DateTime, Str, SlaTarget, Uuid } from './common.schema';
import { ticketEvent } from './event-factories';

/**
 * SLA clock events (owner ticketing, stream `ticket-<ticketId>`): one clock per ticket and target. Minutes are
 * business minutes of the policy's calendar, so analytics never has to recompute calendars.
 */

const clock = {
  ticketId: Uuid(),
  customerId: Uuid(),
  target: SlaTarget(),
  policyId: Str(100),
};
/** Business minutes the clock has run so far (pauses excluded). */
const elapsed = () => Type.Integer({ minimum: 0, description: 'business minutes elapsed on this clock, pauses excluded' });
/** Who was responsible when it happened, for SLA attainment per agent and team. */
const owners = { agentId: Type.Optional(Str(100)), teamId: Type.Optional(Str(100)) };

export const SlaActivated = ticketEvent('cs.sla.activated.v1', 'An SLA clock started for a target of the ticket.', {
  ...clock,
  targetMinutes: Type.Integer({ minimum: 1, description: 'the target, in business minutes' }),
  calendarId: Type.Optional(Str(100)),
  dueAt: DateTime(),
  at: DateTime(),
});
export type SlaActivatedData = EventData<typeof SlaActivated>;

export const SlaPaused = ticketEvent('cs.sla.paused.v1', 'The clock stopped while the ticket waits (e.g. pending on the customer).', {
  ...clock,
  businessMinutes: elapsed(),
  at: DateTime(),
});
export type SlaPausedData = EventData<typeof SlaPaused>;

export const SlaResumed = ticketEvent('cs.sla.resumed.v1', 'A paused clock runs again, with a new due time.', {
  ...clock,
  dueAt: DateTime({ description: 'the new due time, shifted by the pause' }),
  businessMinutes: elapsed(),
  at: DateTime(),
});
export type SlaResumedData = EventData<typeof SlaResumed>;

export const SlaWarned = ticketEvent('cs.sla.warned.v1', 'The target will be breached soon; the assignee and their lead are warned.', {
  ...clock,
  dueAt: DateTime(),
  businessMinutesLeft: Type.Integer({ minimum: 0 }),
  ...owners,
  at: DateTime(),
});
export type SlaWarnedData = EventData<typeof SlaWarned>;

export const SlaAchieved = ticketEvent('cs.sla.achieved.v1', 'The target was met before its due time; the clock stops.', {
  ...clock,
  dueAt: DateTime(),
  businessMinutes: elapsed(),
  ...owners,
  at: DateTime(),
});
export type SlaAchievedData = EventData<typeof SlaAchieved>;

export const SlaBreached = ticketEvent('cs.sla.breached.v1', 'The due time passed without the target being met; escalates.', {
  ...clock,
  dueAt: DateTime(),
  businessMinutes: elapsed(),
  ...owners,
  at: DateTime(),
});
export type SlaBreachedData = EventData<typeof SlaBreached>;
