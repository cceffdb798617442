import { Type } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import { ActorSchema, DateTime, Str, StrList, StringEnum, TicketPriority, Uuid } from './common.schema';
import { ticketEvent } from './event-factories';

/** Routing and assignment integration events of tickets (owner ticketing, stream `ticket-<ticketId>`). */

export const TicketRouted = ticketEvent(
  'cs.ticket.routed.v1',
  'Routing rules classified the ticket and chose its team (first matching rule wins).',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    teamId: Str(100),
    category: Str(100),
    priority: TicketPriority(),
    requiredSkills: StrList(20, 100),
    ruleId: Type.Optional(Str(100, { description: 'the matched rule; absent when the default route applied' })),
    rulesVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'version of the routing-rules document' })),
    at: DateTime(),
  },
);
export type TicketRoutedData = EventData<typeof TicketRouted>;

export const ASSIGNMENT_STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skills'] as const;

export const TicketAssigned = ticketEvent(
  'cs.ticket.assigned.v1',
  'The ticket got an assignee, by a person (manual) or by an assignment strategy.',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    agentId: Str(100),
    teamId: Str(100),
    strategy: StringEnum(ASSIGNMENT_STRATEGIES),
    previousAgentId: Type.Optional(Str(100)),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketAssignedData = EventData<typeof TicketAssigned>;

export const TicketUnassigned = ticketEvent(
  'cs.ticket.unassigned.v1',
  "The ticket has no assignee and waits in its team's queue (never assigned yet, or taken away from an agent).",
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    teamId: Str(100),
    reason: StringEnum(['no_agent_available', 'agent_unavailable', 'manual', 'time_rule', 'team_changed'] as const),
    previousAgentId: Type.Optional(Str(100, { description: 'absent when the ticket was queued straight after routing' })),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketUnassignedData = EventData<typeof TicketUnassigned>;

export const TicketPriorityChanged = ticketEvent(
  'cs.ticket.priority-changed.v1',
  'The priority changed, by a person, a routing rule, a time rule or an SLA escalation.',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    from: TicketPriority(),
    to: TicketPriority(),
    reason: StringEnum(['manual', 'routing', 'time_rule', 'sla_escalation'] as const),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketPriorityChangedData = EventData<typeof TicketPriorityChanged>;
