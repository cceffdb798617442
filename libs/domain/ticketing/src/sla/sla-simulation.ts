import type { BusinessCalendar } from '@csp/business-calendar';
import type { SlaPoliciesDocument, SlaTarget } from '../documents/sla-policies.document';
import type { TicketEvent } from '../ticket/ticket.events';
import { selectSlaPolicy } from './sla-policy.select';
import type { SlaEvent } from './sla.events';
import { type SlaContext, slaOnDeadline, slaOnTicketEvent } from './sla.react';
import { evolveSla, type SlaClocks } from './sla.state';

export interface SlaOutcomeCounts {
  achieved: number;
  breached: number;
  /** achieved / (achieved + breached); null when nothing was decided. */
  compliance: number | null;
}

export type SlaOutcomes = Record<SlaTarget | 'all', SlaOutcomeCounts>;

/** One ticket's lifecycle as it happened, with what the policy conditions look at. */
export interface SimulatedTicket {
  ticketId: string;
  customerId: string;
  openedAt: string;
  tier?: string;
  events: TicketEvent[];
}

/**
 * Replays real tickets under candidate SLA policies: their lifecycle events in order, with every clock
 * breached at its due time when no event stopped it first (as the scheduler would have), up to `until`.
 * Pure: the same tickets and policies always give the same numbers, and nothing live is touched.
 */
export function simulateSla(
  tickets: readonly SimulatedTicket[],
  policies: SlaPoliciesDocument,
  calendarOf: (calendarId: string | undefined) => BusinessCalendar,
  until: Date,
): SlaOutcomes {
  const outcomes = emptySlaOutcomes();
  for (const ticket of tickets) {
    let clocks: SlaClocks = {};
    let facts = { priority: 'normal', channel: '', category: undefined as string | undefined, teamId: undefined as string | undefined, assigneeId: undefined as string | undefined };
    let policy: ReturnType<typeof selectSlaPolicy>;
    const ctx = (now: Date): SlaContext => ({
      ticket: { ticketId: ticket.ticketId, customerId: ticket.customerId, openedAt: ticket.openedAt, assigneeId: facts.assigneeId, teamId: facts.teamId },
      clocks, policy, calendar: calendarOf(policy?.calendarId), now,
    });
    const record = (events: SlaEvent[]) => {
      for (const e of events) {
        clocks = evolveSla(clocks, e);
        if (e.type === 'cs.sla.achieved.v1' || e.type === 'cs.sla.breached.v1') countSlaOutcome(outcomes, e.data.target, e.type === 'cs.sla.achieved.v1');
      }
    };
    const breachDue = (before: Date) => {
      for (const clock of Object.values(clocks)) {
        if (clock?.state === 'active' && clock.dueAt && Date.parse(clock.dueAt) <= before.getTime()) record(slaOnDeadline(ctx(new Date(clock.dueAt)), clock.target, 'breach'));
      }
    };
    for (const event of ticket.events) {
      const at = new Date('at' in event.data ? event.data.at : event.data.openedAt);
      breachDue(at);
      if (event.type === 'cs.ticket.opened.v1') facts = { ...facts, priority: event.data.priority, channel: event.data.channel, category: event.data.category, teamId: event.data.teamId };
      if (event.type === 'cs.ticket.routed.v1') {
        facts = { ...facts, priority: event.data.priority, category: event.data.category, teamId: event.data.teamId };
        policy ??= selectSlaPolicy(policies, { ...facts, tier: ticket.tier });
      }
      if (event.type === 'cs.ticket.assigned.v1') facts = { ...facts, assigneeId: event.data.agentId };
      record(slaOnTicketEvent(ctx(at), event));
    }
    breachDue(until);
  }
  return outcomes;
}

export function emptySlaOutcomes(): SlaOutcomes {
  const zero = (): SlaOutcomeCounts => ({ achieved: 0, breached: 0, compliance: null });
  return { first_response: zero(), next_response: zero(), resolution: zero(), all: zero() };
}

/** Adds one decided target (achieved or breached) to the counts and their compliance. */
export function countSlaOutcome(outcomes: SlaOutcomes, target: SlaTarget, achieved: boolean): void {
  for (const key of [target, 'all'] as const) {
    const c = outcomes[key];
    if (achieved) c.achieved++;
    else c.breached++;
    c.compliance = c.achieved / (c.achieved + c.breached);
  }
}
